package org.egret.pipeline.internal;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.egret.api.pipeline.LatencyStats;

/**
 * A distribution of durations: exact count, sum and maximum, and an HdrHistogram (µs, two significant digits: 1 %
 * relative error) for the percentiles. A histogram's counts array is dense (kilobytes), so a window that closed
 * keeps it encoded instead (tens of bytes); it is decoded again only to be read or, for a late call, written.
 * Not thread-safe: {@link MetricWindows} serializes access.
 */
final class DurationSketch {

    private static final int DIGITS = 2;

    private long count;
    private double sumMs;
    private double maxMs;
    private Histogram histogram;
    private byte[] encoded;

    void record(double ms) {
        if (!(ms >= 0) || Double.isInfinite(ms)) {
            return;
        }
        count++;
        sumMs += ms;
        maxMs = Math.max(maxMs, ms);
        open().recordValue(Math.round(ms * 1000));
    }

    void add(DurationSketch other) {
        if (other.count == 0) {
            return;
        }
        count += other.count;
        sumMs += other.sumMs;
        maxMs = Math.max(maxMs, other.maxMs);
        open().add(other.histogram != null ? other.histogram : decode(other.encoded));
    }

    long count() {
        return count;
    }

    /** Keeps the histogram encoded until it is needed again. */
    void compact() {
        if (histogram == null) {
            return;
        }
        ByteBuffer buf = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int n = histogram.encodeIntoByteBuffer(buf);
        encoded = Arrays.copyOf(buf.array(), n);
        histogram = null;
    }

    LatencyStats stats() {
        if (count == 0) {
            return LatencyStats.EMPTY;
        }
        Histogram h = histogram != null ? histogram : decode(encoded);
        TreeMap<Long, Long> buckets = new TreeMap<>();
        for (HistogramIterationValue v : h.recordedValues()) {
            buckets.put(v.getValueIteratedTo(), v.getCountAtValueIteratedTo());
        }
        return new LatencyStats(count, sumMs, maxMs, percentile(h, 50), percentile(h, 95), percentile(h, 99),
                buckets);
    }

    /** The library's percentile, capped at the exact maximum as {@link LatencyStats#percentile} is. */
    private double percentile(Histogram h, double p) {
        return Math.min(h.getValueAtPercentile(p) / 1000.0, maxMs);
    }

    private Histogram open() {
        if (histogram == null) {
            histogram = encoded == null ? new Histogram(DIGITS) : decode(encoded);
            encoded = null;
        }
        return histogram;
    }

    private static Histogram decode(byte[] bytes) {
        Histogram h = Histogram.decodeFromByteBuffer(ByteBuffer.wrap(bytes), 0);
        h.setAutoResize(true);
        return h;
    }
}
