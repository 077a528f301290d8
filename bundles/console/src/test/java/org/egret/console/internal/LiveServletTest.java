package org.egret.console.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.egret.api.packet.SourceProgress;
import org.egret.api.pipeline.PipelineState;
import org.egret.api.pipeline.PipelineStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /api/live}: SSE framing, events only on change, pings, the stream limit, age limit and disconnects. */
class LiveServletTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LiveServlet servlet = new LiveServlet();
    private final AtomicLong now = new AtomicLong(1_767_000_000_000L);
    private final List<PipelineStatus> pipelines = new CopyOnWriteArrayList<>();
    private final Map<String, Long> counters = new LinkedHashMap<>();

    /** A pipeline whose counters the test changes. */
    private final class Counting implements PipelineStatus {
        final String name;
        volatile PipelineState state = PipelineState.RUNNING;

        Counting(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public PipelineState state() {
            return state;
        }

        @Override
        public String failure() {
            return null;
        }

        @Override
        public Map<String, SourceProgress> sources() {
            return Map.of();
        }

        @Override
        public Map<String, Long> counters() {
            return Map.copyOf(counters);
        }
    }

    /** One client connection: the async context and the non-blocking output the servlet writes to. */
    static final class Client {
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        final Map<String, String> headers = new LinkedHashMap<>();
        final List<AsyncListener> listeners = new ArrayList<>();
        int status = 200;
        String contentType;
        boolean ready = true;
        boolean broken;
        boolean async;
        boolean completed;
        int flushes;
        WriteListener writeListener;

        final ServletOutputStream out = new ServletOutputStream() {
            @Override
            public boolean isReady() {
                return ready;
            }

            @Override
            public void setWriteListener(WriteListener l) {
                writeListener = l;
                if (ready) {
                    try {
                        l.onWritePossible();
                    } catch (IOException e) {
                        throw new AssertionError(e);
                    }
                }
            }

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (!ready) {
                    throw new IllegalStateException("write while not ready");
                }
                if (broken) {
                    throw new IOException("Broken pipe");
                }
                body.write(b, off, len);
            }

            @Override
            public void flush() throws IOException {
                if (broken) {
                    throw new IOException("Broken pipe");
                }
                flushes++;
            }
        };

        final AsyncContext context = (AsyncContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {AsyncContext.class}, (p, m, args) -> {
                    switch (m.getName()) {
                        case "addListener" -> listeners.add((AsyncListener) args[0]);
                        case "setTimeout" -> {
                        }
                        case "getRequest", "getResponse" -> {
                            return null;
                        }
                        case "complete" -> {
                            if (completed) {
                                throw new IllegalStateException("completed twice");
                            }
                            completed = true;
                            for (AsyncListener l : List.copyOf(listeners)) {
                                l.onComplete(new AsyncEvent((AsyncContext) p));
                            }
                        }
                        default -> throw new UnsupportedOperationException("async." + m.getName());
                    }
                    return null;
                });

        HttpServletRequest request(String method) {
            return (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {HttpServletRequest.class}, (p, m, args) -> switch (m.getName()) {
                        case "getMethod" -> method;
                        case "startAsync" -> {
                            async = true;
                            yield context;
                        }
                        default -> throw new UnsupportedOperationException("request." + m.getName());
                    });
        }

        HttpServletResponse response() {
            return (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {HttpServletResponse.class}, (p, m, args) -> {
                        switch (m.getName()) {
                            case "setStatus" -> status = (Integer) args[0];
                            case "setContentType" -> contentType = (String) args[0];
                            case "setHeader" -> headers.put((String) args[0], (String) args[1]);
                            case "getOutputStream" -> {
                                return out;
                            }
                            case "isCommitted" -> {
                                return false;
                            }
                            default -> throw new UnsupportedOperationException("response." + m.getName());
                        }
                        return null;
                    });
        }

        String text() {
            return body.toString(StandardCharsets.UTF_8);
        }

        /** The data of every {@code status} event, parsed. */
        List<JsonNode> statusEvents() throws IOException {
            List<JsonNode> out = new ArrayList<>();
            Matcher m = Pattern.compile("event: status\ndata: (.*)\n\n").matcher(text());
            while (m.find()) {
                out.add(JSON.readTree(m.group(1)));
            }
            return out;
        }

        /** Becomes writable again, as the container says through the listener. */
        void drainable() throws IOException {
            ready = true;
            writeListener.onWritePossible();
        }
    }

    @BeforeEach
    void start() throws Exception {
        Field f = LiveServlet.class.getDeclaredField("pipelines");
        f.setAccessible(true);
        f.set(servlet, pipelines);
        servlet.start(now::get, false);
        counters.put("wires_detected", 3L);
        counters.put("turns_in_progress", 1L);
        counters.put("flows_active", 2L);
        counters.put("turns_complete", 4L);
        counters.put("turns_incomplete", 1L);
        pipelines.add(new Counting("local"));
    }

    @AfterEach
    void stop() {
        servlet.deactivate();
    }

    private Client connect() throws Exception {
        Client c = new Client();
        servlet.service(c.request("GET"), c.response());
        return c;
    }

    @Test
    void streamStartsWithRetryAndTheCurrentStatus() throws Exception {
        Client c = connect();
        assertThat(c.async).isTrue();
        assertThat(c.status).isEqualTo(200);
        assertThat(c.contentType).isEqualTo("text/event-stream; charset=utf-8");
        assertThat(c.headers).containsEntry("Cache-Control", "no-store").containsEntry("X-Accel-Buffering", "no");
        assertThat(c.text()).startsWith("retry: 3000\n\nevent: status\ndata: {");
        assertThat(c.flushes).isPositive();
        List<JsonNode> events = c.statusEvents();
        assertThat(events).hasSize(1);
        JsonNode e = events.get(0);
        assertThat(e.get("ts").asLong()).isEqualTo(now.get());
        assertThat(e.get("calls_total").asLong()).isEqualTo(3);
        assertThat(e.get("turns_total").asLong()).isEqualTo(5);
        JsonNode p = e.get("pipelines").get(0);
        assertThat(p.get("name").asText()).isEqualTo("local");
        assertThat(p.get("running").asBoolean()).isTrue();
        assertThat(p.get("calls").asLong()).isEqualTo(3);
        assertThat(p.get("turns_open").asLong()).isEqualTo(1);
        assertThat(p.get("flows_active").asLong()).isEqualTo(2);
    }

    @Test
    void statusIsSentOnlyWhenSomethingChanged() throws Exception {
        Client c = connect();
        for (int i = 0; i < 5; i++) {
            now.addAndGet(1000);
            servlet.streams().tick();
        }
        assertThat(c.statusEvents()).hasSize(1);
        counters.put("wires_detected", 4L);
        now.addAndGet(1000);
        servlet.streams().tick();
        now.addAndGet(1000);
        servlet.streams().tick();
        List<JsonNode> events = c.statusEvents();
        assertThat(events).hasSize(2);
        assertThat(events.get(1).get("calls_total").asLong()).isEqualTo(4);
        ((Counting) pipelines.get(0)).state = PipelineState.DRAINED;
        now.addAndGet(1000);
        servlet.streams().tick();
        events = c.statusEvents();
        assertThat(events).hasSize(3);
        assertThat(events.get(2).get("pipelines").get(0).get("running").asBoolean()).isFalse();
    }

    @Test
    void pingEvery15Seconds() throws Exception {
        Client c = connect();
        for (int i = 0; i < 14; i++) {
            now.addAndGet(1000);
            servlet.streams().tick();
        }
        assertThat(c.text()).doesNotContain(": ping");
        now.addAndGet(1000);
        servlet.streams().tick();
        assertThat(c.text()).endsWith("\n\n: ping\n\n");
        for (int i = 0; i < 15; i++) {
            now.addAndGet(1000);
            servlet.streams().tick();
        }
        assertThat(c.text().split(": ping\n\n", -1)).hasSize(3);
    }

    @Test
    void aSeventeenthStreamClosesTheOldestAndASlotFreesOnDisconnect() throws Exception {
        List<Client> open = new ArrayList<>();
        for (int i = 0; i < LiveStreams.MAX_STREAMS; i++) {
            open.add(connect());
        }
        Client extra = connect();
        assertThat(extra.async).isTrue();
        assertThat(extra.status).isEqualTo(200);
        assertThat(open.get(0).completed).as("the oldest made room").isTrue();
        assertThat(open.subList(1, open.size())).allSatisfy(c -> assertThat(c.completed).isFalse());
        assertThat(servlet.streams().open()).isEqualTo(LiveStreams.MAX_STREAMS);
        // a client goes away: the next write fails, its slot is free again
        open.get(3).broken = true;
        now.addAndGet(LiveStreams.PING_MILLIS);
        servlet.streams().tick();
        assertThat(open.get(3).completed).isTrue();
        assertThat(servlet.streams().open()).isEqualTo(LiveStreams.MAX_STREAMS - 1);
        Client again = connect();
        assertThat(again.async).isTrue();
        assertThat(open.get(1).completed).as("a free slot closes nobody").isFalse();
    }

    @Test
    void streamsCloseAfterTenMinutes() throws Exception {
        Client old = connect();
        now.addAndGet(LiveStreams.MAX_AGE_MILLIS - 1000);
        Client young = connect();
        servlet.streams().tick();
        assertThat(old.completed).isFalse();
        now.addAndGet(1000);
        servlet.streams().tick();
        assertThat(old.completed).isTrue();
        assertThat(young.completed).isFalse();
        assertThat(servlet.streams().open()).isEqualTo(1);
    }

    @Test
    void aSlowClientIsQueuedThenClosedWhenTooFarBehind() throws Exception {
        Client c = connect();
        c.ready = false;
        counters.put("wires_detected", 10L);
        now.addAndGet(1000);
        servlet.streams().tick();
        assertThat(c.statusEvents()).hasSize(1);
        c.drainable();
        assertThat(c.statusEvents()).hasSize(2);
        c.ready = false;
        for (int i = 0; i < 1000 && !c.completed; i++) {
            counters.put("wires_detected", 100L + i);
            now.addAndGet(1000);
            servlet.streams().tick();
        }
        assertThat(c.completed).isTrue();
        assertThat(servlet.streams().open()).isZero();
    }

    @Test
    void bundleStopEndsEveryStreamAndAdmitsNoMore() throws Exception {
        Client a = connect();
        Client b = connect();
        servlet.deactivate();
        assertThat(a.completed).isTrue();
        assertThat(b.completed).isTrue();
        Client late = connect();
        assertThat(late.status).isEqualTo(503);
        servlet.start(now::get, false);
    }

    @Test
    void anotherMethodIs405() throws Exception {
        Client c = new Client();
        servlet.service(c.request("POST"), c.response());
        assertThat(c.status).isEqualTo(405);
        assertThat(c.headers).containsEntry("Allow", "GET");
        assertThat(c.async).isFalse();
    }
}
