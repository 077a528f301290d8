package org.egret.console.internal.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.egret.api.pipeline.LatencyStats;
import org.egret.api.pipeline.MetricGranularity;
import org.egret.api.pipeline.MetricWindow;
import org.egret.api.pipeline.PipelineStatus;
import org.egret.api.storage.MetricRollup;
import org.junit.jupiter.api.Test;

/** The metric routes falling back to the stored one-minute rollups when the pipelines' windows hold no call. */
class MetricRoutesStorageTest {

    /** 2026-01-01T00:00:00Z in epoch µs. */
    private static final long T0 = 1_767_225_600_000_000L;
    private static final long MIN = 60_000_000L;
    private static final long S0 = T0 / 1_000_000;

    private final InMemoryStorage storage = new InMemoryStorage();
    private final List<PipelineStatus> pipelines = new ArrayList<>();
    private final ApiRouter router = new ApiRouter(() -> storage, () -> pipelines, new RuntimeInfo("1.2.3", 0),
            Clock.fixed(Instant.ofEpochSecond(1), ZoneOffset.UTC));

    {
        storage.storesMetrics = true;
    }

    private JsonNode data(String path, String query) {
        ApiResponse r = router.handle(path, query);
        JsonNode env = Fixtures.json(r.render());
        assertThat(r.status()).as(env.toString()).isEqualTo(200);
        return env.get("data");
    }

    private static LatencyStats oneLatency(double ms) {
        return LatencyStats.of(1, ms, ms, new TreeMap<>(Map.of(Math.round(ms * 1000), 1L)));
    }

    private static MetricWindow minute(long start, String model, String agentKind, long calls, double e2eMs) {
        LatencyStats e2e = LatencyStats.EMPTY;
        for (int i = 0; i < calls; i++) {
            e2e = e2e.plus(oneLatency(e2eMs));
        }
        return new MetricWindow(start, MetricGranularity.ONE_MINUTE, "openai-chat", model, "vllm", agentKind, calls,
                calls, 0, 0, 0, 0, 100 * calls, calls, 10 * calls, calls, 0, 0, 0, 100 * calls, 0.5 * calls, 30e6, 2,
                LatencyStats.EMPTY, LatencyStats.EMPTY, e2e, LatencyStats.EMPTY);
    }

    private void stored(String pipeline, MetricWindow w) {
        storage.writeRollups(List.of(new MetricRollup(pipeline, w)));
    }

    private String range(long fromS, long toS) {
        return "start=" + fromS + "&end=" + toS;
    }

    @Test
    void timeseriesWithoutPipelinesServesTheRollupsValues() {
        stored("local", minute(T0, "m1", "claude-cli", 2, 100));
        stored("other", minute(T0, "m1", "claude-cli", 1, 400));
        stored("local", minute(T0 + 2 * MIN, "m2", "codex-cli", 3, 50));

        JsonNode d = data("/metrics/timeseries", "granularity=1m&" + range(S0, S0 + 180)
                + "&fields=call_count,e2e_max,total_input_tokens&group_by=model");
        assertThat(d.get("source").asText()).isEqualTo("storage");
        assertThat(d.get("granularity").asText()).isEqualTo("1m");
        assertThat(d.get("timestamps")).extracting(JsonNode::asLong).containsExactly(S0, S0 + 60, S0 + 120);
        JsonNode m1 = d.get("series").get(0);
        assertThat(m1.get("group").asText()).isEqualTo("m1");
        assertThat(m1.get("values")).extracting(JsonNode::asLong).as("two pipelines' minutes added")
                .containsExactly(3L, 0L, 0L);
        assertThat(d.get("series").get(1).get("values").get(0).asDouble()).isEqualTo(400);
        assertThat(d.get("series").get(5).get("group").asText()).isEqualTo("m2");
        assertThat(d.get("series").get(5).get("values")).extracting(JsonNode::asLong).containsExactly(0L, 0L, 300L);
        assertThat(d.has("truncated")).isFalse();
        assertThat(storage.rollupQueries.get(0).range().fromMicros()).isEqualTo(T0);
    }

    @Test
    void timeseriesFromStorageMergesMinutesIntoCoarserWidthsAndServesTenSecondsAsMinutes() {
        stored("local", minute(T0, "m1", null, 2, 100));
        stored("local", minute(T0 + MIN, "m1", null, 3, 100));
        stored("local", minute(T0 + 5 * MIN, "m1", null, 1, 100));

        JsonNode five = data("/metrics/timeseries", "granularity=5m&" + range(S0, S0 + 600) + "&fields=call_count");
        assertThat(five.get("granularity").asText()).isEqualTo("5m");
        assertThat(five.get("timestamps")).extracting(JsonNode::asLong).containsExactly(S0, S0 + 300);
        assertThat(five.get("series").get(0).get("values")).extracting(JsonNode::asLong).containsExactly(5L, 1L);

        JsonNode ten = data("/metrics/timeseries", "granularity=10s&" + range(S0, S0 + 120)
                + "&fields=call_count,call_rate");
        assertThat(ten.get("source").asText()).isEqualTo("storage");
        assertThat(ten.get("granularity").asText()).as("the stored width").isEqualTo("1m");
        assertThat(ten.get("timestamps")).extracting(JsonNode::asLong).containsExactly(S0, S0 + 60);
        assertThat(ten.get("series").get(0).get("values")).extracting(JsonNode::asLong).containsExactly(2L, 3L);
        assertThat(ten.get("series").get(1).get("values").get(1).asDouble()).as("per second of the minute")
                .isEqualTo(3 / 60.0);
    }

