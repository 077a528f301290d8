package org.egret.console.internal.rest;

import org.egret.api.storage.ExchangeQuery;
import org.egret.api.storage.ExchangeRecord;
import org.egret.api.storage.Page;
import org.egret.api.storage.StorageException;

/** {@code GET /api/http-exchanges} and {@code GET /api/http-exchanges/{id}}: every HTTP exchange, LLM or not. */
final class ExchangeRoutes {

    private final StorageAccess storage;

    ExchangeRoutes(StorageAccess storage) {
        this.storage = storage;
    }

    ApiResponse list(QueryParams q) throws ApiException, StorageException {
        ExchangeQuery query = exchangeQuery(q);
        Page<ExchangeRecord> page = storage.require().queryExchanges(query);
        return ApiResponse.ok(PageJson.of(page, ExchangeJson::writeListItem));
    }

    ApiResponse detail(String id) throws ApiException, StorageException {
        ExchangeRecord r = storage.require().findExchange(id)
                .orElseThrow(() -> ApiException.notFound("http exchange not found: " + QueryParams.clip(id)));
        return ApiResponse.ok(g -> ExchangeJson.writeDetail(g, r));
    }

    static ExchangeQuery exchangeQuery(QueryParams q) throws ApiException {
        ListParams.Paging paging = ListParams.paging(q);
        return new ExchangeQuery(ListParams.timeRange(q), q.csv("server_ip"), q.csv("client_ip"),
                q.csvUpper("method"), q.csvInts("status", 0, 999, "an HTTP status code"), q.single("uri"),
                q.flag("is_sse"), ListParams.sortBy(q, ExchangeQuery.SORT_FIELDS, "request_time"),
                ListParams.sortOrder(q), paging.offset(), paging.pageSize());
    }
}
