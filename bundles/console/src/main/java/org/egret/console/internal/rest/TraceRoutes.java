package org.egret.console.internal.rest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.egret.api.decode.LlmCall;
import org.egret.api.storage.CallQuery;
import org.egret.api.storage.Page;
import org.egret.api.storage.StorageBackend;
import org.egret.api.storage.StorageException;

/**
 * {@code GET /api/traces}, {@code /api/traces/{id}}, {@code /api/traces/{id}/spans} (and the deprecated
 * {@code /api/agent-turns} aliases). Until agent turns are assembled, each call is a trace of its own
 * ({@link CallAsTrace}).
 */
final class TraceRoutes {

    static final List<String> SORT_FIELDS = List.of("start_time", "end_time", "duration_ms", "call_count",
            "total_input_tokens", "total_output_tokens");

    /**
     * Trace sort fields on call columns. A call-trace's end is its complete time, which calls cannot be sorted by:
     * {@code end_time} orders by start (equal unless calls overlap); every {@code call_count} is 1, so it orders by
     * start as well, which is what Heron's id tie-break gives on time-ordered ids.
     */
    private static final Map<String, String> CALL_SORT = Map.of(
            "start_time", "request_time",
            "end_time", "request_time",
            "duration_ms", "e2e_latency_ms",
            "call_count", "request_time",
            "total_input_tokens", "input_tokens",
            "total_output_tokens", "output_tokens");

    /** Rows fetched per storage round trip when a status filter has to be applied here. */
    static final int SCAN_BATCH = 500;

    private final StorageAccess storage;

    TraceRoutes(StorageAccess storage) {
        this.storage = storage;
    }

    ApiResponse list(QueryParams q) throws ApiException, StorageException {
        ListParams.Paging paging = ListParams.paging(q);
        List<String> statuses = q.csv("status");
        for (String s : statuses) {
            if (!CallAsTrace.STATUSES.contains(s)) {
                throw ApiException.invalidParameter("status: '" + QueryParams.clip(s) + "' is not one of "
                        + String.join(", ", CallAsTrace.STATUSES));
            }
        }
        List<String> agentKinds = q.csv("agent_kind");
        String sortBy = ListParams.sortBy(q, SORT_FIELDS, "start_time");
        CallQuery query = new CallQuery(ListParams.timeRange(q), q.csv("wire_api"), q.csv("model"),
                q.csv("server_ip"), q.csv("client_ip"), q.csvInts("server_port", 0, 65535, "a port number"),
                List.of(), List.of(), null, null, CALL_SORT.get(sortBy), ListParams.sortOrder(q),
                paging.offset(), paging.pageSize());
        StorageBackend s = storage.require();

        boolean wantComplete = statuses.isEmpty() || statuses.contains(CallAsTrace.COMPLETE);
        boolean wantIncomplete = statuses.isEmpty() || statuses.contains(CallAsTrace.INCOMPLETE);
        Page<LlmCall> page;
        if (!agentKinds.isEmpty() || (!wantComplete && !wantIncomplete)) {
            // call-traces have no agent kind and are never in progress
            page = new Page<>(0, List.of());
        } else if (wantComplete && wantIncomplete) {
            page = s.queryCalls(query);
        } else {
            page = scanByStatus(s, query, wantComplete);
        }
        Page<LlmCall> result = page;
        return ApiResponse.ok(g -> {
            g.writeStartObject();
            g.writeNumberField("total", result.total());
            g.writeArrayFieldStart("items");
            for (LlmCall c : result.items()) {
                TraceJson.writeListItem(g, c);
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    /**
     * Completeness is not a stored column a {@link CallQuery} can filter on, so the matching calls are walked in the
     * requested order and counted here; cost grows with the calls matching the other filters.
     */
    static Page<LlmCall> scanByStatus(StorageBackend s, CallQuery query, boolean wantComplete)
            throws StorageException {
        long from = query.offset();
        long to = from + query.limit();
        long matched = 0;
        List<LlmCall> items = new ArrayList<>();
        for (int offset = 0;; offset += SCAN_BATCH) {
            Page<LlmCall> batch = s.queryCalls(new CallQuery(query.range(), query.wireApis(), query.models(),
                    query.serverIps(), query.clientIps(), query.serverPorts(), query.statusCodes(),
                    query.finishReasons(), query.stream(), query.requestPathContains(), query.sortBy(),
                    query.order(), offset, SCAN_BATCH));
            for (LlmCall c : batch.items()) {
                if (CallAsTrace.isComplete(c) == wantComplete) {
                    if (matched >= from && matched < to) {
                        items.add(c);
                    }
                    matched++;
                }
            }
            if (batch.items().size() < SCAN_BATCH || (long) offset + SCAN_BATCH >= batch.total()
                    || offset > Integer.MAX_VALUE - SCAN_BATCH) {
                break;
            }
        }
        return new Page<>(matched, items);
    }

    ApiResponse detail(String id) throws ApiException, StorageException {
        LlmCall call = find(id);
        String userInput = ConversationText.lastUserInput(call.getRequestBody());
        String finalAnswer = ConversationText.finalAnswer(call.getResponseBody());
        return ApiResponse.ok(g -> TraceJson.writeDetail(g, call, userInput, finalAnswer));
    }

    /** A bare array, as in Heron; {@code lite} other than 0 leaves out bodies and headers. */
    ApiResponse spans(String id, QueryParams q) throws ApiException, StorageException {
        boolean lite = liteFlag(q);
        LlmCall call = find(id);
        return ApiResponse.ok(g -> {
            g.writeStartArray();
            SpanJson.writeTraceSpanItem(g, call, 1, !lite);
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

    private LlmCall find(String id) throws ApiException, StorageException {
        return storage.require().findCall(id)
                .orElseThrow(() -> ApiException.notFound("trace not found: " + QueryParams.clip(id)));
    }
}
