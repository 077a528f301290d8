package org.egret.console.internal.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.egret.api.pipeline.AgentWindow;
import org.egret.api.pipeline.LatencyStats;
import org.egret.api.pipeline.MetricDimension;
import org.egret.api.pipeline.MetricGranularity;
import org.egret.api.pipeline.MetricWindow;
import org.egret.api.pipeline.MetricWindowQuery;
import org.junit.jupiter.api.Test;

/** The metric routes through the router, against pipelines that answer fixed windows. */
class MetricRoutesTest {

    /** 2026-01-01T00:00:00Z in epoch µs. */
    private static final long T0 = 1_767_225_600_000_000L;
    private static final long MIN = 60_000_000L;

    private final FixedPipeline a = FixedPipeline.windowed("a");
    private final FixedPipeline b = FixedPipeline.windowed("b");
    private final ApiRouter router = new ApiRouter(() -> null, () -> List.of(a, b),
            new RuntimeInfo("1.2.3", 0), Clock.fixed(Instant.ofEpochSecond(1), ZoneOffset.UTC));
    private ApiResponse last;

    private JsonNode data(String path, String query) {
        last = router.handle(path, query);
        JsonNode env = Fixtures.json(last.render());
        assertThat(last.status()).as(env.toString()).isEqualTo(200);
        return env.get("data");
    }

    private JsonNode error(String path, String query) {
        last = router.handle(path, query);
        JsonNode env = Fixtures.json(last.render());
        assertThat(last.status()).isEqualTo(400);
        assertThat(env.get("code").asInt()).isEqualTo(1001);
        return env;
    }

    /** Latencies with one value per bucket (its bound the value in µs), merged one by one. */
    private static LatencyStats latency(double... ms) {
        return Arrays.stream(ms)
                .mapToObj(v -> LatencyStats.of(1, v, v, new TreeMap<>(Map.of(Math.round(v * 1000), 1L))))
                .reduce(LatencyStats.EMPTY, LatencyStats::plus);
    }

    private static MetricWindow row(long start, String model, long calls, LatencyStats e2e) {
        return new MetricWindow(start, MetricGranularity.ONE_MINUTE, null, model, null, null, calls, calls, 1, 0, 0,
                0, 100 * calls, calls, 10 * calls, calls, 40 * calls, 0, 0, 100 * calls, 0.5, 30e6, 2,
                LatencyStats.EMPTY, latency(100), e2e, LatencyStats.EMPTY);
    }

    @Test
    void timeseriesServesHeronsShapeOnTheGridMergingPipelines() {
        a.rows().add(row(T0, "m1", 2, latency(100, 200)));
        b.rows().add(row(T0, "m1", 1, latency(400)));
        a.rows().add(row(T0 + 2 * MIN, "m1", 3, latency(50, 60, 70)));

        JsonNode d = data("/metrics/timeseries", "granularity=1m&start=" + (T0 / 1_000_000 - 30) + "&end="
                + (T0 / 1_000_000 + 180) + "&fields=call_count,e2e_p50,e2e_max,e2e_avg,active_calls_max"
                + "&group_by=model");
        assertThat(SpanJsonTest.names(d)).containsExactly("granularity", "timestamps", "series", "source");
        assertThat(d.get("source").asText()).isEqualTo("windows");
        // the start rounded up to the granularity, the end excluded
        assertThat(d.get("timestamps")).extracting(JsonNode::asLong).containsExactly(T0 / 1_000_000,
                T0 / 1_000_000 + 60, T0 / 1_000_000 + 120);
        JsonNode calls = d.get("series").get(0);
        assertThat(SpanJsonTest.names(calls)).containsExactly("name", "group", "labels", "values");
        assertThat(calls.get("name").asText()).isEqualTo("call_count");
        assertThat(calls.get("group").asText()).isEqualTo("m1");
        assertThat(calls.get("labels").get("model").asText()).isEqualTo("m1");
        assertThat(calls.get("values")).extracting(JsonNode::asLong).containsExactly(3L, 0L, 3L);
        JsonNode p50 = d.get("series").get(1);
        assertThat(p50.get("values").get(0).asDouble()).as("median of 100, 200, 400").isEqualTo(200);
        assertThat(p50.get("values").get(1).isNull()).as("no calls: no percentile").isTrue();
        assertThat(d.get("series").get(2).get("values").get(0).asDouble()).isEqualTo(400);
        assertThat(d.get("series").get(3).get("values").get(0).asDouble()).isCloseTo(700 / 3.0, within(1e-9));
        assertThat(d.get("series").get(4).get("values").get(0).asLong()).isEqualTo(2);

        MetricWindowQuery q = a.queries().get(0);
        assertThat(q.granularity()).isEqualTo(MetricGranularity.ONE_MINUTE);
        assertThat(q.from()).isEqualTo(T0);
        assertThat(q.groupBy()).containsExactly(MetricDimension.MODEL);
    }

    @Test
    void timeseriesPassesFiltersAndWithoutARangeSpansTheData() {
        a.rows().add(row(T0 + MIN, "m1", 2, latency(100, 200)));
        JsonNode d = data("/metrics/timeseries", "granularity=1m&fields=call_rate,cache_hit_ratio"
                + "&wire_api=openai-chat,anthropic&model=m1&server_kind=vllm&agent_kind=codex-cli");
        assertThat(d.get("timestamps")).extracting(JsonNode::asLong).containsExactly(T0 / 1_000_000 + 60);
        JsonNode series = d.get("series");
        assertThat(series.get(0).get("group").isNull()).isTrue();
        assertThat(series.get(0).get("values").get(0).asDouble()).isEqualTo(2 / 60.0);
        assertThat(series.get(1).get("values").get(0).asDouble()).isEqualTo(0.4);
        MetricWindowQuery q = a.queries().get(0);
        assertThat(q.wireApis()).containsExactly("openai-chat", "anthropic");
        assertThat(q.models()).containsExactly("m1");
        assertThat(q.serverKinds()).containsExactly("vllm");
        assertThat(q.agentKinds()).containsExactly("codex-cli");
        assertThat(q.groupBy()).isEmpty();
    }

