package org.egret.console.internal.rest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.egret.api.decode.LlmCall;
import org.egret.api.storage.Page;
import org.egret.api.storage.StorageBackend;
import org.egret.api.storage.StorageException;
import org.egret.api.storage.TurnQuery;
import org.egret.api.turn.AgentTurn;
import org.egret.api.turn.TurnStatus;

/**
 * {@code GET /api/traces}, {@code /api/traces/{id}}, {@code /api/traces/{id}/spans} (and the deprecated
 * {@code /api/agent-turns} aliases): a trace is an agent turn, stored or still in progress (see {@link TurnListing}).
 */
final class TraceRoutes {

    /** Heron's statuses, as the {@code status} filter takes them. */
    static final List<String> STATUSES = Arrays.stream(TurnStatus.values()).map(TurnStatus::apiName).toList();

    private final StorageAccess storage;
    private final TurnListing turns;

    TraceRoutes(StorageAccess storage, TurnListing turns) {
        this.storage = storage;
        this.turns = turns;
    }

    ApiResponse list(QueryParams q) throws ApiException, StorageException {
        TurnQuery query = turnQuery(q, null, ListParams.paging(q));
        Page<AgentTurn> page = turns.page(storage.require(), query);
        return ApiResponse.ok(PageJson.of(page, TraceJson::writeListItem));
    }

    /**
     * Heron's trace filters and sort, validated before storage is asked, for {@code paging}; {@code sessionId}, when
     * not null, replaces the {@code session_id} parameter. Heron's {@code server_port} is refused: a turn keeps no server port, and ignoring
     * the filter would answer with turns the caller excluded.
     */
    static TurnQuery turnQuery(QueryParams q, String sessionId, ListParams.Paging paging) throws ApiException {
        if (!q.csv("server_port").isEmpty()) {
            throw ApiException.invalidParameter("server_port: traces cannot be filtered by server port; filter by "
                    + "server_ip, or list spans by server_port");
        }
        List<TurnStatus> statuses = new ArrayList<>();
        for (String s : q.csv("status")) {
            TurnStatus status = TurnStatus.ofApiName(s);
            if (status == null) {
                throw ApiException.invalidParameter("status: '" + QueryParams.clip(s) + "' is not one of "
                        + String.join(", ", STATUSES));
            }
            statuses.add(status);
        }
        return new TurnQuery(ListParams.timeRange(q), q.csv("agent_kind"),
                sessionId == null ? q.csv("session_id") : List.of(sessionId), q.csv("source_id"),
                List.copyOf(statuses), q.csv("wire_api"), q.csv("model"), q.csv("client_ip"), q.csv("server_ip"),
                Boolean.TRUE.equals(q.flag("include_proxy_hops")),
                ListParams.sortBy(q, TurnQuery.SORT_FIELDS, "start_time"), ListParams.sortOrder(q), paging.offset(),
                paging.pageSize());
    }

    /** The whole turn; an open one with status {@code in_progress}. */
    ApiResponse detail(String id) throws ApiException, StorageException {
        AgentTurn turn = find(storage.require(), id);
        return ApiResponse.ok(g -> TraceJson.writeDetail(g, turn));
    }

    /**
     * The turn's calls in request order, a bare array as in Heron; {@code lite} other than 0 leaves out bodies and
     * headers. A call not stored (yet, or any more) is left out; the others keep their place as {@code sequence}.
     */
    ApiResponse spans(String id, QueryParams q) throws ApiException, StorageException {
        boolean lite = liteFlag(q);
        StorageBackend s = storage.require();
        List<String> callIds = find(s, id).getCallIds();
        List<LlmCall> calls = new ArrayList<>(callIds.size());
        List<Integer> sequences = new ArrayList<>(callIds.size());
        for (int i = 0; i < callIds.size(); i++) {
            Optional<LlmCall> call = s.findCall(callIds.get(i));
            if (call.isPresent()) {
                calls.add(call.get());
                sequences.add(i + 1);
            }
        }
        return ApiResponse.ok(g -> {
            g.writeStartArray();
            for (int i = 0; i < calls.size(); i++) {
                SpanJson.writeTraceSpanItem(g, calls.get(i), sequences.get(i), !lite);
            }
            g.writeEndArray();
        });
    }

    /** Heron's {@code lite} is a number, non-zero meaning lite; true/false are accepted too. */
    static boolean liteFlag(QueryParams q) throws ApiException {
        String v = q.single("lite");
        if (v == null || v.equalsIgnoreCase("false")) {
            return false;
        }
        if (v.equalsIgnoreCase("true")) {
            return true;
        }
        return QueryParams.parseInt("lite", v, 0, 255, "0 or 1") != 0;
    }

    private AgentTurn find(StorageBackend s, String id) throws ApiException, StorageException {
        return turns.find(s, id).orElseThrow(() -> ApiException.notFound("trace not found: " + QueryParams.clip(id)));
    }
}
