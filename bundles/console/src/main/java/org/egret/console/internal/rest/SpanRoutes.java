package org.egret.console.internal.rest;

import java.util.Locale;
import org.egret.api.decode.LlmCall;
import org.egret.api.storage.CallQuery;
import org.egret.api.storage.Page;
import org.egret.api.storage.StorageException;

/** {@code GET /api/spans} and {@code GET /api/spans/{id}} (and the deprecated {@code /api/llm-calls} aliases). */
final class SpanRoutes {

    private final StorageAccess storage;

    SpanRoutes(StorageAccess storage) {
        this.storage = storage;
    }

    ApiResponse list(QueryParams q) throws ApiException, StorageException {
        CallQuery query = callQuery(q);
        Page<LlmCall> page = storage.require().queryCalls(query);
        return ApiResponse.ok(PageJson.of(page, SpanJson::writeListItem));
    }

    ApiResponse detail(String id) throws ApiException, StorageException {
        LlmCall call = storage.require().findCall(id)
                .orElseThrow(() -> ApiException.notFound("span not found: " + QueryParams.clip(id)));
        return ApiResponse.ok(g -> SpanJson.writeDetail(g, call));
    }

    /** Heron's span filters, validated before storage is asked. */
    static CallQuery callQuery(QueryParams q) throws ApiException {
        ListParams.Paging paging = ListParams.paging(q);
        return new CallQuery(ListParams.timeRange(q), q.csv("wire_api"), q.csv("model"), q.csv("server_ip"),
                q.csv("client_ip"), q.csvInts("server_port", 0, 65535, "a port number"),
                q.csvInts("status_code", 0, 999, "an HTTP status code"), q.csv("finish_reason"), streamFilter(q),
                q.single("request_path"), ListParams.sortBy(q, CallQuery.SORT_FIELDS, "request_time"),
                ListParams.sortOrder(q), paging.offset(), paging.pageSize());
    }

    /** {@code is_stream}: stream/true/1, non-stream/nonstream/false/0, or all (= no filter). */
    static Boolean streamFilter(QueryParams q) throws ApiException {
        String v = q.single("is_stream");
        if (v == null) {
            return null;
        }
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "stream", "true", "1" -> Boolean.TRUE;
            case "non-stream", "nonstream", "false", "0" -> Boolean.FALSE;
            case "all" -> null;
            default -> throw ApiException.invalidParameter(
                    "is_stream: must be one of stream, non-stream, all (got '" + QueryParams.clip(v) + "')");
        };
    }
}
