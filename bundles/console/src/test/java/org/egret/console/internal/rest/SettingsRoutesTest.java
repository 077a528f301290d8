package org.egret.console.internal.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.egret.api.pricing.ModelPriceEntry;
import org.egret.api.storage.StorageBackend;
import org.egret.api.storage.StorageStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /api/settings}, {@code /api/settings/prices} (GET and PUT) and {@code /api/runtime-config}. */
class SettingsRoutesTest {

    /** Config Admin and the price list as the servlet's real implementation would see them, in memory. */
    static final class MemorySettings implements ConsoleSettings {
        List<ModelPriceEntry> prices = List.of(new ModelPriceEntry("gpt-4o*", 2.5, 10, 1.25, 0, 10));
        final List<List<ModelPriceEntry>> written = new ArrayList<>();
        Map<String, Map<String, Object>> configurations = new LinkedHashMap<>();
        boolean failWrite;

        @Override
        public List<ModelPriceEntry> prices() {
            return prices;
        }

        @Override
        public void writePrices(List<ModelPriceEntry> p) throws IOException {
            if (failWrite) {
                throw new IOException("disk full");
            }
            written.add(p);
            prices = p;
        }

        @Override
        public Map<String, Map<String, Object>> configurations() {
            return configurations;
        }

        @Override
        public String configPath() {
            return "/etc/egret/egret.json";
        }
    }

    final SampleStorage storage = new SampleStorage();
    StorageBackend bound = storage;
    final MemorySettings settings = new MemorySettings();
    ApiRouter router;
    ApiResponse last;

    @BeforeEach
    void setUp() {
        router = new ApiRouter(() -> bound, List::of, new RuntimeInfo("1.2.3", 1_767_000_000_000L),
                Clock.fixed(Instant.ofEpochMilli(1_767_000_100_000L), ZoneOffset.UTC), settings);
    }

    JsonNode get(String path) {
        last = router.handle(path, null);
        return Fixtures.json(last.render());
    }

    JsonNode send(String method, String path, String contentType, String body) {
        byte[] bytes = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
        last = router.handle(new ApiRequest(method, path, null, contentType,
                bytes == null ? null : () -> new ByteArrayInputStream(bytes)));
        return Fixtures.json(last.render());
    }

    JsonNode put(String body) {
        return send("PUT", "/settings/prices", "application/json", body);
    }

    @Test
    void settingsShowStorageRetentionAndPrices() {
        JsonNode d = get("/settings").get("data");
        assertThat(last.status()).isEqualTo(200);
        assertThat(d.get("storage").get("type").asText()).isEqualTo("duckdb");
        assertThat(d.get("storage").get("location").asText()).isEqualTo("/var/lib/egret/egret.duckdb");
        assertThat(d.get("retention").get("enabled").asBoolean()).isTrue();
        assertThat(d.get("retention").get("calls_days").asInt()).isEqualTo(30);
        assertThat(d.get("retention").get("bodies_days").asInt()).isEqualTo(7);
        assertThat(d.get("retention").get("metrics_days").asInt()).isEqualTo(90);
        assertThat(d.get("prices")).hasSize(1);
        JsonNode p = d.get("prices").get(0);
        assertThat(p.get("model").asText()).isEqualTo("gpt-4o*");
        assertThat(p.get("input_per_mtok").asDouble()).isEqualTo(2.5);
        assertThat(p.get("output_per_mtok").asDouble()).isEqualTo(10);
        assertThat(p.get("cache_read_per_mtok").asDouble()).isEqualTo(1.25);
        assertThat(p.get("cache_write_per_mtok").asDouble()).isEqualTo(0);
    }

    @Test
    void settingsNeverServeCredentialsInAStorageLocation() {
        storage.status = new StorageStatus("clickhouse", "http://egret:hunter2@ch.internal:8123/egret", true, 0, 0,
                0, null);
        storage.retention = null;
        JsonNode d = get("/settings").get("data");
        assertThat(d.get("storage").get("location").asText()).isEqualTo(
                "http://egret:[redacted]@ch.internal:8123/egret");
        assertThat(d.toString()).doesNotContain("hunter2");
        assertThat(d.get("retention").isNull()).isTrue();
    }

