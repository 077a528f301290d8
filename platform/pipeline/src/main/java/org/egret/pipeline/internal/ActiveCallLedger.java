package org.egret.pipeline.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The peaks of calls in flight, exact from each call's own interval [request, last response byte) rather than from
 * the order calls are decoded in. A call is decoded only when it ends, so the intervals of the last
 * {@link #HORIZON} are kept: a 10 s window becomes final (its peaks computed once, for every projection of the
 * series keys, and handed on) only when the newest call end seen is a horizon past it. Until then a query computes
 * its peaks from the intervals, for its own filters and grouping. A call that began before the final windows
 * still adds its later part; its earlier part misses their peaks, and it is counted in {@link #lateCalls()}.
 * Not thread-safe: {@link MetricWindows} serializes access.
 */
final class ActiveCallLedger {

    /** Longer calls are rare enough (and would keep too much) to let them miss the peaks of windows long past. */
    static final long HORIZON = 15 * 60 * 1_000_000L;
    /** The finest window; coarser peaks are the largest of their 10 s windows'. */
    static final long STEP = 10 * 1_000_000L;
    /** At most this many intervals are kept whatever the traffic: beyond it, the oldest windows turn final early. */
    static final int MAX_INTERVALS = 500_000;

    /** Receives a final 10 s window's peaks: series key projections (dimensions merged away are ANY) → peak. */
    interface PeakSink {
        void accept(long windowStart, Map<SeriesKey, Long> peaks);
    }

    private record Interval(SeriesKey key, long start, long end) {
    }

    private final List<Interval> pending = new ArrayList<>();
    /** Every 10 s window before it is final; none is until the newest end is a horizon past the first call. */
    private long frontier = Long.MIN_VALUE;
    private long newestEnd = Long.MIN_VALUE;
    private long lateCalls;

    void add(SeriesKey key, long start, long end) {
        if (end <= start) {
            return;
        }
        newestEnd = Math.max(newestEnd, end);
        if (start < frontier) {
            lateCalls++;
            if (end <= frontier) {
                return;
            }
            start = frontier;
        }
        pending.add(new Interval(key, start, end));
    }

    long lateCalls() {
        return lateCalls;
    }

    /** Finalizes the 10 s windows no call yet to come can reach (within the horizon). */
    void finalizeWindows(PeakSink sink) {
        if (newestEnd == Long.MIN_VALUE) {
            return;
        }
        long target = Math.floorDiv(newestEnd - HORIZON, STEP) * STEP;
        while (true) {
            boolean overfull = pending.size() > MAX_INTERVALS;
            if (frontier >= target && !overfull) {
                return;
            }
            long earliest = Long.MAX_VALUE;
            for (Interval i : pending) {
                earliest = Math.min(earliest, i.start());
            }
            if (earliest >= frontier + STEP) {
                // nothing in flight before the earliest pending start: those windows have no peaks to hand on
                long next = earliest == Long.MAX_VALUE ? target : Math.floorDiv(earliest, STEP) * STEP;
                frontier = overfull ? next : Math.min(next, target);
                continue;
            }
            long start = frontier;
            Map<SeriesKey, Long> peaks = new HashMap<>();
            for (int mask = 0; mask <= SeriesKey.ALL; mask++) {
                peaks.putAll(peaks(start, start + STEP, k -> true, mask));
            }
            sink.accept(start, peaks);
            frontier = start + STEP;
            long f = frontier;
            pending.removeIf(i -> i.end() <= f);
        }
    }

    /**
     * The peaks of the 10 s windows in [from, to) that are not final yet, over the keys passing {@code filter},
     * projected by {@code mask}: the largest of the windows' peaks per projected key.
     */
    Map<SeriesKey, Long> pendingPeaks(long from, long to, Predicate<SeriesKey> filter, int mask) {
        Map<SeriesKey, Long> out = new HashMap<>();
        long end = Math.min(to, newestEnd);
        for (long s = Math.max(from, frontier); s < end; s += STEP) {
            peaks(s, s + STEP, filter, mask).forEach((k, v) -> out.merge(k, v, Math::max));
        }
        return out;
    }

    /** Sweep per projected key over the intervals clipped to [from, to); an end sorts before a start at one instant. */
    private Map<SeriesKey, Long> peaks(long from, long to, Predicate<SeriesKey> filter, int mask) {
        Map<SeriesKey, long[]> events = new HashMap<>();
        Map<SeriesKey, Integer> sizes = new HashMap<>();
        for (Interval i : pending) {
            if (i.start() >= to || i.end() <= from || !filter.test(i.key())) {
                continue;
            }
            SeriesKey k = i.key().project(mask);
            int n = sizes.getOrDefault(k, 0);
            long[] e = events.get(k);
            if (e == null || e.length < n + 2) {
                e = e == null ? new long[16] : Arrays.copyOf(e, e.length * 2);
                events.put(k, e);
            }
            // time relative to the window, doubled, plus 1 for a start: ends come first among equal times
            e[n] = (Math.max(i.start(), from) - from) * 2 + 1;
            e[n + 1] = (Math.min(i.end(), to) - from) * 2;
            sizes.put(k, n + 2);
        }
        Map<SeriesKey, Long> out = new HashMap<>();
        events.forEach((k, e) -> {
            int n = sizes.get(k);
            Arrays.sort(e, 0, n);
            long level = 0;
            long peak = 0;
            for (int j = 0; j < n; j++) {
                level += (e[j] & 1) == 1 ? 1 : -1;
                peak = Math.max(peak, level);
            }
            out.put(k, peak);
        });
        return out;
    }
}
