package org.egret.console.internal.rest;

import java.util.List;
import org.egret.api.storage.CallGroupKey;
import org.egret.api.storage.CallGroupQuery;
import org.egret.api.storage.TimeRange;

/**
 * The filters every aggregate route takes: {@code start}/{@code end} (Unix seconds) and the CSV dimensions
 * {@code wire_api}, {@code model}, {@code server_ip}, {@code agent_kind}, validated before storage is asked.
 */
record GroupFilters(TimeRange range, List<String> wireApis, List<String> models, List<String> serverIps,
        List<String> agentKinds) {

    static GroupFilters parse(QueryParams q) throws ApiException {
        return new GroupFilters(ListParams.timeRange(q), q.csv("wire_api"), q.csv("model"), q.csv("server_ip"),
                q.csv("agent_kind"));
    }

    /** The calls of these filters grouped by {@code keys}, at most {@code limit} groups. */
    CallGroupQuery by(int limit, CallGroupKey... keys) {
        return by(range, limit, keys);
    }

    /** The same filters over another range (one bucket of a series). */
    CallGroupQuery by(TimeRange r, int limit, CallGroupKey... keys) {
        return new CallGroupQuery(r, wireApis, models, serverIps, agentKinds, List.of(keys), limit);
    }

    /**
     * {@code limit}: rows to return, {@code fallback} when absent; larger than {@code max} is cut to it (as page sizes
     * are), negative or not a number is a 400.
     */
    static int limit(QueryParams q, int fallback, int max) throws ApiException {
        String v = q.single("limit");
        if (v == null) {
            return fallback;
        }
        return Math.min(max, QueryParams.parseInt("limit", v, 0, Integer.MAX_VALUE, "a row count (0 or more)"));
    }
}
