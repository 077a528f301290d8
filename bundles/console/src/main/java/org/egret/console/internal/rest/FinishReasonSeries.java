package org.egret.console.internal.rest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.egret.api.storage.CallGroup;
import org.egret.api.storage.CallGroupKey;
import org.egret.api.storage.StorageBackend;
import org.egret.api.storage.StorageException;
import org.egret.api.storage.TimeRange;

/**
 * {@code GET /api/metrics/finish-reasons}: Heron's {@code {series:[{finish_reason, points:[[ts_us, count],…]}]}},
 * raw provider strings, every bucket of the grid present (0 when no call ended so). The metric windows keep no
 * finish reasons, so the counts come from the stored calls grouped by the storage. Rather than one read per bucket,
 * a read over a span of buckets tells (by its groups' first and last request times) where its calls lie: a span
 * whose calls all fall in one bucket is that bucket's answer, any other is split between its first and last call.
 * Every read then finds calls, so the reads are fewer than twice the buckets that have calls, and at most
 * {@link #MAX_BUCKETS} buckets are served.
 */
final class FinishReasonSeries {

    static final int MAX_BUCKETS = 200;
    static final int MAX_REASONS = 1000;
    private static final long DAY_SECONDS = 86_400;
    /** The widths {@code granularity} takes, and the ones an automatic grid picks from, finest first. */
    static final Map<String, Long> GRANULARITIES;

    static {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("10s", 10L);
        m.put("1m", 60L);
        m.put("5m", 300L);
        m.put("1h", 3600L);
        m.put("1d", DAY_SECONDS);
        GRANULARITIES = java.util.Collections.unmodifiableMap(m);
    }

    private final StorageAccess storage;

    FinishReasonSeries(StorageAccess storage) {
        this.storage = storage;
    }

    ApiResponse series(QueryParams q) throws ApiException, StorageException {
        GroupFilters f = GroupFilters.parse(q);
        String gName = q.single("granularity");
        Long fixed = null;
        if (gName != null) {
            fixed = GRANULARITIES.get(gName);
            if (fixed == null) {
                throw ApiException.invalidParameter("granularity: '" + QueryParams.clip(gName) + "' is not one of "
                        + String.join(", ", GRANULARITIES.keySet()));
            }
        }
        TimeRange range = f.range();
        long from = range.fromMicros();
        long to = range.toMicros();
        if (fixed != null && from != Long.MIN_VALUE && to != Long.MAX_VALUE) {
            checkBuckets(from, to, fixed, gName); // before any read
        }
        StorageBackend s = storage.require();
        List<CallGroup> all = s.groupCalls(f.by(MAX_REASONS, CallGroupKey.FINISH_REASON));
        if (all.isEmpty()) {
            return write(List.of(), fixed != null ? fixed : GRANULARITIES.get("1m"), 0, 0, Map.of());
        }
        long first = all.stream().mapToLong(CallGroup::firstSeenMicros).min().orElseThrow();
        long last = all.stream().mapToLong(CallGroup::lastSeenMicros).max().orElseThrow();
        long lo = from != Long.MIN_VALUE ? from : first;
        long hi = to != Long.MAX_VALUE ? to : last + 1;
        long width = fixed != null ? fixed : automatic(hi - lo);
        if (fixed != null) {
            checkBuckets(lo, hi, fixed, gName);
        }
        long w = width * 1_000_000L;
        long grid0 = Math.floorDiv(lo, w) * w;
        int buckets = (int) Math.max(1, (hi - grid0 + w - 1) / w);
        // bucket → finish reason → calls
        Map<Integer, Map<String, Long>> counts = new HashMap<>();
        new Filler(s, f, grid0, w, lo, hi, counts).fill(0, buckets, all);
        Map<String, Long> totals = new HashMap<>();
        for (Map<String, Long> b : counts.values()) {
            b.forEach((k, v) -> totals.merge(k, v, Long::sum));
        }
        List<String> reasons = totals.keySet().stream()
                .sorted(Comparator.comparing((String r) -> -totals.get(r)).thenComparing(r -> r)).toList();
        return write(reasons, width, grid0, buckets, counts);
    }

    /** Reads a span of buckets and settles it, or splits it between its first and last call. */
    private record Filler(StorageBackend storage, GroupFilters f, long grid0, long w, long lo, long hi,
            Map<Integer, Map<String, Long>> counts) {

        void fill(int fromBucket, int toBucket, List<CallGroup> known) throws StorageException {
            List<CallGroup> groups = known != null ? known
                    : storage.groupCalls(f.by(new TimeRange(Math.max(lo, grid0 + fromBucket * w),
                            Math.min(hi, grid0 + toBucket * w)), MAX_REASONS, CallGroupKey.FINISH_REASON));
            if (groups.isEmpty()) {
                return;
            }
            long first = groups.stream().mapToLong(CallGroup::firstSeenMicros).min().orElseThrow();
            long last = groups.stream().mapToLong(CallGroup::lastSeenMicros).max().orElseThrow();
            int a = clamp((int) Math.floorDiv(first - grid0, w), fromBucket, toBucket - 1);
            int b = clamp((int) Math.floorDiv(last - grid0, w), fromBucket, toBucket - 1);
            if (a == b) {
                Map<String, Long> bucket = counts.computeIfAbsent(a, k -> new HashMap<>());
                for (CallGroup g : groups) {
                    if (g.key().get(0) != null && !g.key().get(0).isEmpty()) {
                        bucket.merge(g.key().get(0), g.callCount(), Long::sum);
                    }
                }
                return;
            }
            int mid = a + (b - a + 1) / 2;
            fill(a, mid, null);
            fill(mid, b + 1, null);
        }

        private static int clamp(int v, int min, int max) {
            return Math.max(min, Math.min(max, v));
        }
    }

    /** The finest width that gives at most {@link #MAX_BUCKETS} buckets; whole days beyond a day. */
    static long automatic(long spanMicros) {
        long seconds = Math.max(1, (spanMicros + 999_999) / 1_000_000);
        for (long width : GRANULARITIES.values()) {
            if ((seconds + width - 1) / width + 1 <= MAX_BUCKETS) {
                return width;
            }
        }
        // a grid aligned below the first call holds at most one bucket more than the span needs
        long days = -Math.floorDiv(-seconds, DAY_SECONDS * (MAX_BUCKETS - 1));
        return days * DAY_SECONDS;
    }

    private static void checkBuckets(long from, long to, long width, String name) throws ApiException {
        long w = width * 1_000_000L;
        long buckets = (to - Math.floorDiv(from, w) * w + w - 1) / w;
        if (buckets > MAX_BUCKETS) {
            throw ApiException.invalidParameter("granularity: " + name + " makes " + buckets + " buckets over this "
                    + "range (at most " + MAX_BUCKETS + "); pick a coarser one or a shorter range");
        }
    }

    private static ApiResponse write(List<String> reasons, long width, long grid0, int buckets,
            Map<Integer, Map<String, Long>> counts) {
        List<String> names = new ArrayList<>(reasons);
        return ApiResponse.ok(g -> {
            g.writeStartObject();
            g.writeNumberField("bucket_seconds", width);
            g.writeArrayFieldStart("series");
            for (String r : names) {
                g.writeStartObject();
                g.writeStringField("finish_reason", r);
                g.writeArrayFieldStart("points");
                for (int i = 0; i < buckets; i++) {
                    g.writeStartArray();
                    g.writeNumber(grid0 + i * width * 1_000_000L);
                    g.writeNumber(counts.getOrDefault(i, Map.of()).getOrDefault(r, 0L));
                    g.writeEndArray();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }
}
