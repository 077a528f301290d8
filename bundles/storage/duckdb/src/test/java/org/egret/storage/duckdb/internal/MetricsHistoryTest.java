package org.egret.storage.duckdb.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.egret.api.pipeline.LatencyStats;
import org.egret.api.pipeline.MetricGranularity;
import org.egret.api.pipeline.MetricWindow;
import org.egret.api.storage.HealthQuery;
import org.egret.api.storage.HealthSample;
import org.egret.api.storage.MetricRollup;
import org.egret.api.storage.Page;
import org.egret.api.storage.RollupQuery;
import org.egret.api.storage.TimeRange;
import org.egret.storage.conformance.ConformanceTraffic;
import org.junit.jupiter.api.Test;

/** Schema v8: one-minute metric rollups and health samples, stored and read back exactly. */
class MetricsHistoryTest extends DuckDbStorageTestBase {
    private static final long MINUTE = 60_000_000L;
    private static final long T0 = MetricGranularity.ONE_MINUTE.windowStart(ConformanceTraffic.T0);

    static LatencyStats latency(long... valuesMicros) {
        TreeMap<Long, Long> buckets = new TreeMap<>();
        double sum = 0;
        double max = 0;
        for (long v : valuesMicros) {
            // an upper bound per value, as the sketch keeps them: the layout does not matter for storage
            buckets.merge(v + 7, 1L, Long::sum);
            sum += v / 1000.0;
            max = Math.max(max, v / 1000.0);
        }
        return valuesMicros.length == 0 ? LatencyStats.EMPTY : LatencyStats.of(valuesMicros.length, sum, max, buckets);
    }

    static MetricWindow window(long start, String wireApi, String model, long calls) {
        return new MetricWindow(start, MetricGranularity.ONE_MINUTE, wireApi, model, "vllm", "claude-cli", calls,
                calls - 1, 3, 1, 2, 1, 12_345, calls, 678, calls - 1, 900, 40, 12, 13_285, 0.0421, 4.5e7, 3,
                latency(120_000, 250_000, 250_000), latency(90_000), latency(1_200_000, 3_400_000, 900_000),
                latency());
    }

    @Test
    void rollupsRoundTripWithEveryFieldAndTheirBucketsMergeExactly() throws Exception {
        DuckDbStorage storage = open();
        MetricRollup a = new MetricRollup("local", window(T0, "anthropic", "claude-sonnet-4", 5));
        MetricRollup b = new MetricRollup("local", window(T0, "openai-chat", null, 2));
        MetricRollup c = new MetricRollup("eth1", window(T0 + MINUTE, "anthropic", "claude-sonnet-4", 7));

        storage.writeRollups(List.of(c, b, a));

        List<MetricRollup> read = storage.queryRollups(RollupQuery.range(TimeRange.ALL, 100));
        // oldest first, then pipeline, then dimensions
        assertThat(read).containsExactly(a, b, c);
        MetricWindow merged = read.get(0).window().plus(read.get(1).window());
        assertThat(merged.e2e()).isEqualTo(a.window().e2e().plus(b.window().e2e()));
        assertThat(storage.storesMetrics()).isTrue();
    }

    @Test
    void aWindowWrittenAgainReplacesItsRow() throws Exception {
        DuckDbStorage storage = open();
        storage.writeRollups(List.of(new MetricRollup("local", window(T0, "anthropic", null, 5)),
                new MetricRollup("local", window(T0, "gemini", null, 1))));
        MetricRollup late = new MetricRollup("local", window(T0, "anthropic", null, 6));

        storage.writeRollups(List.of(late));

        assertThat(storage.queryRollups(RollupQuery.range(TimeRange.ALL, 100))).extracting(r -> r.window().calls())
                .containsExactly(6L, 1L);
    }

    @Test
    void rollupQueriesFilterByRangePipelineAndDimensions() throws Exception {
        DuckDbStorage storage = open();
        for (int i = 0; i < 10; i++) {
            storage.writeRollups(List.of(new MetricRollup(i % 2 == 0 ? "local" : "eth1",
                    window(T0 + i * MINUTE, i % 3 == 0 ? "gemini" : "anthropic", "m" + (i % 2), i + 1))));
        }

        assertThat(storage.queryRollups(RollupQuery.range(new TimeRange(T0 + 2 * MINUTE, T0 + 5 * MINUTE), 100)))
                .extracting(r -> r.window().calls()).containsExactly(3L, 4L, 5L);
        assertThat(storage.queryRollups(new RollupQuery(TimeRange.ALL, List.of("eth1"), List.of("gemini"),
                List.of(), List.of(), 100))).extracting(r -> r.window().calls()).containsExactly(4L, 10L);
        assertThat(storage.queryRollups(new RollupQuery(TimeRange.ALL, List.of(), List.of(), List.of("m0"),
                List.of("claude-cli"), 2))).extracting(r -> r.window().calls()).containsExactly(1L, 3L);
        assertThat(storage.queryRollups(new RollupQuery(TimeRange.ALL, List.of(), List.of(), List.of(),
                List.of("codex-cli"), 100))).isEmpty();
    }

    @Test
    void healthSamplesRoundTripNewestFirstWithFiltersAndPages() throws Exception {
        DuckDbStorage storage = open();
        HealthSample first = new HealthSample(ConformanceTraffic.T0, "local", "running",
                Map.of("packets", 10L, "calls", 2L, "storage_drops", 0L));
        HealthSample second = new HealthSample(ConformanceTraffic.T0 + 1_000_000, "local", "running",
                Map.of("packets", 25L, "calls", 5L, "storage_drops", 1L));
        HealthSample other = new HealthSample(ConformanceTraffic.T0 + 500_000, "eth1", "drained", Map.of());

        storage.writeHealthSamples(List.of(first, second, other));

        Page<HealthSample> all = storage.queryHealthSamples(new HealthQuery(TimeRange.ALL, List.of(), 0, 10));
        assertThat(all.total()).isEqualTo(3);
        assertThat(all.items()).containsExactly(second, other, first);
        Page<HealthSample> local = storage.queryHealthSamples(new HealthQuery(
                new TimeRange(ConformanceTraffic.T0, ConformanceTraffic.T0 + 1_000_000), List.of("local"), 0, 10));
        assertThat(local.items()).containsExactly(first);
        Page<HealthSample> page = storage.queryHealthSamples(new HealthQuery(TimeRange.ALL, List.of(), 1, 1));
        assertThat(page.total()).isEqualTo(3);
        assertThat(page.items()).containsExactly(other);
    }
}