    @Test
    void timeseriesRejectsWhatItCannotServe() {
        assertThat(error("/metrics/timeseries", "fields=call_count").get("message").asText())
                .startsWith("granularity:");
        error("/metrics/timeseries", "granularity=2m&fields=call_count");
        assertThat(error("/metrics/timeseries", "granularity=1m&fields=call_count,bogus").get("message").asText())
                .contains("bogus").contains("ttft_p95");
        error("/metrics/timeseries", "granularity=1m");
        error("/metrics/timeseries", "granularity=1m&fields=call_count&group_by=server_ip");
        assertThat(error("/metrics/timeseries", "granularity=10s&fields=call_count&start=0&end=4000000000")
                .get("message").asText()).contains("coarser");
    }

    @Test
    void summaryAddsEveryWindowOfTheRange() {
        a.rows().add(row(T0, "m1", 2, latency(100, 200)));
        b.rows().add(row(T0 + MIN, "m2", 2, latency(300, 900)));
        JsonNode d = data("/metrics/summary", null);
        for (String heron : List.of("call_count", "error_count", "error_4xx_count", "error_429_count",
                "error_5xx_count", "total_input_tokens", "total_output_tokens", "ttft_avg", "e2e_avg", "tpot_avg")) {
            assertThat(d.has(heron)).as(heron).isTrue();
        }
        assertThat(d.get("granularity").asText()).isEqualTo("1m");
        assertThat(d.get("call_count").asLong()).isEqualTo(4);
        assertThat(d.get("error_4xx_count").asLong()).isEqualTo(2);
        assertThat(d.get("total_input_tokens").asLong()).isEqualTo(400);
        assertThat(d.get("e2e_avg").asDouble()).isEqualTo(375);
        assertThat(d.get("e2e_max").asDouble()).isEqualTo(900);
        assertThat(d.get("e2e_p50").asDouble()).isEqualTo(200);
        assertThat(d.get("tpot_avg").isNull()).isTrue();
        assertThat(d.get("call_rate").asDouble()).as("over the two minutes").isEqualTo(4 / 120.0);
        assertThat(d.get("active_calls_avg").asDouble()).isEqualTo(60 / 120.0);
        assertThat(a.queries().get(0).granularity()).as("the pipeline picks").isNull();
    }

    @Test
    void summaryOfNothingIsZerosAndNulls() {
        JsonNode d = data("/metrics/summary", "start=1767225600&end=1767229200");
        assertThat(d.get("call_count").asLong()).isZero();
        assertThat(d.get("e2e_avg").isNull()).isTrue();
        assertThat(d.get("granularity").isNull()).isTrue();
    }

    private static AgentWindow agent(String kind, long turns, long toolResults, long toolErrors, double... ms) {
        return new AgentWindow(T0, MetricGranularity.ONE_MINUTE, kind, turns, turns - 1, latency(ms), 3 * turns, 1,
                toolResults + 1, toolResults, toolErrors, 1, 0, 1000, 100, 0.25, T0 + 5_000_000);
    }

    @Test
    void agentLayerPerAgentKindMergesPipelinesAndIsAlsoHeronsTraceSummary() {
        a.agents().add(agent("claude-cli", 2, 8, 2, 1000, 3000));
        b.agents().add(agent("claude-cli", 1, 2, 0, 2000));
        b.agents().add(agent("codex-cli", 1, 0, 0, 500));
        for (String path : List.of("/metrics/agents", "/traces/summary")) {
            JsonNode rows = data(path, "agent_kind=claude-cli,codex-cli").get("summary");
            assertThat(rows).extracting(r -> r.get("agent_kind").asText()).containsExactly("claude-cli", "codex-cli");
            JsonNode c = rows.get(0);
            assertThat(SpanJsonTest.names(c)).startsWith("agent_kind", "turn_count", "total_input_tokens",
                    "total_output_tokens", "avg_duration_ms", "last_seen_ms");
            assertThat(c.get("turn_count").asLong()).isEqualTo(3);
            assertThat(c.get("avg_duration_ms").asDouble()).isEqualTo(2000);
            assertThat(c.get("duration_p50_ms").asDouble()).isEqualTo(2000);
            assertThat(c.get("duration_max_ms").asDouble()).isEqualTo(3000);
            assertThat(c.get("last_seen_ms").asLong()).isEqualTo((T0 + 5_000_000) / 1000);
            assertThat(c.get("calls_per_turn").asDouble()).isEqualTo(3.0);
            assertThat(c.get("tool_success_rate").asDouble()).isEqualTo(8 / 10.0);
            assertThat(c.get("plan_loop_turns").asLong()).isEqualTo(2);
            assertThat(c.get("no_submit_turns").asLong()).isZero();
            assertThat(rows.get(1).get("tool_success_rate").isNull()).as("no tool results").isTrue();
        }
        MetricWindowQuery q = a.queries().get(0);
        assertThat(q.agentKinds()).containsExactly("claude-cli", "codex-cli");
        assertThat(q.groupBy()).containsExactly(MetricDimension.AGENT_KIND);
    }

    @Test
    void metricRoutesAnswerWithoutStorage() {
        assertThat(data("/metrics/summary", null).get("call_count").asLong()).isZero();
        last = router.handle("/metrics/nope", null);
        assertThat(last.status()).isEqualTo(404);
    }
}
