package org.egret.console.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.egret.api.decode.LlmCall;
import org.egret.api.storage.CallQuery;
import org.egret.api.storage.ExchangeQuery;
import org.egret.api.storage.ExchangeRecord;
import org.egret.api.storage.Page;
import org.egret.api.storage.StorageBackend;
import org.egret.api.storage.StorageStatus;
import org.egret.console.internal.rest.ApiResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The servlet glue: methods, headers, content type and the envelope as they reach the wire. */
class ApiServletTest {

    private final ApiServlet servlet = new ApiServlet();

    /** A storage backend holding one call. */
    static final class OneCallStorage implements StorageBackend {
        final LlmCall call = new LlmCall().setId("c1").setSourceId("s").setWireApi("openai-chat")
                .setModel("m").setStatusCode(200).setRequestTime(1_767_323_045_000_000L);

        @Override
        public void writeCalls(List<LlmCall> calls) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void writeExchanges(List<ExchangeRecord> exchanges) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Page<LlmCall> queryCalls(CallQuery query) {
            return new Page<>(1, List.of(call));
        }

        @Override
        public Optional<LlmCall> findCall(String id) {
            return id.equals("c1") ? Optional.of(call) : Optional.empty();
        }

        @Override
        public Page<ExchangeRecord> queryExchanges(ExchangeQuery query) {
            return new Page<>(0, List.of());
        }

        @Override
        public Optional<ExchangeRecord> findExchange(String id) {
            return Optional.empty();
        }

        @Override
        public StorageStatus status() {
            return new StorageStatus("test", "memory", true, 1, 0, 0, null);
        }
    }

    @BeforeEach
    void activate() throws Exception {
        inject("pipelines", List.of());
        servlet.activate(ServletStubs.context(Map.of("egret.version", "0.9.1", "egret.start.millis", "1000"),
                "0.1.0.202611251032"));
    }

    private void inject(String field, Object value) throws Exception {
        Field f = ApiServlet.class.getDeclaredField(field);
        f.setAccessible(true);
        f.set(servlet, value);
    }

    private ServletStubs.Response call(String method, String pathInfo, String query) throws Exception {
        ServletStubs.Response r = new ServletStubs.Response();
        servlet.service(ServletStubs.request(method, "/api" + (pathInfo == null ? "" : pathInfo), pathInfo, query),
                r.proxy());
        return r;
    }

    private static JsonNode json(ServletStubs.Response r) throws Exception {
        return new ObjectMapper().readTree(r.body.toByteArray());
    }

    private static void assertJsonHeaders(ServletStubs.Response r) {
        assertThat(r.contentType).isEqualTo("application/json; charset=utf-8");
        assertThat(r.headers).containsEntry("X-Content-Type-Options", "nosniff");
    }

    @Test
    void healthAnswersWithoutStorage() throws Exception {
        ServletStubs.Response r = call("GET", "/health", null);
        assertThat(r.status).isEqualTo(200);
        assertJsonHeaders(r);
        JsonNode env = json(r);
        assertThat(env.get("code").asInt()).isZero();
        assertThat(env.get("message").asText()).isEqualTo("ok");
        assertThat(env.get("data").get("status").asText()).isEqualTo("degraded");
        assertThat(env.get("data").get("version").asText()).as("framework property egret.version").isEqualTo("0.9.1");
        assertThat(env.get("data").get("uptime_secs").asLong()).as("since egret.start.millis").isGreaterThan(1000);
    }

    @Test
    void versionFallsBackToTheBundleVersion() throws Exception {
        servlet.activate(ServletStubs.context(Map.of(), "0.1.0.202611251032"));
        JsonNode data = json(call("GET", "/health", null)).get("data");
        assertThat(data.get("version").asText()).isEqualTo("0.1.0.202611251032");
        assertThat(data.get("uptime_secs").asLong()).as("since activation").isBetween(0L, 5L);
    }

