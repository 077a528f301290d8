package org.egret.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;
import org.egret.api.pipeline.LatencyStats;
import org.junit.jupiter.api.Test;

class DurationSketchTest {

    @Test
    void rawValuesReadOnTheHistogramsBucketsGiveTheLibrarysAnswer() {
        Random r = new Random(11);
        for (int n = 1; n <= DurationSketch.RAW; n += 9) {
            DurationSketch raw = new DurationSketch();
            Histogram library = new Histogram(2);
            double max = 0;
            for (int i = 0; i < n; i++) {
                double ms = Math.exp(3 + 3 * r.nextGaussian());
                raw.record(ms);
                library.recordValue(Math.round(ms * 1000));
                max = Math.max(max, ms);
            }
            LatencyStats s = raw.stats();
            TreeMap<Long, Long> buckets = new TreeMap<>();
            library.recordedValues().forEach(v -> buckets.put(v.getValueIteratedTo(), v.getCountAtValueIteratedTo()));
            assertThat(s.buckets()).as(n + " values").isEqualTo(buckets);
            for (double p : new double[] {50, 95, 99}) {
                double expected = Math.min(library.getValueAtPercentile(p) / 1000.0, max);
                double actual = p == 50 ? s.p50Ms() : p == 95 ? s.p95Ms() : s.p99Ms();
                assertThat(actual).as(n + " values, p" + p).isEqualTo(expected);
            }
        }
    }

    @Test
    void aSketchKeepsItsNumbersThroughRawHistogramAndEncodedForms() {
        DurationSketch s = new DurationSketch();
        for (int i = 1; i <= 1000; i++) {
            s.record(i);
        }
        LatencyStats before = s.stats();
        s.compact();
        assertThat(s.stats()).isEqualTo(before);
        s.record(5000); // a late value reopens it
        assertThat(s.stats().count()).isEqualTo(1001);
        assertThat(s.stats().maxMs()).isEqualTo(5000);
        assertThat(s.stats().p50Ms()).isEqualTo(before.p50Ms());
    }
}
