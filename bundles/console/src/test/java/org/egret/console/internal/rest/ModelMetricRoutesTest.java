package org.egret.console.internal.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.egret.api.pipeline.LatencyStats;
import org.egret.api.pipeline.MetricGranularity;
import org.egret.api.pipeline.MetricWindow;
import org.junit.jupiter.api.Test;

/** {@code /api/metrics/models}: from the pipelines' windows when they have calls, else from the stored calls. */
class ModelMetricRoutesTest extends RouterTestBase {

    private static final long SEC = 1_000_000L;
    /** 2026-01-01T00:00:00Z in epoch µs. */
    private static final long W0 = 1_767_225_600_000_000L;

    private static LatencyStats latency(double... ms) {
        return Arrays.stream(ms)
                .mapToObj(v -> LatencyStats.of(1, v, v, new TreeMap<>(Map.of(Math.round(v * 1000), 1L))))
                .reduce(LatencyStats.EMPTY, LatencyStats::plus);
    }

    private static MetricWindow window(long start, String wire, String model, long calls, long e4xx, long e5xx,
            LatencyStats e2e, LatencyStats tpot) {
        return new MetricWindow(start, MetricGranularity.ONE_MINUTE, wire, model, null, null, calls, calls, e4xx, 0,
                e5xx, 0, 100 * calls, calls, 10 * calls, calls, 0, 0, 0, 100 * calls, 0.25 * calls, 0, 1,
                latency(100), LatencyStats.EMPTY, e2e, tpot);
    }

    private void storedCalls() {
        storage.calls.add(Fixtures.call("a", Fixtures.T0).setTtftMs(100.0).setE2eLatencyMs(1000.0)
                .setCostUsd(0.01));
        storage.calls.add(Fixtures.call("b", Fixtures.T0 + SEC).setTtftMs(300.0).setE2eLatencyMs(3000.0)
                .setStatusCode(429).setCostUsd(0.02));
        storage.calls.add(Fixtures.call("c", Fixtures.T0 + 2 * SEC).setWireApi("anthropic").setModel("claude")
                .setServerIp("10.0.0.8").setStatusCode(503).setTtftMs(null).setE2eLatencyMs(null)
                .setInputTokens(null));
    }

    @Test
    void withoutWindowsTheStoredCallsAnswer() {
        storedCalls();
        JsonNode d = data(get("/metrics/models"));
        assertThat(SpanJsonTest.names(d)).containsExactly("models", "source");
        assertThat(d.get("source").asText()).isEqualTo("storage");
        JsonNode gpt = d.get("models").get(0);
        assertThat(SpanJsonTest.names(gpt)).containsExactly("wire_api", "model", "call_count", "error_count",
                "error_4xx_count", "error_429_count", "error_5xx_count", "stream_count", "total_input_tokens",
                "total_output_tokens", "ttft_avg", "ttft_p95", "e2e_avg", "e2e_p95", "tpot_avg", "total_cost_usd");
        assertThat(gpt.get("wire_api").asText()).isEqualTo("openai-chat");
        assertThat(gpt.get("model").asText()).isEqualTo("gpt-4o");
        assertThat(gpt.get("call_count").asLong()).isEqualTo(2);
        assertThat(gpt.get("error_count").asLong()).isEqualTo(1);
        assertThat(gpt.get("error_429_count").asLong()).isEqualTo(1);
        assertThat(gpt.get("error_4xx_count").asLong()).isEqualTo(1);
        assertThat(gpt.get("total_input_tokens").asLong()).isEqualTo(20);
        assertThat(gpt.get("ttft_avg").asDouble()).isCloseTo(200, within(1e-9));
        assertThat(gpt.get("ttft_p95").asDouble()).isEqualTo(300);
        assertThat(gpt.get("e2e_avg").asDouble()).isCloseTo(2000, within(1e-9));
        assertThat(gpt.get("tpot_avg").isNull()).isTrue();
        assertThat(gpt.get("total_cost_usd").asDouble()).isCloseTo(0.03, within(1e-12));
        JsonNode claude = d.get("models").get(1);
        assertThat(claude.get("error_5xx_count").asLong()).isEqualTo(1);
        assertThat(claude.get("ttft_avg").isNull()).isTrue();
        assertThat(claude.get("total_input_tokens").asLong()).isZero();
    }

