package org.egret.console.internal.rest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.egret.api.storage.Page;
import org.egret.api.storage.SortOrder;
import org.egret.api.storage.StorageBackend;
import org.egret.api.storage.StorageException;
import org.egret.api.storage.TurnQuery;
import org.egret.api.turn.AgentTurn;

/**
 * {@code GET /api/traces/activity}: Heron's {@code {points:[{timestamp_ms, agent_kind, turn_count}]}}, the stored
 * turns (upstream proxy legs left out, so a proxied turn counts once) per bucket of their start and agent kind,
 * only buckets with turns. Heron's automatic bucket: max(60 s, range / 120) snapped up to 1, 5, 10, 30 min, 1, 2,
 * 4 h or whole days. Storage has no per-bucket turn count, so the turns are listed, newest first, at most
 * {@link #MAX_TURNS}: when the range holds more, {@code turns_truncated} is true and only the buckets after the
 * oldest listed turn are served ({@code complete_from_ms} says from when), rather than undercounted ones.
 */
final class ActivityRoute {

    static final int MAX_TURNS = 20_000;
    static final long MAX_BUCKETS = 20_000;
    private static final int PAGE = 1_000;
    private static final long[] SNAPS = {60, 300, 600, 1800, 3600, 7200, 14400, 86400};
    private static final long DAY = 86_400;

    private final StorageAccess storage;

    ActivityRoute(StorageAccess storage) {
        this.storage = storage;
    }

    ApiResponse activity(QueryParams q) throws ApiException, StorageException {
        GroupFilters f = GroupFilters.parse(q);
        String bucketText = q.single("bucket");
        Long fixed = bucketText == null ? null
                : (long) QueryParams.parseInt("bucket", bucketText, 1, Integer.MAX_VALUE, "a bucket width in seconds");
        long from = f.range().fromMicros();
        long to = f.range().toMicros();
        boolean bounded = from != Long.MIN_VALUE && to != Long.MAX_VALUE;
        if (fixed != null && bounded && (to - from) / (fixed * 1_000_000L) > MAX_BUCKETS) {
            throw ApiException.invalidParameter("bucket: " + fixed + " s makes more than " + MAX_BUCKETS
                    + " buckets over this range; pick a wider one");
        }
        StorageBackend s = storage.require();
        List<AgentTurn> turns = new ArrayList<>();
        boolean truncated = scan(s, f, turns);
        long bucket;
        if (fixed != null) {
            bucket = fixed;
        } else {
            long span = bounded ? to - from : turns.isEmpty() ? 0
                    : turns.get(0).getStartTime() - turns.get(turns.size() - 1).getStartTime();
            bucket = automatic(span / 1_000_000L);
        }
        long w = bucket * 1_000_000L;
        long completeFrom = Long.MIN_VALUE;
        if (truncated) {
            long oldest = turns.get(turns.size() - 1).getStartTime();
            completeFrom = Math.floorDiv(oldest, w) * w + w;
        }
        // bucket start → agent kind → turns
        Map<Long, Map<String, Long>> counts = new TreeMap<>();
        for (AgentTurn t : turns) {
            long b = Math.floorDiv(t.getStartTime(), w) * w;
            if (b >= completeFrom) {
                counts.computeIfAbsent(b, k -> new TreeMap<>(Comparator.nullsLast(Comparator.naturalOrder())))
                        .merge(t.getAgentKind(), 1L, Long::sum);
            }
        }
        boolean cut = truncated;
        Long completeMs = truncated ? completeFrom / 1000 : null;
        return ApiResponse.ok(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("points");
            for (Map.Entry<Long, Map<String, Long>> b : counts.entrySet()) {
                for (Map.Entry<String, Long> k : b.getValue().entrySet()) {
                    g.writeStartObject();
                    g.writeNumberField("timestamp_ms", b.getKey() / 1000);
                    g.writeStringField("agent_kind", k.getKey());
                    g.writeNumberField("turn_count", k.getValue());
                    g.writeEndObject();
                }
            }
            g.writeEndArray();
            g.writeNumberField("bucket_seconds", bucket);
            g.writeBooleanField("turns_truncated", cut);
            JsonOutput.numberOrNull(g, "complete_from_ms", completeMs);
            g.writeEndObject();
        });
    }

    /** The newest turns of the filters into {@code out}, newest first; true when the range holds more. */
    private static boolean scan(StorageBackend s, GroupFilters f, List<AgentTurn> out) throws StorageException {
        for (int offset = 0; offset < MAX_TURNS; offset += PAGE) {
            Page<AgentTurn> page = s.queryTurns(new TurnQuery(f.range(), f.agentKinds(), List.of(), List.of(),
                    List.of(), f.wireApis(), f.models(), List.of(), f.serverIps(), false, "start_time",
                    SortOrder.DESC, offset, Math.min(PAGE, MAX_TURNS - offset)));
            out.addAll(page.items());
            if (page.items().isEmpty() || offset + page.items().size() >= page.total()) {
                return false;
            }
        }
        return true;
    }

    /** Heron's automatic bucket for a range of {@code seconds}. */
    static long automatic(long seconds) {
        long want = Math.max(60, seconds / 120);
        return Arrays.stream(SNAPS).filter(v -> v >= want).findFirst()
                .orElse(-Math.floorDiv(-want, DAY) * DAY);
    }
}
