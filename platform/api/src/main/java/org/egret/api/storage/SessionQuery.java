package org.egret.api.storage;

import java.util.List;

/**
 * Filters, order and page of a session list. A session is in the range when one of its turns starts in it.
 *
 * @param range      turn start time range
 * @param agentKinds agent kinds
 * @param sourceIds  packet source ids
 * @param sessionIds session ids
 * @param sortBy     one of {@link AgentSession#SORT_FIELDS}
 * @param order      sort direction
 * @param offset     rows to skip
 * @param limit      rows to return
 */
public record SessionQuery(TimeRange range, List<String> agentKinds, List<String> sourceIds,
        List<String> sessionIds, String sortBy, SortOrder order, int offset, int limit) {

    /** A query of any sessions (the form before session ids could be named). */
    public SessionQuery(TimeRange range, List<String> agentKinds, List<String> sourceIds, String sortBy,
            SortOrder order, int offset, int limit) {
        this(range, agentKinds, sourceIds, List.of(), sortBy, order, offset, limit);
    }

    /** One session by id. */
    public static SessionQuery of(String sessionId) {
        return new SessionQuery(TimeRange.ALL, List.of(), List.of(), List.of(sessionId), "end_time", SortOrder.DESC,
                0, 1);
    }

    /** Everything, latest activity first. */
    public static SessionQuery all(int offset, int limit) {
        return new SessionQuery(TimeRange.ALL, List.of(), List.of(), "end_time", SortOrder.DESC, offset, limit);
    }
}