    @Test
    void settingsAnswerWithoutStorage() {
        bound = null;
        JsonNode d = get("/settings").get("data");
        assertThat(last.status()).isEqualTo(200);
        assertThat(d.get("storage").get("bound").asBoolean()).isFalse();
        assertThat(d.get("storage").get("type").isNull()).isTrue();
    }

    @Test
    void putReplacesTheTableAndAnswersIt() {
        JsonNode d = put("{\"prices\":[{\"model\":\"my-model*\",\"input_per_mtok\":1,\"output_per_mtok\":2.5},"
                + "{\"model\":\" other \",\"input_per_mtok\":0,\"output_per_mtok\":0,\"cache_read_per_mtok\":0.1,"
                + "\"cache_write_per_mtok\":0.2,\"reasoning_per_mtok\":3,\"note\":{\"ignored\":[1]}}]}")
                .get("data");
        assertThat(last.status()).isEqualTo(200);
        assertThat(settings.written).hasSize(1);
        assertThat(settings.written.get(0)).containsExactly(new ModelPriceEntry("my-model*", 1, 2.5, 0, 0, 2.5),
                new ModelPriceEntry("other", 0, 0, 0.1, 0.2, 3));
        assertThat(d.get("prices")).hasSize(2);
        assertThat(get("/settings/prices").get("data").get("prices").get(0).get("model").asText())
                .isEqualTo("my-model*");
        put("{\"prices\":[]}");
        assertThat(last.status()).isEqualTo(200);
        assertThat(settings.written.get(1)).isEmpty();
    }

    @Test
    void putRejectsBadTablesWithAClearMessage() {
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("not json", "not valid JSON");
        bad.put("[]", "JSON object");
        bad.put("{}", "prices: missing");
        bad.put("{\"prices\":{}}", "must be an array");
        bad.put("{\"prices\":[1]}", "prices[0] must be an object");
        bad.put("{\"prices\":[{\"input_per_mtok\":1,\"output_per_mtok\":1}]}", "prices[0].model: missing");
        bad.put("{\"prices\":[{\"model\":\"  \",\"input_per_mtok\":1,\"output_per_mtok\":1}]}", "must not be empty");
        bad.put("{\"prices\":[{\"model\":\"a b\",\"input_per_mtok\":1,\"output_per_mtok\":1}]}", "white space");
        bad.put("{\"prices\":[{\"model\":\"a#b\",\"input_per_mtok\":1,\"output_per_mtok\":1}]}", "'#'");
        bad.put("{\"prices\":[{\"model\":5,\"input_per_mtok\":1,\"output_per_mtok\":1}]}", "must be a string");
        bad.put("{\"prices\":[{\"model\":\"a\",\"input_per_mtok\":-1,\"output_per_mtok\":1}]}",
                "prices[0].input_per_mtok must be a finite number ≥ 0");
        bad.put("{\"prices\":[{\"model\":\"a\",\"input_per_mtok\":\"1\",\"output_per_mtok\":1}]}",
                "must be a number");
        bad.put("{\"prices\":[{\"model\":\"a\",\"input_per_mtok\":1e999,\"output_per_mtok\":1}]}", "finite");
        bad.put("{\"prices\":[{\"model\":\"a\",\"input_per_mtok\":1}]}", "are required");
        bad.put("{\"prices\":[{\"model\":\"A\",\"input_per_mtok\":1,\"output_per_mtok\":1},"
                + "{\"model\":\"a\",\"input_per_mtok\":1,\"output_per_mtok\":1}]}", "appears more than once");
        bad.put("{\"prices\":[]} {}", "more than one JSON value");
        bad.put("{\"prices\":[{\"model\":\"" + "x".repeat(201) + "\",\"input_per_mtok\":1,\"output_per_mtok\":1}]}",
                "longer than 200");
        for (Map.Entry<String, String> e : bad.entrySet()) {
            JsonNode env = put(e.getKey());
            assertThat(last.status()).as(e.getKey()).isEqualTo(400);
            assertThat(env.get("code").asInt()).isEqualTo(1001);
            assertThat(env.get("message").asText()).as(e.getKey()).contains(e.getValue());
        }
        assertThat(settings.written).isEmpty();
    }