    @Test
    void timeseriesFromStorageFiltersByServerKind() {
        stored("local", minute(T0, "m1", null, 2, 100));
        JsonNode d = data("/metrics/timeseries", "granularity=1m&" + range(S0, S0 + 60)
                + "&fields=call_count&server_kind=sglang");
        assertThat(d.get("series")).isEmpty();
    }

    @Test
    void summaryAndAgentsWithoutPipelines() {
        stored("local", minute(T0, "m1", "claude-cli", 2, 100));
        stored("local", minute(T0 + MIN, "m2", "codex-cli", 2, 300));
        JsonNode s = data("/metrics/summary", range(S0, S0 + 3600));
        assertThat(s.get("source").asText()).isEqualTo("storage");
        assertThat(s.get("granularity").asText()).isEqualTo("1m");
        assertThat(s.get("call_count").asLong()).isEqualTo(4);
        assertThat(s.get("total_input_tokens").asLong()).isEqualTo(400);
        assertThat(s.get("e2e_avg").asDouble()).isEqualTo(200);
        assertThat(s.get("e2e_max").asDouble()).isEqualTo(300);
        assertThat(s.get("cost_usd").asDouble()).isEqualTo(2.0);
        assertThat(s.get("call_rate").asDouble()).as("over the two minutes").isEqualTo(4 / 120.0);

        JsonNode filtered = data("/metrics/summary", range(S0, S0 + 3600) + "&agent_kind=codex-cli");
        assertThat(filtered.get("call_count").asLong()).isEqualTo(2);

        // rollups carry no turns: the agent layer answers from the windows only, and says so
        JsonNode agents = data("/metrics/agents", range(S0, S0 + 3600));
        assertThat(agents.get("summary")).isEmpty();
        assertThat(agents.get("source").asText()).isEqualTo("windows");
    }

    @Test
    void windowsWinOverStorageWhenTheyHoldCalls() {
        FixedPipeline live = FixedPipeline.windowed("live");
        pipelines.add(live);
        live.rows().add(minute(T0, "m1", null, 7, 100));
        stored("local", minute(T0, "m1", null, 2, 100));
        JsonNode d = data("/metrics/timeseries", "granularity=1m&" + range(S0, S0 + 60) + "&fields=call_count");
        assertThat(d.get("source").asText()).isEqualTo("windows");
        assertThat(d.get("series").get(0).get("values")).extracting(JsonNode::asLong).containsExactly(7L);
        JsonNode s = data("/metrics/summary", range(S0, S0 + 60));
        assertThat(s.get("source").asText()).isEqualTo("windows");
        assertThat(s.get("call_count").asLong()).isEqualTo(7);
        assertThat(storage.rollupQueries).isEmpty();
    }

    @Test
    void storageThatKeepsNoMetricsIsNotRead() {
        storage.storesMetrics = false;
        stored("local", minute(T0, "m1", null, 2, 100));
        JsonNode s = data("/metrics/summary", range(S0, S0 + 60));
        assertThat(s.get("source").asText()).isEqualTo("windows");
        assertThat(s.get("call_count").asLong()).isZero();
        assertThat(storage.rollupQueries).isEmpty();
    }

    @Test
    void readsAtMostTheRollupLimitAndSaysSo() {
        for (int i = 0; i <= MetricRoutes.MAX_ROLLUPS; i++) {
            storage.rollups.add(new MetricRollup("p" + i, minute(T0, "m1", null, 1, 100)));
        }
        JsonNode s = data("/metrics/summary", range(S0, S0 + 60));
        assertThat(s.get("truncated").asBoolean()).isTrue();
        assertThat(s.get("rollup_limit").asInt()).isEqualTo(MetricRoutes.MAX_ROLLUPS);
        assertThat(s.get("call_count").asLong()).isEqualTo(MetricRoutes.MAX_ROLLUPS);
        assertThat(storage.rollupQueries.get(0).limit()).isEqualTo(MetricRoutes.MAX_ROLLUPS + 1);
    }

    @Test
    void badGranularityIsStillA400() {
        stored("local", minute(T0, "m1", null, 2, 100));
        ApiResponse r = router.handle("/metrics/timeseries", "granularity=2m&fields=call_count");
        assertThat(r.status()).isEqualTo(400);
        assertThat(Fixtures.json(r.render()).get("message").asText()).startsWith("granularity:");
    }
}