    @Test
    void dataRoutesAre503UntilStorageIsBoundThenServeIt() throws Exception {
        ServletStubs.Response unavailable = call("GET", "/spans", null);
        assertThat(unavailable.status).isEqualTo(503);
        assertJsonHeaders(unavailable);
        assertThat(unavailable.text()).isEqualTo("{\"code\":5003,\"message\":\"storage unavailable\",\"data\":{}}");

        inject("storage", new OneCallStorage());
        ServletStubs.Response ok = call("GET", "/spans", "limit=1");
        assertThat(ok.status).isEqualTo(200);
        JsonNode data = json(ok).get("data");
        assertThat(data.get("total").asLong()).isEqualTo(1);
        assertThat(data.get("items").get(0).get("id").asText()).isEqualTo("c1");
        assertThat(json(call("GET", "/health", null)).get("data").get("status").asText()).isEqualTo("ready");
    }

    @Test
    void aliasRoutesCarryDeprecationHeaders() throws Exception {
        inject("storage", new OneCallStorage());
        ServletStubs.Response r = call("GET", "/llm-calls/c1", null);
        assertThat(r.status).isEqualTo(200);
        assertThat(r.headers).containsEntry("Deprecation", "true")
                .containsEntry("Link", "</api/spans>; rel=\"successor-version\"");
    }

    @Test
    void unknownRouteIs404Envelope() throws Exception {
        ServletStubs.Response r = call("GET", "/metrics/nope", null);
        assertThat(r.status).isEqualTo(404);
        assertJsonHeaders(r);
        assertThat(json(r).get("code").asInt()).isEqualTo(2001);
        assertThat(call("GET", null, null).status).as("/api itself").isEqualTo(404);
    }

    @Test
    void writesAreRejectedWith405() throws Exception {
        for (String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
            ServletStubs.Response r = call(method, "/spans", null);
            assertThat(r.status).as(method).isEqualTo(405);
            assertThat(r.headers).containsEntry("Allow", "GET, HEAD");
            assertJsonHeaders(r);
            assertThat(json(r).get("code").asInt()).isEqualTo(1001);
        }
    }

    @Test
    void pricesTakePutWithAJsonBodyThroughTheServlet() throws Exception {
        ServletStubs.Response r = new ServletStubs.Response();
        servlet.service(ServletStubs.request("PUT", "/api/settings/prices", "/settings/prices", null, "text/plain",
                "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8)), r.proxy());
        assertThat(r.status).isEqualTo(415);
        assertJsonHeaders(r);
        r = new ServletStubs.Response();
        servlet.service(ServletStubs.request("PUT", "/api/settings/prices", "/settings/prices", null,
                "application/json", "{\"prices\":[-1]}".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                r.proxy());
        assertThat(r.status).isEqualTo(400);
        assertThat(json(r).get("message").asText()).isEqualTo("prices[0] must be an object");
        // no Config Admin bound here: a valid table cannot be saved
        r = new ServletStubs.Response();
        servlet.service(ServletStubs.request("PUT", "/api/settings/prices", "/settings/prices", null,
                "application/json", "{\"prices\":[]}".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                r.proxy());
        assertThat(r.status).isEqualTo(503);
        r = new ServletStubs.Response();
        servlet.service(ServletStubs.request("POST", "/api/settings/prices", "/settings/prices", null,
                "application/json", new byte[0]), r.proxy());
        assertThat(r.status).isEqualTo(405);
        assertThat(r.headers).containsEntry("Allow", "GET, HEAD, PUT");
    }

    @Test
    void headSendsHeadersOnly() throws Exception {
        ServletStubs.Response r = call("HEAD", "/health", null);
        assertThat(r.status).isEqualTo(200);
        assertJsonHeaders(r);
        assertThat(r.body.size()).isZero();
    }

    @Test
    void aFailureWhileWritingBecomesA500EnvelopeWhenNothingWasCommitted() throws Exception {
        ServletStubs.Response r = new ServletStubs.Response();
        ApiResponse broken = ApiResponse.ok(g -> {
            g.writeStartObject();
            g.writeStringField("half", "written");
            throw new IllegalStateException("mapping bug with secret detail");
        });
        ApiResponseWriter.write(broken, r.proxy(), false);
        assertThat(r.status).isEqualTo(500);
        assertThat(r.text()).isEqualTo("{\"code\":5001,\"message\":\"internal server error\",\"data\":{}}");
    }
}
