package org.egret.api.storage;

import java.util.List;
import org.egret.api.turn.TurnStatus;

/**
 * Filters, order and page of a turn list. Empty lists and null values mean "no filter".
 *
 * @param range           start time range
 * @param agentKinds      agent kinds
 * @param sessionIds      session ids
 * @param sourceIds       packet source ids
 * @param statuses        statuses (stored turns are never in progress)
 * @param wireApis        wire API of the turn's first call
 * @param models          a model the turn used
 * @param clientIps       client addresses
 * @param serverIps       server addresses
 * @param includeProxyOut true: also the upstream legs of proxied turns, which are hidden by default so that a turn
 *                        seen on both sides of a proxy counts once
 * @param sortBy          one of {@link #SORT_FIELDS}
 * @param order           sort direction
 * @param offset          rows to skip
 * @param limit           rows to return
 */
public record TurnQuery(TimeRange range, List<String> agentKinds, List<String> sessionIds, List<String> sourceIds,
        List<TurnStatus> statuses, List<String> wireApis, List<String> models, List<String> clientIps,
        List<String> serverIps, boolean includeProxyOut, String sortBy, SortOrder order, int offset, int limit) {

    /** Fields a turn list can be sorted by (Heron's names). */
    public static final List<String> SORT_FIELDS = List.of("start_time", "end_time", "duration_ms", "call_count",
            "total_input_tokens", "total_output_tokens");

    /** Everything, newest first. */
    public static TurnQuery all(int offset, int limit) {
        return new TurnQuery(TimeRange.ALL, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
                List.of(), List.of(), false, "start_time", SortOrder.DESC, offset, limit);
    }

    /** The turns of one session, oldest first. */
    public static TurnQuery session(String sessionId, int offset, int limit) {
        return new TurnQuery(TimeRange.ALL, List.of(), List.of(sessionId), List.of(), List.of(), List.of(),
                List.of(), List.of(), List.of(), false, "start_time", SortOrder.ASC, offset, limit);
    }
}
