package org.egret.api.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class LatencyStatsTest {

    /** One bucket per value, its bound the value in µs. */
    private static LatencyStats of(double... ms) {
        TreeMap<Long, Long> buckets = new TreeMap<>();
        double sum = 0;
        double max = 0;
        for (double v : ms) {
            buckets.merge(Math.round(v * 1000), 1L, Long::sum);
            sum += v;
            max = Math.max(max, v);
        }
        return LatencyStats.of(ms.length, sum, max, buckets);
    }

    @Test
    void percentilesAreNearestRank() {
        LatencyStats s = of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        assertThat(s.p50Ms()).as("rank 5 of 10, not pushed to 6 by rounding").isEqualTo(5);
        assertThat(s.p95Ms()).isEqualTo(10);
        assertThat(s.p99Ms()).isEqualTo(10);
        assertThat(of(7).p50Ms()).isEqualTo(7);
        assertThat(s.avgMs()).isEqualTo(5.5);
    }

    @Test
    void plusMergesBucketsAndKeepsExactSumsAndMaxima() {
        LatencyStats merged = of(1, 100).plus(of(2, 3, 100));
        assertThat(merged.count()).isEqualTo(5);
        assertThat(merged.sumMs()).isEqualTo(206);
        assertThat(merged.maxMs()).isEqualTo(100);
        assertThat(merged.buckets()).containsEntry(100_000L, 2L);
        assertThat(merged.p50Ms()).isEqualTo(3);
        assertThat(LatencyStats.EMPTY.plus(merged)).isSameAs(merged);
        assertThat(merged.plus(LatencyStats.EMPTY)).isSameAs(merged);
        assertThat(LatencyStats.EMPTY.avgMs()).isNull();
    }

    @Test
    void aBucketBoundAboveTheMaximumIsCappedAtIt() {
        TreeMap<Long, Long> buckets = new TreeMap<>();
        buckets.put(1_007_000L, 1L); // the bucket holding 1000 ms reaches up to 1007 ms
        assertThat(LatencyStats.of(1, 1000, 1000, buckets).p99Ms()).isEqualTo(1000);
    }
}
