package org.egret.storage.conformance;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.egret.api.pipeline.LatencyStats;
import org.egret.api.pipeline.MetricGranularity;
import org.egret.api.pipeline.MetricWindow;
import org.egret.api.storage.HealthSample;
import org.egret.api.storage.MetricRollup;

/** One-minute rollups and health samples shaped like what a pipeline's metric windows and health clock produce. */
public final class ConformanceMetrics {
    public static final long MINUTE = 60_000_000L;

    private ConformanceMetrics() {
    }

    /** The start of minute {@code m} after {@link ConformanceTraffic#T0}'s minute. */
    public static long minute(int m) {
        return MetricGranularity.ONE_MINUTE.windowStart(ConformanceTraffic.T0) + m * MINUTE;
    }

    /**
     * A window with every count set from {@code seed} (so two windows differ everywhere) and four latency
     * distributions of several buckets each, microsecond bounds as the pipeline's sketch makes them.
     */
    public static MetricRollup rollup(String pipeline, long start, String wireApi, String model, String serverKind,
            String agentKind, int seed) {
        long calls = 10 + seed;
        MetricWindow w = new MetricWindow(start, MetricGranularity.ONE_MINUTE, wireApi, model, serverKind, agentKind,
                calls, calls - 3, 4 + seed % 3, 1 + seed % 2, 2, seed % 4, 120_000L + seed, calls - 1,
                34_567L + 11L * seed, calls - 2, 50_000L + seed, 1_234L + seed, 777L + seed, 171_234L + seed,
                0.125 + seed / 1024.0, 12_345_678.5 + seed, 3 + seed % 5, latency(seed, 180_000),
                latency(seed + 1, 950_000), latency(seed + 2, 4_200_000), latency(seed + 3, 21_000));
        return new MetricRollup(pipeline, w);
    }

    /** A distribution of {@code 3 + seed % 4} buckets around {@code aroundMicros}, read back through its buckets. */
    public static LatencyStats latency(int seed, long aroundMicros) {
        TreeMap<Long, Long> buckets = new TreeMap<>();
        long count = 0;
        double sumMs = 0;
        for (int b = 0; b < 3 + seed % 4; b++) {
            long bound = aroundMicros + b * (aroundMicros / 50 + 1);
            long n = 1 + (seed + b) % 7;
            buckets.put(bound, n);
            count += n;
            sumMs += n * (bound - 0.5) / 1000.0;
        }
        return LatencyStats.of(count, sumMs, buckets.lastKey() / 1000.0 - 0.25, buckets);
    }

    /** A health sample whose counters are as large as a long-running pipeline's. */
    public static HealthSample health(String pipeline, long timeMicros, String state, int seed) {
        Map<String, Long> counters = new LinkedHashMap<>();
        counters.put("packets", 9_000_000_000L + seed);
        counters.put("calls", 1_000L * seed);
        counters.put("dropped_frames", (long) seed % 3);
        counters.put("storage_write_errors", 0L);
        return new HealthSample(timeMicros, pipeline, state, counters);
    }
}
