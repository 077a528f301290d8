package org.egret.pipeline.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.egret.api.decode.LlmCall;
import org.egret.api.decode.WireApiDecoder;
import org.egret.api.http.HttpExchange;
import org.egret.api.http.HttpRequest;
import org.egret.api.packet.PacketSourceFactory;
import org.egret.api.pipeline.PipelineState;
import org.egret.api.pipeline.PipelineStatus;
import org.egret.api.storage.CallQuery;
import org.egret.api.storage.ExchangeQuery;
import org.egret.api.storage.ExchangeRecord;
import org.egret.api.storage.StorageBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.Version;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * A decoder bundle installed, updated and uninstalled under a pipeline that is fed all along, in a real Felix with
 * the real storage and the OpenAI chat decoder. Every exchange fed must be stored exactly once, as a call or as a
 * raw exchange, and which one is decided by the decoders bound when its worker got to it.
 * <p>
 * One worker, so exchanges are processed in the order they were fed: a transition's uncertain window then runs
 * from the last exchange processed before it began to the last one fed before its end was seen, and every exchange
 * outside the windows has exactly one right answer.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class DecoderHotSwapTest {
    private static final String EXAMPLE_BSN = "org.egret.example.decoder.ollama";

    @InjectBundleContext
    BundleContext context;

    @InjectService
    ConfigurationAdmin admin;

    private Path dir;
    private Configuration storage;
    private Configuration pipeline;
    private ConversationFeed feed;
    private ServiceRegistration<PacketSourceFactory> feedRegistration;
    private PipelineStatus status;
    private Bundle example;

    @BeforeEach
    void runningPipeline() throws Exception {
        dir = Files.createTempDirectory("egret-hotswap-");
        storage = admin.getConfiguration("egret.storage.duckdb", "?");
        storage.update(props("path", dir.resolve("hotswap.duckdb").toString(), "retention_enabled", false));
        feed = new ConversationFeed();
        feedRegistration = context.registerService(PacketSourceFactory.class, feed,
                props(PacketSourceFactory.TYPE_PROPERTY, ConversationFeed.TYPE));
        pipeline = admin.getFactoryConfiguration("egret.pipeline", "hotswap", "?");
        pipeline.update(props("sources", new String[] {ConversationFeed.TYPE + ":test"}, "workers", 1,
                "drop_when_full", false, "storage_flush_ms", 50, "batch_bytes", 65_536));
        status = context.getService(await("pipeline hotswap registered", () -> pipelineRef("hotswap")));
        lastStatus = status;
        await("pipeline running with the openai-chat decoder",
                () -> status.state() == PipelineState.RUNNING && decoders() == 1 ? status : null);
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (example != null && example.getState() != Bundle.UNINSTALLED) {
            example.uninstall();
        }
        pipeline.delete();
        await("pipeline unregistered", () -> pipelineRef("hotswap") == null ? Boolean.TRUE : null);
        feedRegistration.unregister();
        storage.delete();
        await("storage unregistered",
                () -> context.getServiceReference(StorageBackend.class) == null ? Boolean.TRUE : null);
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    @Test
    void aDecoderBundleInstalledUpdatedAndUninstalledUnderLoadLosesNothing() throws Exception {
        Feeder feeder = new Feeder(feed);
        Window install;
        Window update;
        Window uninstall;
        feeder.start();
        try {
            feeder.awaitMore(60);

            install = new Window(processed());
            example = context.installBundle("reference:file:" + exampleJar());
            example.start();
            await("example decoder bound", () -> decoders() == 2 ? Boolean.TRUE : null);
            install.end = feeder.fed();
            feeder.awaitMore(90);

            update = new Window(processed());
            example.update(reversioned(exampleJar(), "0.1.1.hotswap"));
            await("updated example decoder bound", () -> decoders() == 2
                    && exampleService() != null && exampleService().getBundle().getVersion()
                            .equals(Version.parseVersion("0.1.1.hotswap")) ? Boolean.TRUE : null);
            update.end = feeder.fed();
            feeder.awaitMore(90);

            uninstall = new Window(processed());
            example.uninstall();
            await("example decoder unbound", () -> decoders() == 1 ? Boolean.TRUE : null);
            uninstall.end = feeder.fed();
            feeder.awaitMore(60);
        } finally {
            feeder.stop();
        }
        long fed = feeder.fed();
        awaitStored(fed);

        Map<String, Long> c = status.counters();
        assertThat(c.get("http_exchanges_decoded")).isEqualTo(fed);
        assertThat(c.get("worker_errors")).isZero();
        assertThat(c.get("decoder_errors")).isZero();
        assertThat(c.get("pkts_dropped_backpressure")).isZero();
        assertThat(status.state()).isEqualTo(PipelineState.RUNNING);

        Stored stored = Stored.read(backend(), fed);
        assertThat(stored.calls).as("calls stored = exchanges that point at one").hasSize(stored.withCall());
        assertThat(c.get("flushed_calls")).isEqualTo((long) stored.calls.size());
        int outsideWindows = 0;
        int inWindowsDecoded = 0;
        int inWindowsRaw = 0;
        for (int seq = 0; seq < fed; seq++) {
            String kind = Feeder.kindOf(seq);
            LlmCall call = stored.callOf(seq);
            String where = "exchange " + seq + " (" + kind + ")";
            if (kind.equals("openai")) {
                assertThat(call).as(where + ": other decoders unaffected").isNotNull();
                assertThat(call.getWireApi()).isEqualTo("openai-chat");
            } else if (kind.equals("tags")) {
                assertThat(call).as(where + ": not an LLM call").isNull();
            } else if (seq < install.start) {
                assertThat(call).as(where + ": before the bundle").isNull();
            } else if (seq >= install.end && seq < update.start || seq >= update.end && seq < uninstall.start) {
                assertThat(call).as(where + ": decoded while the bundle is there").isNotNull();
                assertThat(call.getWireApi()).isEqualTo("ollama-native");
                assertThat(call.getModel()).isEqualTo("llama3.2:3b");
                assertThat(call.isPartial()).isFalse();
                outsideWindows++;
            } else if (seq >= uninstall.end) {
                assertThat(call).as(where + ": after the bundle").isNull();
            } else {
                // a call or a raw exchange, either is right; stored exactly once is checked above
                if (call == null) {
                    inWindowsRaw++;
                } else {
                    inWindowsDecoded++;
                }
            }
        }
        assertThat(outsideWindows).isPositive();
        assertThat(c.get("decoder_selected.ollama-native")).as("the tally goes on across the update")
                .isEqualTo(stored.calls.stream().filter(x -> "ollama-native".equals(x.getWireApi())).count());
        System.out.printf("hot swap: %d exchanges fed, %d calls; Ollama exchanges in the transition windows "
                + "(install %s, update %s, uninstall %s): %d decoded, %d raw; %d decodes finished on a retired "
                + "decoder%n", fed, stored.calls.size(), install, update, uninstall, inWindowsDecoded, inWindowsRaw,
                c.get("decodes_by_retired_decoder"));
    }

    @Test
    void aDecodeInFlightWhenItsDecoderGoesAwayFinishesAndIsCounted() throws Exception {
        SlowDecoder slow = new SlowDecoder();
        ServiceRegistration<WireApiDecoder> reg = context.registerService(WireApiDecoder.class, slow,
                props("egret.wireapi.name", "slow", "egret.wireapi.paths", "/itest/slow"));
        await("slow decoder bound", () -> decoders() == 2 ? Boolean.TRUE : null);

        feed.send(Feeder.post("/itest/slow?seq=0", "{\"model\":\"m\"}"), Feeder.OK_JSON);
        assertThat(slow.entered.await(30, TimeUnit.SECONDS)).as("decode started").isTrue();
        reg.unregister();
        await("slow decoder unbound", () -> decoders() == 1 ? Boolean.TRUE : null);
        slow.release.countDown();
        feed.send(Feeder.post("/itest/slow?seq=1", "{\"model\":\"m\"}"), Feeder.OK_JSON);
        awaitStored(2);

        Map<String, Long> c = status.counters();
        assertThat(c.get("decodes_by_retired_decoder")).isEqualTo(1L);
        assertThat(c.get("decoder_errors")).isZero();
        assertThat(c.get("worker_errors")).isZero();
        Stored stored = Stored.read(backend(), 2);
        assertThat(stored.callOf(0)).as("the in-flight call is kept").isNotNull();
        assertThat(stored.callOf(0).getWireApi()).isEqualTo("slow");
        assertThat(stored.callOf(0).isPartial()).isFalse();
        assertThat(stored.callOf(1)).as("after the unbind: a raw exchange").isNull();
    }

    /** Feeds Ollama, OpenAI chat and non-LLM exchanges in turn, as fast as the pipeline takes them. */
    static final class Feeder {
        static final String OK_JSON = response("application/json", "{\"ok\":true}");
        private final ConversationFeed feed;
        private final Thread thread;
        private volatile boolean running = true;
        private volatile long fed;

        Feeder(ConversationFeed feed) {
            this.feed = feed;
            this.thread = new Thread(this::run, "itest-feeder");
        }

        static String kindOf(long seq) {
            return switch ((int) (seq % 3)) {
                case 0 -> "ollama";
                case 1 -> "openai";
                default -> "tags";
            };
        }

        private void run() {
            long seq = 0;
            while (running) {
                switch (kindOf(seq)) {
                    case "ollama" -> feed.send(post("/api/chat?seq=" + seq, "{\"model\":\"llama3.2:3b\",\"messages\":"
                            + "[{\"role\":\"user\",\"content\":\"hi\"}],\"stream\":true}"), response("application/x-ndjson",
                            "{\"model\":\"llama3.2:3b\",\"created_at\":\"2026-01-01T09:00:00.1Z\",\"message\":{\"role\":"
                                    + "\"assistant\",\"content\":\"Hello\"},\"done\":false}\n{\"model\":\"llama3.2:3b\","
                                    + "\"created_at\":\"2026-01-01T09:00:00.2Z\",\"message\":{\"role\":\"assistant\","
                                    + "\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":"
                                    + "11,\"eval_count\":1}\n"));
                    case "openai" -> feed.send(post("/v1/chat/completions?seq=" + seq, "{\"model\":\"gpt-4o-mini\","
                            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"), response("application/json",
                            "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"model\":\"gpt-4o-mini-2024-07-18\","
                                    + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hi\"},"
                                    + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":8,\"completion_tokens\":1,"
                                    + "\"total_tokens\":9}}"));
                    default -> feed.send("GET /api/tags?seq=" + seq + " HTTP/1.1\r\nHost: 10.0.0.2:11434\r\n\r\n",
                            response("application/json", "{\"models\":[]}"));
                }
                fed = ++seq;
                // keep a few conversations queued, no more: the feed follows the pipeline's pace
                while (running && seq - feed.delivered() > 4) {
                    Thread.onSpinWait();
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }

        static String post(String target, String body) {
            return "POST " + target + " HTTP/1.1\r\nHost: 10.0.0.2:11434\r\nContent-Type: application/json\r\n"
                    + "User-Agent: itest\r\nAuthorization: Bearer sk-FIXTUREKEY\r\nContent-Length: "
                    + body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
        }

        static String response(String type, String body) {
            return "HTTP/1.1 200 OK\r\nContent-Type: " + type + "\r\nContent-Length: "
                    + body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
        }

        void start() {
            thread.start();
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join();
        }

        long fed() {
            return fed;
        }

        void awaitMore(long n) throws Exception {
            long target = fed + n;
            await(n + " more exchanges fed", () -> fed >= target ? Boolean.TRUE : null);
        }
    }

    /** A transition's uncertain window of sequence numbers: from {@code start} (inclusive) to {@code end}. */
    static final class Window {
        final long start;
        long end;

        Window(long processed) {
            // the exchange being selected when the transition began may still see the old decoders
            this.start = Math.max(0, processed - 1);
        }

        @Override
        public String toString() {
            return "[" + start + ", " + end + ")";
        }
    }

    /** What the storage holds, by the sequence number in each exchange's target. */
    static final class Stored {
        final Map<Long, ExchangeRecord> exchanges = new HashMap<>();
        final Map<String, LlmCall> callsById = new HashMap<>();
        final List<LlmCall> calls = new ArrayList<>();

        static Stored read(StorageBackend backend, long fed) throws Exception {
            Stored s = new Stored();
            var page = backend.queryExchanges(ExchangeQuery.all(0, (int) fed + 10));
            assertThat(page.total()).as("exchanges stored").isEqualTo(fed);
            for (ExchangeRecord r : page.items()) {
                String target = r.exchange().request().target();
                long seq = Long.parseLong(target.substring(target.indexOf("seq=") + 4));
                assertThat(s.exchanges.put(seq, r)).as("exchange %d stored once", seq).isNull();
            }
            assertThat(s.exchanges).hasSize((int) fed);
            var calls = backend.queryCalls(CallQuery.all(0, (int) fed + 10));
            for (LlmCall c : calls.items()) {
                s.calls.add(c);
                assertThat(s.callsById.put(c.getId(), c)).isNull();
            }
            assertThat(calls.total()).isEqualTo(s.calls.size());
            return s;
        }

        int withCall() {
            return (int) exchanges.values().stream().filter(r -> r.callId() != null).count();
        }

        LlmCall callOf(long seq) {
            ExchangeRecord r = exchanges.get(seq);
            assertThat(r).as("exchange %d stored", seq).isNotNull();
            if (r.callId() == null) {
                return null;
            }
            LlmCall c = callsById.get(r.callId());
            assertThat(c).as("the call exchange %d points at", seq).isNotNull();
            assertThat(c.getExchangeId()).isEqualTo(r.id());
            return c;
        }
    }

    /** Blocks in decode until released: a decode in flight, made to last. */
    static final class SlowDecoder implements WireApiDecoder {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public String wireApi() {
            return "slow";
        }

        @Override
        public int probe(HttpRequest request) {
            return request.target().startsWith("/itest/slow") ? 90 : 0;
        }

        @Override
        public LlmCall decode(HttpExchange exchange) {
            entered.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new LlmCall().setWireApi("slow").setRequestModel("m");
        }
    }

    private static Path exampleJar() {
        Path p = Path.of(System.getProperty("egret.example.decoder")).toAbsolutePath().normalize();
        assertThat(p).exists();
        return p;
    }

    /** The same jar with another Bundle-Version: a new version of the bundle as an update would bring. */
    private static InputStream reversioned(Path jar, String version) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JarInputStream in = new JarInputStream(Files.newInputStream(jar))) {
            Manifest manifest = new Manifest(in.getManifest());
            manifest.getMainAttributes().put(new Attributes.Name("Bundle-Version"), version);
            try (JarOutputStream jo = new JarOutputStream(out, manifest)) {
                for (JarEntry e; (e = in.getNextJarEntry()) != null; ) {
                    jo.putNextEntry(new JarEntry(e.getName()));
                    in.transferTo(jo);
                    jo.closeEntry();
                }
            }
        }
        return new ByteArrayInputStream(out.toByteArray());
    }

    private ServiceReference<WireApiDecoder> exampleService() throws Exception {
        for (ServiceReference<WireApiDecoder> r : context.getServiceReferences(WireApiDecoder.class,
                "(egret.wireapi.name=ollama-native)")) {
            if (EXAMPLE_BSN.equals(r.getBundle().getSymbolicName())) {
                return r;
            }
        }
        return null;
    }

    /** Every exchange fed, and every call made of them, written (a batch's calls go after its exchanges). */
    private void awaitStored(long fed) throws Exception {
        await("all " + fed + " exchanges fed and their calls stored", () -> {
            Map<String, Long> c = status.counters();
            return c.get("flushed_exchanges") == fed && c.get("flushed_calls").equals(c.get("wires_detected"))
                    ? Boolean.TRUE : null;
        });
    }

    private long decoders() {
        return status.counters().getOrDefault("decoders", -1L);
    }

    private long processed() {
        return status.counters().get("http_exchanges_decoded");
    }

    private StorageBackend backend() {
        return context.getService(context.getServiceReference(StorageBackend.class));
    }

    private ServiceReference<PipelineStatus> pipelineRef(String name) throws Exception {
        var refs = context.getServiceReferences(PipelineStatus.class, "(egret.pipeline.name=" + name + ")");
        return refs.isEmpty() ? null : refs.iterator().next();
    }

    @FunctionalInterface
    interface Probe<T> {
        T get() throws Exception;
    }

    /** The pipeline under test, for the message of a wait that timed out. */
    private static PipelineStatus lastStatus;

    private static <T> T await(String what, Probe<T> probe) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("timed out waiting for " + what + (lastStatus == null ? "" : "; pipeline counters "
                + lastStatus.counters()));
    }

    private static Dictionary<String, Object> props(Object... kv) {
        Hashtable<String, Object> h = new Hashtable<>();
        for (int i = 0; i < kv.length; i += 2) {
            h.put((String) kv[i], kv[i + 1]);
        }
        return h;
    }
}
