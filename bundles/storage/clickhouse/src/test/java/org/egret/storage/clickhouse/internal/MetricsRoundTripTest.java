package org.egret.storage.clickhouse.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.egret.storage.conformance.ConformanceTraffic.T0;

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

class MetricsRoundTripTest extends ClickHouseTestBase {
    private static final long MINUTE = 60_000_000L;

    static MetricRollup rollup(String pipeline, long start, String model, long calls) {
        TreeMap<Long, Long> buckets = new TreeMap<>(Map.of(250_000L, calls, 1_000_000L, 2L));
        LatencyStats ttft = LatencyStats.of(calls + 2, 123.5 * calls, 980.25, buckets);
        MetricWindow w = new MetricWindow(start, MetricGranularity.ONE_MINUTE, "openai-chat", model, "openai",
                model == null ? null : "claude-cli", calls, calls / 2, 1, 0, 2, 0, 5_000_000_123L, calls, 640, calls,
                512, 0, 17, 900, 0.0125, 1.5e6, 3, ttft, LatencyStats.EMPTY, ttft, LatencyStats.EMPTY);
        return new MetricRollup(pipeline, w);
    }

    @Test
    void rollupsReadBackWholeOldestFirstAndARewriteReplaces() throws Exception {
        ClickHouseStorage storage = open();
        assertThat(storage.storesMetrics()).isTrue();
        MetricRollup a = rollup("local", T0, "gpt-4o", 10);
        MetricRollup b = rollup("local", T0 + MINUTE, "gpt-4o", 4);
        MetricRollup c = rollup("edge", T0, null, 7);
        storage.writeRollups(List.of(b, a, c));
        MetricRollup aLate = rollup("local", T0, "gpt-4o", 11);
        storage.writeRollups(List.of(aLate));

        List<MetricRollup> read = storage.queryRollups(RollupQuery.range(TimeRange.ALL, 100));

        assertThat(read).hasSize(3);
        assertThat(read.get(0)).usingRecursiveComparison().isEqualTo(c);
        assertThat(read.get(1)).usingRecursiveComparison().isEqualTo(aLate);
        assertThat(read.get(2)).usingRecursiveComparison().isEqualTo(b);
        assertThat(storage.queryRollups(new RollupQuery(new TimeRange(T0 + 1, Long.MAX_VALUE), List.of(), List.of(),
                List.of(), List.of(), 100))).extracting(r -> r.window().calls()).containsExactly(4L);
        assertThat(storage.queryRollups(new RollupQuery(TimeRange.ALL, List.of("edge"), List.of(), List.of(),
                List.of(), 100))).extracting(MetricRollup::pipeline).containsExactly("edge");
        assertThat(storage.queryRollups(new RollupQuery(TimeRange.ALL, List.of(), List.of(), List.of("gpt-4o"),
                List.of("claude-cli"), 1))).extracting(r -> r.window().calls()).containsExactly(11L);
    }

    @Test
    void healthSamplesPageNewestFirst() throws Exception {
        ClickHouseStorage storage = open();
        for (int i = 0; i < 5; i++) {
            storage.writeHealthSamples(List.of(
                    new HealthSample(T0 + i * 1_000_000L, "local", i == 4 ? "drained" : "running",
                            Map.of("packets", 100L * i, "calls", (long) i, "storage_drops", 0L)),
                    new HealthSample(T0 + i * 1_000_000L, "edge", "running", Map.of("packets", 5L))));
        }

        Page<HealthSample> page = storage.queryHealthSamples(new HealthQuery(TimeRange.ALL, List.of("local"), 1, 2));

        assertThat(page.total()).isEqualTo(5);
        assertThat(page.items()).extracting(HealthSample::timeMicros).containsExactly(T0 + 3_000_000L,
                T0 + 2_000_000L);
        assertThat(page.items().get(0).counters()).isEqualTo(Map.of("packets", 300L, "calls", 3L,
                "storage_drops", 0L));
        assertThat(storage.queryHealthSamples(new HealthQuery(new TimeRange(T0, T0 + 1_000_000L), List.of(), 0, 10))
                .items()).extracting(HealthSample::pipeline).containsExactly("edge", "local");
        assertThat(storage.queryHealthSamples(new HealthQuery(TimeRange.ALL, List.of(), 0, 1)).items().get(0).state())
                .isEqualTo("running");
    }
}
