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

    /** Series keys of one window are told apart by 24 bits of an event (a window holds far fewer). */
    private static final int KEY_BITS = 24;
    private static final long KEY_MASK = (1L << KEY_BITS) - 1;
    private static final int[] EVERY_MASK = new int[SeriesKey.ALL + 1];

    static {
        for (int m = 0; m <= SeriesKey.ALL; m++) {
            EVERY_MASK[m] = m;
        }
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
            long start = frontier;
            long earliest = Long.MAX_VALUE;
            List<Interval> overlapping = new ArrayList<>();
            for (Interval i : pending) {
                earliest = Math.min(earliest, i.start());
                if (i.start() < start + STEP && i.end() > start) {
                    overlapping.add(i);
                }
            }
            if (earliest >= start + STEP) {
                // nothing in flight before the earliest pending start: those windows have no peaks to hand on
                long next = earliest == Long.MAX_VALUE ? target : Math.floorDiv(earliest, STEP) * STEP;
                frontier = overfull ? next : Math.min(next, target);
                continue;
            }
            sink.accept(start, peaks(overlapping, start, start + STEP, k -> true, EVERY_MASK));
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
        long begin = Math.max(from, frontier);
        long end = Math.min(to, newestEnd);
        List<Interval> inRange = new ArrayList<>();
        for (Interval i : pending) {
            if (i.start() < end && i.end() > begin && filter.test(i.key())) {
                inRange.add(i);
            }
        }
        for (long s = begin; s < end && !inRange.isEmpty(); s += STEP) {
            peaks(inRange, s, s + STEP, k -> true, mask).forEach((k, v) -> out.merge(k, v, Math::max));
        }
        return out;
    }

    /**
     * The peak per projected key, for each mask, of the intervals clipped to [from, to): one sort of every start and
     * end (an end before a start at one instant: half-open intervals that touch do not overlap), then one sweep per
     * mask with a level per projected key.
     */
    private static Map<SeriesKey, Long> peaks(List<Interval> intervals, long from, long to,
            Predicate<SeriesKey> filter, int... masks) {
        Map<SeriesKey, Integer> ids = new HashMap<>();
        List<SeriesKey> keys = new ArrayList<>();
        long[] events = new long[16];
        int n = 0;
        for (Interval i : intervals) {
            if (i.start() >= to || i.end() <= from || !filter.test(i.key())) {
                continue;
            }
            Integer id = ids.get(i.key());
            if (id == null) {
                id = keys.size();
                ids.put(i.key(), id);
                keys.add(i.key());
            }
            if (n + 2 > events.length) {
                events = Arrays.copyOf(events, events.length * 2);
            }
            // (time in the window, doubled, +1 for a start) above 24 bits of key id: sorts by time, ends first
            events[n++] = ((Math.max(i.start(), from) - from) * 2 + 1) << KEY_BITS | id;
            events[n++] = ((Math.min(i.end(), to) - from) * 2) << KEY_BITS | id;
        }
        Map<SeriesKey, Long> out = new HashMap<>();
        if (n == 0) {
            return out;
        }
        Arrays.sort(events, 0, n);
        for (int mask : masks) {
            Map<SeriesKey, Integer> projectedIds = new HashMap<>();
            List<SeriesKey> projected = new ArrayList<>();
            int[] projectionOf = new int[keys.size()];
            for (int k = 0; k < keys.size(); k++) {
                SeriesKey p = keys.get(k).project(mask);
                Integer id = projectedIds.get(p);
                if (id == null) {
                    id = projected.size();
                    projectedIds.put(p, id);
                    projected.add(p);
                }
                projectionOf[k] = id;
            }
            long[] level = new long[projected.size()];
            long[] peak = new long[projected.size()];
            for (int j = 0; j < n; j++) {
                int id = projectionOf[(int) (events[j] & KEY_MASK)];
                level[id] += (events[j] >>> KEY_BITS & 1) == 1 ? 1 : -1;
                peak[id] = Math.max(peak[id], level[id]);
            }
            for (int k = 0; k < projected.size(); k++) {
                out.put(projected.get(k), peak[k]);
            }
        }
        return out;
    }
}