    /** 2000 rows cannot fit 64 KiB as JSON; the row bound still holds for the parser on its own. */
    @Test
    void rowLimitIs2000() throws Exception {
        assertThat(PriceTableJson.read(rows(PriceTableJson.MAX_ROWS))).hasSize(PriceTableJson.MAX_ROWS);
        try {
            PriceTableJson.read(rows(PriceTableJson.MAX_ROWS + 1));
            throw new AssertionError("2001 rows accepted");
        } catch (ApiException e) {
            assertThat(e.httpStatus()).isEqualTo(400);
            assertThat(e.getMessage()).isEqualTo("prices: at most 2000 rows");
        }
    }

    private static byte[] rows(int n) {
        StringBuilder rows = new StringBuilder("{\"prices\":[");
        for (int i = 0; i < n; i++) {
            rows.append(i == 0 ? "" : ",").append("{\"model\":\"m").append(i)
                    .append("\",\"input_per_mtok\":1,\"output_per_mtok\":1}");
        }
        return rows.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void putBeyond64KibIs413AndWrongContentTypeIs415() {
        String big = "{\"prices\":[],\"pad\":\"" + "x".repeat(ApiRequest.MAX_BODY_BYTES) + "\"}";
        JsonNode env = put(big);
        assertThat(last.status()).isEqualTo(413);
        assertThat(env.get("message").asText()).contains("65536");
        send("PUT", "/settings/prices", "text/plain", "{\"prices\":[]}");
        assertThat(last.status()).isEqualTo(415);
        send("PUT", "/settings/prices", null, "{\"prices\":[]}");
        assertThat(last.status()).isEqualTo(415);
        send("PUT", "/settings/prices", "application/json; charset=utf-8", "{\"prices\":[]}");
        assertThat(last.status()).isEqualTo(200);
        send("PUT", "/settings/prices", "application/json", null);
        assertThat(last.status()).isEqualTo(400);
    }

    @Test
    void wrongMethodsAre405WithAllow() {
        send("POST", "/settings/prices", "application/json", "{}");
        assertThat(last.status()).isEqualTo(405);
        assertThat(last.headers()).containsEntry("Allow", "GET, HEAD, PUT");
        send("DELETE", "/settings/prices", null, null);
        assertThat(last.status()).isEqualTo(405);
        send("PUT", "/settings", "application/json", "{}");
        assertThat(last.status()).isEqualTo(405);
        assertThat(last.headers()).containsEntry("Allow", "GET, HEAD");
        send("PUT", "/spans", "text/plain", "x");
        assertThat(last.status()).isEqualTo(405);
        send("HEAD", "/settings/prices", null, null);
        assertThat(last.status()).isEqualTo(200);
        assertThat(settings.written).isEmpty();
    }

    @Test
    void pricesUnavailableAndWriteFailureAre503() {
        settings.failWrite = true;
        JsonNode env = put("{\"prices\":[]}");
        assertThat(last.status()).isEqualTo(503);
        assertThat(env.get("message").asText()).doesNotContain("disk full");
        settings.prices = null;
        get("/settings/prices");
        assertThat(last.status()).isEqualTo(503);
        assertThat(get("/settings").get("data").get("prices")).isEmpty();
    }

    @Test
    void runtimeConfigRedactsEverySecret() {
        Map<String, Object> pipeline = new LinkedHashMap<>();
        pipeline.put("service.pid", "egret.pipeline~local.1234");
        pipeline.put("service.factoryPid", "egret.pipeline");
        pipeline.put("felix.fileinstall.filename", "file:/etc/egret/conf/egret.pipeline-local.cfg");
        pipeline.put("name", "local");
        pipeline.put("sources", new String[] {"pcap-file:/tmp/a.pcap"});
        pipeline.put("workers", 4);
        settings.configurations.put("egret.pipeline~local", pipeline);
        Map<String, Object> ch = new LinkedHashMap<>();
        ch.put("url", "http://egret:hunter2@ch:8123");
        ch.put("user", "egret");
        ch.put(".password", "hunter3");
        ch.put("password", "hunter4");
        ch.put("api_key", "k-123");
        ch.put("auth_token", "t-123");
        ch.put("client_secret", "s-123");
        ch.put("Authorization", "Bearer abc");
        ch.put("jdbc", "jdbc:clickhouse://ch:8123/db?user=egret&password=hunter5");
        ch.put("retention_days", 30);
        ch.put("ratio", 0.5);
        ch.put("retention_enabled", true);
        settings.configurations.put("egret.storage.clickhouse", ch);
        settings.configurations.put("org.egret.console.api", Map.of("storage.target", "(egret.storage.type=duckdb)"));
        settings.configurations.put("egret.pricing", Map.of("prices", new String[] {"a 1 2 0 0"}));
        JsonNode d = get("/runtime-config").get("data");
        assertThat(last.status()).isEqualTo(200);
        assertThat(d.get("version").asText()).isEqualTo("1.2.3");
        assertThat(d.get("config_path").asText()).isEqualTo("/etc/egret/egret.json");
        assertThat(d.get("loaded_at_ms").asLong()).isEqualTo(1_767_000_000_000L);
        JsonNode c = d.get("config");
        JsonNode local = c.get("pipelines").get("local");
        assertThat(local.get("name").asText()).isEqualTo("local");
        assertThat(local.get("workers").asInt()).isEqualTo(4);
        assertThat(local.get("sources").get(0).asText()).isEqualTo("pcap-file:/tmp/a.pcap");
        assertThat(local.has("service.pid")).isFalse();
        assertThat(local.has("felix.fileinstall.filename")).isFalse();
        JsonNode s = c.get("storage").get("egret.storage.clickhouse");
        for (String k : List.of(".password", "password", "api_key", "auth_token", "client_secret", "Authorization")) {
            assertThat(s.get(k).asText()).as(k).isEqualTo("[redacted]");
        }
        assertThat(s.get("url").asText()).isEqualTo("http://egret:[redacted]@ch:8123");
        assertThat(s.get("jdbc").asText()).isEqualTo("jdbc:clickhouse://ch:8123/db?user=egret&password=[redacted]");
        assertThat(s.get("user").asText()).isEqualTo("egret");
        assertThat(s.get("retention_days").asInt()).isEqualTo(30);
        assertThat(s.get("ratio").asDouble()).isEqualTo(0.5);
        assertThat(s.get("retention_enabled").asBoolean()).isTrue();
        assertThat(c.get("console").get("org.egret.console.api").get("storage.target").asText())
                .isEqualTo("(egret.storage.type=duckdb)");
        assertThat(c.get("other").get("egret.pricing").get("prices").get(0).asText()).isEqualTo("a 1 2 0 0");
        String text = d.toString();
        for (String secret : List.of("hunter2", "hunter3", "hunter4", "hunter5", "k-123", "t-123", "s-123", "abc")) {
            assertThat(text).doesNotContain(secret);
        }
    }

    @Test
    void runtimeConfigWithoutConfigAdminIs503() {
        settings.configurations = null;
        get("/runtime-config");
        assertThat(last.status()).isEqualTo(503);
        router = new ApiRouter(() -> bound, List::of, new RuntimeInfo("1", 0), Clock.systemUTC());
        get("/runtime-config");
        assertThat(last.status()).isEqualTo(503);
        get("/settings/prices");
        assertThat(last.status()).isEqualTo(503);
    }
}
