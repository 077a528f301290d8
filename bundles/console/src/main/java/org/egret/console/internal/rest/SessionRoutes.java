package org.egret.console.internal.rest;

import java.util.List;
import org.egret.api.storage.AgentSession;
import org.egret.api.storage.Page;
import org.egret.api.storage.SessionQuery;
import org.egret.api.storage.SortOrder;
import org.egret.api.storage.StorageBackend;
import org.egret.api.storage.StorageException;
import org.egret.api.storage.TimeRange;
import org.egret.api.storage.TurnQuery;
import org.egret.api.turn.AgentTurn;

/**
 * {@code GET /api/agent-sessions}, {@code /api/agent-sessions/{id}} and {@code /api/agent-sessions/{id}/traces}. A
 * session is named by its session id alone, not Heron's {@code {source_id}/{session_id}}: source ids hold slashes
 * ({@code pcap:/captures/x.pcap}), and one session seen from two sources is one conversation.
 */
final class SessionRoutes {

    private final StorageAccess storage;
    private final TurnListing turns;

    SessionRoutes(StorageAccess storage, TurnListing turns) {
        this.storage = storage;
        this.turns = turns;
    }

    /** Sessions with a turn starting in {@code start}/{@code end}, summed up whole; latest activity first. */
    ApiResponse list(QueryParams q) throws ApiException, StorageException {
        ListParams.Paging paging = PageCursor.paging(q);
        SessionQuery query = new SessionQuery(ListParams.timeRange(q), q.csv("agent_kind"), q.csv("source_id"),
                ListParams.sortBy(q, AgentSession.SORT_FIELDS, "end_time"), ListParams.sortOrder(q), paging.offset(),
                paging.pageSize());
        Page<AgentSession> page = storage.require().querySessions(query);
        return ApiResponse.ok(PageJson.withCursor(page, SessionJson::writeListItem,
                PageCursor.next(paging, page.total())));
    }

    ApiResponse detail(String id) throws ApiException, StorageException {
        StorageBackend s = storage.require();
        AgentSession session = find(s, id);
        TurnQuery oldestFirst = new TurnQuery(TimeRange.ALL, List.of(), List.of(id), List.of(), List.of(), List.of(),
                List.of(), List.of(), List.of(), false, "start_time", SortOrder.ASC, 0, ListParams.MAX_PAGE_SIZE);
        Page<AgentTurn> page = turns.page(s, oldestFirst);
        return ApiResponse.ok(g -> SessionJson.writeDetail(g, session, page));
    }

    /**
     * The session's turns, stored and in progress, with the filters, sort and paging of {@code /api/traces} (newest
     * first); a session with no turn is an empty list, as a filter matching nothing.
     */
    ApiResponse traces(String id, QueryParams q) throws ApiException, StorageException {
        ListParams.Paging paging = PageCursor.paging(q);
        TurnQuery query = TraceRoutes.turnQuery(q, id, paging);
        Page<AgentTurn> page = turns.page(storage.require(), query);
        return ApiResponse.ok(PageJson.withCursor(page, TraceJson::writeSessionItem,
                PageCursor.next(paging, page.total())));
    }

    /**
     * The stored session. A {@link SessionQuery} has no id filter, but it lists a session when one of its turns
     * starts in the range: a range of one microsecond at its first turn's start selects it, beside any session with
     * a turn starting that very microsecond, which the id tells apart.
     */
    private static AgentSession find(StorageBackend s, String id) throws ApiException, StorageException {
        Page<AgentTurn> first = s.queryTurns(TurnQuery.session(id, 0, 1));
        if (!first.items().isEmpty()) {
            long start = first.items().get(0).getStartTime();
            Page<AgentSession> around = s.querySessions(new SessionQuery(new TimeRange(start, start + 1), List.of(),
                    List.of(), "start_time", SortOrder.ASC, 0, ListParams.MAX_PAGE_SIZE));
            for (AgentSession session : around.items()) {
                if (id.equals(session.sessionId())) {
                    return session;
                }
            }
        }
        throw ApiException.notFound("session not found: " + QueryParams.clip(id));
    }
}
