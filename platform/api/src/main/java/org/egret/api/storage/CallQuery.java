package org.egret.api.storage;

import java.util.List;

/**
 * Filters, order and page of a call list. Empty lists and null values mean "no filter".
 *
 * @param range              request time range
 * @param wireApis           wire API names
 * @param models             served models
 * @param serverIps          server addresses
 * @param clientIps          client addresses
 * @param serverPorts        server ports
 * @param statusCodes        HTTP status codes
 * @param finishReasons      raw finish reasons
 * @param stream             true: only streams, false: only non-streams, null: both
 * @param requestPathContains substring of the request path
 * @param sortBy             one of {@link #SORT_FIELDS}
 * @param order              sort direction
 * @param offset             rows to skip
 * @param limit              rows to return
 */
public record CallQuery(TimeRange range, List<String> wireApis, List<String> models, List<String> serverIps,
        List<String> clientIps, List<Integer> serverPorts, List<Integer> statusCodes, List<String> finishReasons,
        Boolean stream, String requestPathContains, String sortBy, SortOrder order, int offset, int limit) {

    /** Fields a call list can be sorted by (Heron's names). */
    public static final List<String> SORT_FIELDS = List.of("request_time", "status_code", "ttft_ms",
            "e2e_latency_ms", "input_tokens", "output_tokens");

    /** Everything, newest first. */
    public static CallQuery all(int offset, int limit) {
        return new CallQuery(TimeRange.ALL, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
                List.of(), null, null, "request_time", SortOrder.DESC, offset, limit);
    }
}
