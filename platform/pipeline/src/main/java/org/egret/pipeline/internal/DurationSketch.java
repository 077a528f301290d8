package org.egret.pipeline.internal;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.egret.api.pipeline.LatencyStats;

/**
 * A distribution of durations: exact count, sum and maximum, and an HdrHistogram (µs, two significant digits: 1 %
 * relative error) for the percentiles. A histogram's counts array is dense (kilobytes), and most windows of most
 * series see few calls, so the first {@link #RAW} values are kept as they are and read on the histogram's own bucket
 * layout (the same buckets, hence the same percentiles); a window that closed keeps its histogram encoded (tens of
 * bytes), decoded again only to be read or, for a late call, written. Not thread-safe: {@link MetricWindows}
 * serializes access.
 */
final class DurationSketch {

    private static final int DIGITS = 2;
    static final int RAW = 64;
    /** Only asked for bucket bounds, which depend on the precision alone; never recorded into. */
    private static final Histogram LAYOUT = new Histogram(DIGITS);

    private long count;
    private double sumMs;
    private double maxMs;
    /** Values (µs) while there are at most {@link #RAW} and no histogram. */
    private long[] raw;
    private int rawCount;
    private Histogram histogram;
    private byte[] encoded;

    void record(double ms) {
        if (!(ms >= 0) || Double.isInfinite(ms)) {
            return;
        }
        count++;
        sumMs += ms;
        maxMs = Math.max(maxMs, ms);
        recordMicros(Math.round(ms * 1000));
    }

    void add(DurationSketch other) {
        if (other.count == 0) {
            return;
        }
        count += other.count;
        sumMs += other.sumMs;
        maxMs = Math.max(maxMs, other.maxMs);
        if (other.histogram == null && other.encoded == null) {
            for (int i = 0; i < other.rawCount; i++) {
                recordMicros(other.raw[i]);
            }
        } else {
            open().add(other.histogram != null ? other.histogram : decode(other.encoded));
        }
    }

    long count() {
        return count;
    }

    /** Keeps the histogram encoded until it is needed again; raw values lose their spare room. */
    void compact() {
        if (histogram == null) {
            if (raw != null && raw.length > rawCount) {
                raw = Arrays.copyOf(raw, rawCount);
            }
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
        TreeMap<Long, Long> buckets = new TreeMap<>();
        if (histogram == null && encoded == null) {
            for (int i = 0; i < rawCount; i++) {
                buckets.merge(LAYOUT.highestEquivalentValue(raw[i]), 1L, Long::sum);
            }
            return LatencyStats.of(count, sumMs, maxMs, buckets);
        }
        Histogram h = histogram != null ? histogram : decode(encoded);
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

    private void recordMicros(long v) {
        if (histogram != null || encoded != null) {
            open().recordValue(v);
            return;
        }
        if (rawCount == RAW) {
            open().recordValue(v);
            return;
        }
        if (raw == null || rawCount == raw.length) {
            raw = raw == null ? new long[4] : Arrays.copyOf(raw, Math.min(RAW, raw.length * 2));
        }
        raw[rawCount++] = v;
    }

    /** The histogram to write: decoded, or made from the raw values. */
    private Histogram open() {
        if (histogram == null) {
            if (encoded != null) {
                histogram = decode(encoded);
                encoded = null;
            } else {
                histogram = new Histogram(DIGITS);
                for (int i = 0; i < rawCount; i++) {
                    histogram.recordValue(raw[i]);
                }
                raw = null;
                rawCount = 0;
            }
        }
        return histogram;
    }

    private static Histogram decode(byte[] bytes) {
        Histogram h = Histogram.decodeFromByteBuffer(ByteBuffer.wrap(bytes), 0);
        h.setAutoResize(true);
        return h;
    }
}
