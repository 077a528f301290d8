package org.egret.console.internal.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.egret.api.pipeline.PipelineState;
import org.egret.api.pipeline.PipelineStatus;
import org.egret.api.storage.HealthSample;
import org.egret.api.storage.StorageBackend;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /api/internal-metrics} and its series: Heron's shapes from the pipelines' counters and stored samples. */
class InternalMetricsRoutesTest {

    static final long NOW_MILLIS = 1_767_000_000_000L;

    final SampleStorage storage = new SampleStorage();
    StorageBackend bound = storage;
    final List<PipelineStatus> pipelines = new ArrayList<>();
    ApiRouter router;
    ApiResponse last;

    @BeforeEach
    void setUp() {
        router = new ApiRouter(() -> bound, () -> pipelines, new RuntimeInfo("1.2.3", NOW_MILLIS - 5000),
                Clock.fixed(Instant.ofEpochMilli(NOW_MILLIS), ZoneOffset.UTC));
    }

    JsonNode get(String path, String query) {
        last = router.handle(path, query);
        return Fixtures.json(last.render());
    }

    static Map<String, Long> counters(long flows, long turnsOpen) {
        Map<String, Long> c = new LinkedHashMap<>();
        c.put("pkts_received", 1000L);
        c.put("flows_active", flows);
        c.put("turns_in_progress", turnsOpen);
        c.put("q_storage", 7L);
        c.put("q_storage_capacity", 4096L);
        c.put("flushed_calls", 40L);
        c.put("wires_detected", 41L);
        c.put("http_reqs_parsed", 50L);
        c.put("decoder_selected.anthropic", 3L);
        return c;
    }

    static JsonNode metric(JsonNode metrics, String name) {
        for (JsonNode m : metrics) {
            if (m.get("name").asText().equals(name)) {
                return m;
            }
        }
        throw new AssertionError("no metric " + name + " in " + metrics);
    }

    @Test
    void currentCountersGroupedWithQueuesFoldedAndGlobalsSummed() {
        pipelines.add(new FixedPipeline("zeta", PipelineState.RUNNING, null, Map.of(), counters(3, 1)));
        pipelines.add(new FixedPipeline("alpha", PipelineState.RUNNING, null, Map.of(), counters(2, 4)));
        JsonNode env = get("/internal-metrics", null);
        assertThat(last.status()).isEqualTo(200);
        JsonNode d = env.get("data");
        assertThat(d.get("ts").asLong()).isEqualTo(NOW_MILLIS / 1000);
        assertThat(d.get("pipelines")).hasSize(2);
        assertThat(d.get("pipelines").get(0).get("name").asText()).isEqualTo("alpha");
        JsonNode m = d.get("pipelines").get(0).get("metrics");
        JsonNode q = metric(m, "q_storage");
        assertThat(q.get("kind").asText()).isEqualTo("gauge");
        assertThat(q.get("group").asText()).isEqualTo("storage");
        assertThat(q.get("value").asLong()).isEqualTo(7);
        assertThat(q.get("capacity").asLong()).isEqualTo(4096);
        for (JsonNode x : m) {
            assertThat(x.get("name").asText()).isNotEqualTo("q_storage_capacity");
        }
        assertThat(metric(m, "pkts_received").get("group").asText()).isEqualTo("capture");
        assertThat(metric(m, "pkts_received").get("kind").asText()).isEqualTo("counter");
        assertThat(metric(m, "pkts_received").has("capacity")).isFalse();
        assertThat(metric(m, "flows_active").get("kind").asText()).isEqualTo("gauge");
        assertThat(metric(m, "http_reqs_parsed").get("group").asText()).isEqualTo("protocol");
        assertThat(metric(m, "wires_detected").get("group").asText()).isEqualTo("llm");
        assertThat(metric(m, "turns_in_progress").get("group").asText()).isEqualTo("turn");
        assertThat(metric(m, "decoder_selected.anthropic").get("group").asText()).isEqualTo("llm");
        JsonNode g = d.get("global").get("metrics");
        assertThat(metric(g, "flows_active").get("value").asLong()).isEqualTo(5);
        assertThat(metric(g, "agent_turns_open").get("value").asLong()).isEqualTo(5);
        assertThat(metric(g, "storage_healthy").get("value").asLong()).isEqualTo(1);
        assertThat(metric(g, "calls_written").get("value").asLong()).isEqualTo(12);
        assertThat(metric(g, "write_errors").get("value").asLong()).isEqualTo(1);
        assertThat(metric(g, "buffered_bytes").get("value").asLong()).isEqualTo(600);
    }

