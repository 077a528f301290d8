package org.egret.api.pipeline;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A latency distribution of the calls (or turns) of a window: exact count, sum and maximum, and percentiles from a
 * mergeable sketch. {@code buckets} is the sketch's content: the upper bound (µs) of each non-empty bucket to its
 * count. The bounds come from one fixed log-linear layout of 1 % relative width, so two distributions merge by adding
 * the counts of equal bounds, and a percentile read from the buckets is within 1 % of the true value at that rank
 * (nearest rank: the smallest value with at least {@code p %} of the values at or below it), never above the
 * maximum.
 *
 * @param count   values
 * @param sumMs   their sum, milliseconds
 * @param maxMs   the largest, milliseconds (0 when empty)
 * @param p50Ms   median, milliseconds (0 when empty)
 * @param p95Ms   95th percentile
 * @param p99Ms   99th percentile
 * @param buckets bucket upper bound in µs → values in it
 */
public record LatencyStats(long count, double sumMs, double maxMs, double p50Ms, double p95Ms, double p99Ms,
        SortedMap<Long, Long> buckets) {

    public static final LatencyStats EMPTY = new LatencyStats(0, 0, 0, 0, 0, 0, new TreeMap<>());

    public LatencyStats {
        buckets = Collections.unmodifiableSortedMap(new TreeMap<>(buckets));
    }

    /** Builds the percentiles from the buckets. */
    public static LatencyStats of(long count, double sumMs, double maxMs, SortedMap<Long, Long> buckets) {
        return new LatencyStats(count, sumMs, maxMs, percentile(buckets, count, 50, maxMs),
                percentile(buckets, count, 95, maxMs), percentile(buckets, count, 99, maxMs), buckets);
    }

    /** The mean, milliseconds; null when empty. */
    public Double avgMs() {
        return count == 0 ? null : sumMs / count;
    }

    /** This and another distribution as one: sums added, maxima compared, buckets merged, percentiles re-read. */
    public LatencyStats plus(LatencyStats other) {
        if (other.count == 0) {
            return this;
        }
        if (count == 0) {
            return other;
        }
        TreeMap<Long, Long> merged = new TreeMap<>(buckets);
        for (Map.Entry<Long, Long> e : other.buckets.entrySet()) {
            merged.merge(e.getKey(), e.getValue(), Long::sum);
        }
        return of(count + other.count, sumMs + other.sumMs, Math.max(maxMs, other.maxMs), merged);
    }

    /**
     * Nearest rank over the buckets, milliseconds: the rank is ⌈p·n/100⌉ (at least 1), computed just below p so
     * that a product landing on a whole number is not pushed up by rounding; capped at the exact maximum.
     */
    public static double percentile(SortedMap<Long, Long> buckets, long count, double p, double maxMs) {
        if (count == 0) {
            return 0;
        }
        double q = Math.min(Math.max(Math.nextDown(p), 0), 100);
        long rank = Math.max(1, (long) Math.ceil(q * count / 100.0));
        long seen = 0;
        for (Map.Entry<Long, Long> e : buckets.entrySet()) {
            seen += e.getValue();
            if (seen >= rank) {
                return Math.min(e.getKey() / 1000.0, maxMs);
            }
        }
        return maxMs;
    }
}
