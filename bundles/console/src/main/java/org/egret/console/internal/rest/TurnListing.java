package org.egret.console.internal.rest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import org.egret.api.pipeline.PipelineStatus;
import org.egret.api.storage.Page;
import org.egret.api.storage.SortOrder;
import org.egret.api.storage.StorageBackend;
import org.egret.api.storage.StorageException;
import org.egret.api.storage.TimeRange;
import org.egret.api.storage.TurnQuery;
import org.egret.api.turn.AgentTurn;
import org.egret.api.turn.TurnStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The turns of a {@link TurnQuery} as one list: the stored ones, and the ones still open in the running pipelines
 * ({@link PipelineStatus#activeTurns()}) when the status filter lets in-progress turns in. An in-progress turn sorts
 * after every stored turn, whatever the field: its end, duration, calls and tokens are still growing, and it started
 * after most stored turns ended. So it comes first in a descending list (the default, newest first) and last in an
 * ascending one; among themselves in-progress turns are sorted as asked.
 */
final class TurnListing {

    private static final Logger LOG = LoggerFactory.getLogger(TurnListing.class);
    private static final String PROXY_OUT = "proxy_out";

    private final Supplier<List<PipelineStatus>> pipelines;

    TurnListing(Supplier<List<PipelineStatus>> pipelines) {
        this.pipelines = pipelines;
    }

    /** One page of the stored and in-progress turns matching {@code q}; the total counts both. */
    Page<AgentTurn> page(StorageBackend storage, TurnQuery q) throws StorageException {
        List<TurnStatus> statuses = q.statuses() == null ? List.of() : q.statuses();
        List<TurnStatus> storedStatuses = statuses.stream().filter(s -> s != TurnStatus.IN_PROGRESS).toList();
        boolean wantActive = statuses.isEmpty() || statuses.contains(TurnStatus.IN_PROGRESS);
        // an empty status list would mean "every status": without a stored status asked for, storage is not asked
        boolean wantStored = statuses.isEmpty() || !storedStatuses.isEmpty();
        List<AgentTurn> active = wantActive ? matchingActive(q) : List.of();
        int offset = q.offset();
        int limit = q.limit();
        List<AgentTurn> items = new ArrayList<>();
        long storedTotal;
        if (q.order() == SortOrder.ASC) {
            Page<AgentTurn> stored = wantStored ? storage.queryTurns(with(q, storedStatuses, offset, limit))
                    : new Page<>(0, List.of());
            storedTotal = stored.total();
            items.addAll(stored.items());
            long from = Math.max(0, offset - storedTotal);
            items.addAll(slice(active, from, limit - items.size()));
        } else {
            items.addAll(slice(active, offset, limit));
            int storedOffset = Math.max(0, offset - active.size());
            Page<AgentTurn> stored = wantStored
                    ? storage.queryTurns(with(q, storedStatuses, storedOffset, limit - items.size()))
                    : new Page<>(0, List.of());
            storedTotal = stored.total();
            items.addAll(stored.items());
        }
        return new Page<>(storedTotal + active.size(), List.copyOf(items));
    }

    /** The turn, in progress or stored (an open turn first: it is the later state). */
    Optional<AgentTurn> find(StorageBackend storage, String id) throws StorageException {
        for (AgentTurn t : activeTurns()) {
            if (t.getTurnId() != null && t.getTurnId().equals(id)) {
                return Optional.of(t);
            }
        }
        return storage.findTurn(id);
    }

    private static TurnQuery with(TurnQuery q, List<TurnStatus> statuses, int offset, int limit) {
        return new TurnQuery(q.range(), q.agentKinds(), q.sessionIds(), q.sourceIds(), statuses, q.wireApis(),
                q.models(), q.clientIps(), q.serverIps(), q.includeProxyOut(), q.sortBy(), q.order(), offset, limit);
    }

    private static List<AgentTurn> slice(List<AgentTurn> list, long from, long count) {
        if (count <= 0 || from >= list.size()) {
            return List.of();
        }
        return list.subList((int) from, (int) Math.min(list.size(), from + count));
    }

    /** The open turns passing the filters of {@code q} (but its statuses), sorted as it asks. */
    private List<AgentTurn> matchingActive(TurnQuery q) {
        List<AgentTurn> matching = new ArrayList<>();
        for (AgentTurn t : activeTurns()) {
            if (matches(t, q)) {
                matching.add(t);
            }
        }
        Comparator<AgentTurn> asc = Comparator.comparingLong(sortKey(q.sortBy()))
                .thenComparing(AgentTurn::getTurnId, Comparator.nullsFirst(Comparator.naturalOrder()));
        matching.sort(q.order() == SortOrder.ASC ? asc : asc.reversed());
        return matching;
    }

    private List<AgentTurn> activeTurns() {
        List<PipelineStatus> services = pipelines.get();
        List<AgentTurn> all = new ArrayList<>();
        if (services == null) {
            return all;
        }
        for (PipelineStatus p : services) {
            try {
                List<AgentTurn> turns = p.activeTurns();
                if (turns != null) {
                    all.addAll(turns);
                }
            } catch (RuntimeException e) {
                LOG.warn("pipeline status service failed to report its open turns", e);
            }
        }
        return all;
    }

    /** The storage contract's filters, on a turn in memory. */
    private static boolean matches(AgentTurn t, TurnQuery q) {
        TimeRange r = q.range();
        if (r != null && (t.getStartTime() < r.fromMicros() || t.getStartTime() >= r.toMicros())) {
            return false;
        }
        if (!q.includeProxyOut() && PROXY_OUT.equals(t.getProxyRole())) {
            return false;
        }
        return accepts(q.agentKinds(), t.getAgentKind()) && accepts(q.sessionIds(), t.getSessionId())
                && accepts(q.sourceIds(), t.getSourceId()) && accepts(q.wireApis(), t.getWireApi())
                && accepts(q.clientIps(), t.getClientIp()) && accepts(q.serverIps(), t.getServerIp())
                && (q.models() == null || q.models().isEmpty()
                        || t.getModels().stream().anyMatch(q.models()::contains));
    }

    private static boolean accepts(List<String> allowed, String value) {
        return allowed == null || allowed.isEmpty() || allowed.contains(value);
    }

    /** The value {@code field} (one of {@link TurnQuery#SORT_FIELDS}) sorts by; null means the start. */
    private static ToLongFunction<AgentTurn> sortKey(String field) {
        if (field == null) {
            return AgentTurn::getStartTime;
        }
        return switch (field) {
            case "end_time" -> AgentTurn::getEndTime;
            case "duration_ms" -> AgentTurn::durationMillis;
            case "call_count" -> AgentTurn::getCallCount;
            case "total_input_tokens" -> AgentTurn::getInputTokens;
            case "total_output_tokens" -> AgentTurn::getOutputTokens;
            default -> AgentTurn::getStartTime;
        };
    }
}
