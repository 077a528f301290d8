package org.egret.api.storage;

import java.util.List;

/**
 * Filters, order and page of an HTTP exchange list. Empty lists and null values mean "no filter".
 *
 * @param range       request time range
 * @param serverIps   server addresses
 * @param clientIps   client addresses
 * @param methods     request methods
 * @param statuses    response status codes
 * @param uriContains substring of the request target
 * @param sse         true: only event streams, false: only others, null: both
 * @param sortBy      one of {@link #SORT_FIELDS}
 * @param order       sort direction
 * @param offset      rows to skip
 * @param limit       rows to return
 */
public record ExchangeQuery(TimeRange range, List<String> serverIps, List<String> clientIps, List<String> methods,
        List<Integer> statuses, String uriContains, Boolean sse, String sortBy, SortOrder order, int offset,
        int limit) {

    /** Fields an exchange list can be sorted by (Heron's names). */
    public static final List<String> SORT_FIELDS = List.of("request_time", "status", "duration_ms");

    /** Everything, newest first. */
    public static ExchangeQuery all(int offset, int limit) {
        return new ExchangeQuery(TimeRange.ALL, List.of(), List.of(), List.of(), List.of(), null, null,
                "request_time", SortOrder.DESC, offset, limit);
    }
}
