package org.egret.console.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.egret.api.decode.LlmCall;
import org.egret.api.storage.StorageException;
import org.egret.api.transcript.Transcript;
import org.egret.api.transcript.TranscriptMessage;
import org.egret.api.transcript.TranscriptReader;
import org.egret.console.internal.rest.ApiResponse;
import org.egret.console.internal.rest.StreamBody;
import org.junit.jupiter.api.Test;

/** Downloads as they reach the wire: headers, HEAD, failures before and after the first byte; readers bound by DS. */
class DownloadWriterTest {

    private static final AtomicInteger RELEASED = new AtomicInteger();

    private static StreamBody body(String text) {
        return new StreamBody() {
            @Override
            public void writeTo(OutputStream out) throws IOException {
                out.write(text.getBytes(StandardCharsets.UTF_8));
            }

            @Override
            public void release() {
                RELEASED.incrementAndGet();
            }
        };
    }

    @Test
    void aDownloadCarriesItsTypeNameAndHeadersAndIsReleased() throws Exception {
        int before = RELEASED.get();
        ServletStubs.Response r = new ServletStubs.Response();
        ApiResponse d = ApiResponse.stream("text/csv; charset=utf-8", body("a,b\r\n")).asAttachment("../x y\".csv")
                .withHeader("x-export-total", "1");

        ApiResponseWriter.write(d, r.proxy(), false);

        assertThat(r.status).isEqualTo(200);
        assertThat(r.contentType).isEqualTo("text/csv; charset=utf-8");
        assertThat(r.headers).containsEntry("Content-Disposition", "attachment; filename=\"_._x_y_.csv\"")
                .containsEntry("x-export-total", "1").containsEntry("X-Content-Type-Options", "nosniff")
                .containsEntry("Cache-Control", "no-store");
        assertThat(r.text()).isEqualTo("a,b\r\n");
        assertThat(RELEASED.get()).isEqualTo(before + 1);
    }

    @Test
    void headSendsNoBodyButStillReleasesIt() throws Exception {
        int before = RELEASED.get();
        ServletStubs.Response r = new ServletStubs.Response();
        ApiResponseWriter.write(ApiResponse.stream("application/x-ndjson", body("{}\n")), r.proxy(), true);
        assertThat(r.body.size()).isZero();
        assertThat(r.contentType).isEqualTo("application/x-ndjson");
        assertThat(RELEASED.get()).isEqualTo(before + 1);
    }

    @Test
    void aFailureBeforeAnythingWasCommittedIsA500Envelope() throws Exception {
        ServletStubs.Response r = new ServletStubs.Response();
        ApiResponse broken = ApiResponse.stream("text/csv", out -> {
            out.write('x');
            throw new IllegalStateException("secret detail");
        }).asAttachment("calls.csv");

        ApiResponseWriter.write(broken, r.proxy(), false);

        assertThat(r.status).isEqualTo(500);
        assertThat(r.contentType).isEqualTo("application/json; charset=utf-8");
        assertThat(r.headers).doesNotContainKey("Content-Disposition");
        assertThat(r.text()).isEqualTo("{\"code\":5001,\"message\":\"internal server error\",\"data\":{}}");
    }

    @Test
    void aFailureAfterTheFirstBytesCutsTheStream() {
        ServletStubs.Response r = new ServletStubs.Response();
        ApiResponse broken = ApiResponse.stream("text/csv", out -> {
            out.write("a,b\r\n".getBytes(StandardCharsets.UTF_8));
            r.committed = true;
            throw new StorageException("storage went away");
        });

        assertThatThrownBy(() -> ApiResponseWriter.write(broken, r.proxy(), false)).isInstanceOf(IOException.class)
                .hasRootCauseMessage("storage went away");
        assertThat(r.text()).as("no envelope glued to a half file").isEqualTo("a,b\r\n");
    }

    @Test
    void theServletUsesTheReadersDsBindsAndForgetsUnboundOnes() throws Exception {
        ApiServlet servlet = new ApiServlet();
        Field pipelines = ApiServlet.class.getDeclaredField("pipelines");
        pipelines.setAccessible(true);
        pipelines.set(servlet, List.of());
        Field storage = ApiServlet.class.getDeclaredField("storage");
        storage.setAccessible(true);
        storage.set(servlet, new ApiServletTest.OneCallStorage());
        TranscriptReader reader = new TranscriptReader() {
            @Override
            public String wireApi() {
                return "openai-chat";
            }

            @Override
            public Transcript read(LlmCall call) {
                return new Transcript("openai-chat", List.of(TranscriptMessage.text("user", "hi")), List.of(), null);
            }
        };
        servlet.addTranscriptReader(reader, Map.of(TranscriptReader.WIRE_API_PROPERTY, "openai-chat"));
        servlet.activate(ServletStubs.context(Map.of(), "1.0.0"));

        ServletStubs.Response bound = new ServletStubs.Response();
        servlet.service(ServletStubs.request("GET", "/api/spans/c1/transcript", "/spans/c1/transcript", null),
                bound.proxy());
        var data = new ObjectMapper().readTree(bound.body.toByteArray()).get("data");
        assertThat(data.get("messages").get(0).get("content").asText()).isEqualTo("hi");

        servlet.removeTranscriptReader(reader);
        ServletStubs.Response unbound = new ServletStubs.Response();
        servlet.service(ServletStubs.request("GET", "/api/spans/c1/transcript", "/spans/c1/transcript", null),
                unbound.proxy());
        data = new ObjectMapper().readTree(unbound.body.toByteArray()).get("data");
        assertThat(data.get("messages")).isEmpty();
        assertThat(data.get("problem").asText()).contains("no transcript reader");
    }
}
