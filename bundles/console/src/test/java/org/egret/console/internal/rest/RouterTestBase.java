package org.egret.console.internal.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.egret.api.pipeline.PipelineStatus;
import org.egret.api.storage.StorageBackend;
import org.egret.api.storage.StorageException;
import org.junit.jupiter.api.BeforeEach;

/** Requests through the router, as the servlet makes them, against the in-memory storage double. */
abstract class RouterTestBase {

    static final long START_MILLIS = 1_767_000_000_000L;

    final InMemoryStorage storage = new InMemoryStorage();
    StorageBackend bound = storage;
    final List<PipelineStatus> pipelines = new ArrayList<>();
    /** Transcript readers the router sees; empty unless a test adds some. */
    final TranscriptReaders readers = new TranscriptReaders();
    private ApiRouter router;
    /** The last response, for its status and headers. */
    ApiResponse last;

    @BeforeEach
    void setUpRouter() {
        Clock clock = Clock.fixed(Instant.ofEpochMilli(START_MILLIS + 42_900), ZoneOffset.UTC);
        router = new ApiRouter(() -> bound, () -> pipelines, new RuntimeInfo("1.2.3", START_MILLIS), clock,
                readers);
    }

    ApiRouter router() {
        return router;
    }

    JsonNode get(String path) {
        return get(path, null);
    }

    JsonNode get(String path, String query) {
        last = router.handle(path, query);
        return Fixtures.json(last.render());
    }

    /** A download's body as the servlet would send it; the spool is released afterwards. */
    byte[] download(String path, String query) {
        last = router.handle(path, query);
        assertThat(last.streamed()).as("a download, not an envelope: " + new String(last.render(),
                StandardCharsets.UTF_8)).isNotNull();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            last.streamed().body().writeTo(out);
        } catch (IOException | StorageException e) {
            throw new AssertionError(e);
        } finally {
            last.streamed().body().release();
        }
        return out.toByteArray();
    }

    void assertError(JsonNode env, int status, int code) {
        assertThat(last.status()).isEqualTo(status);
        assertThat(SpanJsonTest.names(env)).containsExactly("code", "message", "data");
        assertThat(env.get("code").asInt()).isEqualTo(code);
        assertThat(env.get("data").isObject()).isTrue();
        assertThat(env.get("data").isEmpty()).isTrue();
    }

    JsonNode data(JsonNode env) {
        assertThat(last.status()).isEqualTo(200);
        assertThat(SpanJsonTest.names(env)).containsExactly("code", "message", "data");
        assertThat(env.get("code").asInt()).isZero();
        assertThat(env.get("message").asText()).isEqualTo("ok");
        return env.get("data");
    }

    static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