    @Test
    void currentAnswersWithoutStorageOrPipelines() {
        bound = null;
        JsonNode d = get("/internal-metrics", null).get("data");
        assertThat(last.status()).isEqualTo(200);
        assertThat(d.get("pipelines")).isEmpty();
        assertThat(metric(d.get("global").get("metrics"), "storage_healthy").get("value").asLong()).isZero();
    }

    @Test
    void seriesPerPipelineOldestFirstFromStoredSamples() {
        long t = (NOW_MILLIS - 60_000) * 1000;
        storage.samples.add(new HealthSample(t, "local", "running", counters(1, 0)));
        storage.samples.add(new HealthSample(t + 10_000_000, "local", "running", counters(4, 2)));
        storage.samples.add(new HealthSample(t + 5_000_000, "other", "running", counters(9, 9)));
        storage.samples.add(new HealthSample(t - 3_600_000_000L, "local", "running", counters(100, 100)));
        JsonNode d = get("/internal-metrics/series", "since=" + (NOW_MILLIS - 120_000)
                + "&metrics=flows_active,agent_turns_open").get("data");
        assertThat(last.status()).isEqualTo(200);
        assertThat(d.get("ts").asLong()).isEqualTo(NOW_MILLIS);
        JsonNode s = d.get("series");
        assertThat(s).hasSize(4);
        assertThat(s.get(0).get("name").asText()).isEqualTo("flows_active");
        assertThat(s.get(0).get("pipeline").asText()).isEqualTo("local");
        assertThat(s.get(0).get("group").asText()).isEqualTo("protocol");
        assertThat(s.get(0).get("points")).hasSize(2);
        assertThat(s.get(0).get("points").get(0).get("t").asLong()).isEqualTo(t / 1000);
        assertThat(s.get(0).get("points").get(0).get("v").asLong()).isEqualTo(1);
        assertThat(s.get(0).get("points").get(1).get("v").asLong()).isEqualTo(4);
        assertThat(s.get(1).get("pipeline").asText()).isEqualTo("other");
        assertThat(s.get(2).get("name").asText()).isEqualTo("agent_turns_open");
        assertThat(s.get(2).get("points").get(1).get("v").asLong()).isEqualTo(2);
        assertThat(storage.queries.get(0).limit()).isEqualTo(InternalMetricsRoutes.MAX_SAMPLES);
    }

    @Test
    void seriesDefaultsToTheLastDayOfTheTwoGauges() {
        storage.samples.add(new HealthSample((NOW_MILLIS - 1000) * 1000, "local", "running", counters(3, 1)));
        JsonNode s = get("/internal-metrics/series", null).get("data").get("series");
        assertThat(s).hasSize(2);
        assertThat(s.get(0).get("name").asText()).isEqualTo("flows_active");
        assertThat(s.get(1).get("name").asText()).isEqualTo("agent_turns_open");
        assertThat(storage.queries.get(0).range().fromMicros()).isEqualTo((NOW_MILLIS - 86_400_000L) * 1000);
    }

    @Test
    void seriesBadParametersAre400AndNoStorage503() {
        for (String q : List.of("since=abc", "since=-1", "since=1767000000000000", "metrics=FLOWS", "metrics=a%20b",
                "since=1&since=2")) {
            JsonNode env = get("/internal-metrics/series", q);
            assertThat(last.status()).as(q).isEqualTo(400);
            assertThat(env.get("code").asInt()).isEqualTo(1001);
        }
        StringBuilder many = new StringBuilder("metrics=");
        for (int i = 0; i < 40; i++) {
            many.append("m").append(i).append(',');
        }
        get("/internal-metrics/series", many.toString());
        assertThat(last.status()).isEqualTo(400);
        bound = null;
        JsonNode env = get("/internal-metrics/series", null);
        assertThat(last.status()).isEqualTo(503);
        assertThat(env.get("code").asInt()).isEqualTo(5003);
        get("/internal-metrics/nope", null);
        assertThat(last.status()).isEqualTo(404);
    }
}