    @Test
    void windowsWinWhenTheyHaveCallsAndMergeAcrossPipelines() {
        storedCalls();
        FixedPipeline a = FixedPipeline.windowed("a");
        FixedPipeline b = FixedPipeline.windowed("b");
        a.rows().add(window(W0, "openai-chat", "gpt-4o", 2, 1, 0, latency(100, 200), latency(10, 20)));
        a.rows().add(window(W0 + 60 * SEC, "openai-chat", "gpt-4o", 1, 0, 1, latency(900), latency(30)));
        b.rows().add(window(W0, "anthropic", "claude", 5, 0, 0, latency(50, 50, 50, 50, 50), latency(5)));
        pipelines.addAll(List.of(a, b));
        JsonNode d = data(get("/metrics/models"));
        assertThat(d.get("source").asText()).isEqualTo("windows");
        assertThat(d.get("models")).extracting(m -> m.get("model").asText()).containsExactly("claude", "gpt-4o");
        JsonNode gpt = d.get("models").get(1);
        assertThat(gpt.get("call_count").asLong()).isEqualTo(3);
        assertThat(gpt.get("error_count").asLong()).isEqualTo(2);
        assertThat(gpt.get("error_5xx_count").asLong()).isEqualTo(1);
        assertThat(gpt.get("total_output_tokens").asLong()).isEqualTo(30);
        assertThat(gpt.get("e2e_avg").asDouble()).isCloseTo(400, within(1e-6));
        assertThat(gpt.get("e2e_p95").asDouble()).isCloseTo(900, within(1.0));
        assertThat(gpt.get("tpot_avg").asDouble()).isCloseTo(20, within(1e-6));
        assertThat(gpt.get("total_cost_usd").asDouble()).isCloseTo(0.75, within(1e-9));
        assertThat(storage.groupQueries).isEmpty();

        JsonNode bySlow = data(get("/metrics/models", "sort_by=e2e_avg&sort_order=desc&limit=1"));
        assertThat(bySlow.get("models")).extracting(m -> m.get("model").asText()).containsExactly("gpt-4o");
        // the windows keep no server: a server filter reads the stored calls
        JsonNode byServer = data(get("/metrics/models", "server_ip=10.0.0.8"));
        assertThat(byServer.get("source").asText()).isEqualTo("storage");
        assertThat(byServer.get("models")).extracting(m -> m.get("model").asText()).containsExactly("claude");
    }

    @Test
    void windowsOutsideTheRangeFallBackToStorage() {
        storedCalls();
        FixedPipeline a = FixedPipeline.windowed("a");
        a.rows().add(window(W0, "openai-chat", "old", 2, 0, 0, latency(1), latency(1)));
        pipelines.add(a);
        long t0 = Fixtures.T0 / SEC;
        JsonNode d = data(get("/metrics/models", "start=" + t0 + "&end=" + (t0 + 10) + "&wire_api=anthropic"));
        assertThat(d.get("source").asText()).isEqualTo("storage");
        assertThat(d.get("models")).extracting(m -> m.get("model").asText()).containsExactly("claude");
        assertThat(storage.groupQueries.get(0).wireApis()).containsExactly("anthropic");
    }

    @Test
    void badParametersAre400NamingThem() {
        for (String query : List.of("sort_by=tps", "sort_order=sideways", "limit=-5", "start=1767323045678",
                "start=10&end=5", "end=x")) {
            JsonNode env = get("/metrics/models", query);
            assertError(env, 400, 1001);
            assertThat(env.get("message").asText()).startsWith(query.substring(0, query.indexOf('=')) + ":");
        }
        assertThat(get("/metrics/models", "sort_by=tps").get("message").asText()).contains("ttft_p95", "tpot_avg");
        assertThat(storage.groupQueries).isEmpty();
    }
}
