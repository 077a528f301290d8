package org.egret.storage.clickhouse.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.egret.api.storage.CallGroup;
import org.egret.api.storage.CallGroupKey;
import org.egret.api.storage.CallGroupQuery;
import org.egret.api.storage.StorageException;

/**
 * Calls summed up per combination of keys, in one GROUP BY over {@code spans}; in a cluster each shard aggregates its
 * rows and the server that got the query merges the partial states, then sorts and cuts. Percentiles are exact up
 * to {@value #RESERVOIR} calls with a value per group and approximate beyond (see {@link #p95}). The 18.16 server has
 * no query parameters: the filter values go in as {@link SqlLiteral}s, the columns come from {@link #COLUMNS} only.
 */
final class CallGroups {

    /** The column of each key: the only names that reach the SQL text from a query. */
    private static final Map<CallGroupKey, String> COLUMNS = new EnumMap<>(Map.ofEntries(
            Map.entry(CallGroupKey.WIRE_API, "wire_api"),
            Map.entry(CallGroupKey.MODEL, "model"),
            Map.entry(CallGroupKey.SERVER_IP, "server_ip"),
            Map.entry(CallGroupKey.SERVER_PORT, "server_port"),
            Map.entry(CallGroupKey.CLIENT_IP, "client_ip"),
            Map.entry(CallGroupKey.AGENT_KIND, "agent_kind"),
            Map.entry(CallGroupKey.FINISH_REASON, "finish_reason"),
            Map.entry(CallGroupKey.STATUS_CODE, "status_code"),
            Map.entry(CallGroupKey.REQUEST_PATH, "request_path"),
            Map.entry(CallGroupKey.HOST, "host"),
            Map.entry(CallGroupKey.SERVER_KIND, "server_kind")));

    // aliases apart from the column names: ClickHouse aliases are query-wide, "sum(x) AS x" would refer to itself;
    // status_code is NULL for "no response", so a missing status is never an error
    private static final String AGGREGATES = "count() AS g_calls, "
            + "countIf(ifNull(status_code, 0) >= 400) AS g_errors, "
            + "countIf(ifNull(status_code, 0) >= 400 AND ifNull(status_code, 0) < 500) AS g_4xx, "
            + "countIf(ifNull(status_code, 0) = 429) AS g_429, "
            + "countIf(ifNull(status_code, 0) >= 500) AS g_5xx, "
            + "countIf(is_stream = 1) AS g_streams, "
            + "sum(ifNull(input_tokens, 0)) AS g_input_tokens, sum(ifNull(output_tokens, 0)) AS g_output_tokens, "
            + "sum(ifNull(cost_usd, 0)) AS g_cost, "
            + "avg(ttft_ms) AS g_ttft_avg, " + p95("ttft_ms") + " AS g_ttft_p95, "
            + "avg(e2e_latency_ms) AS g_e2e_avg, " + p95("e2e_latency_ms") + " AS g_e2e_p95, "
            + "min(request_us) AS g_first_us, max(request_us) AS g_last_us";

    /** Values {@code quantile} keeps per group: up to this many it is exact. */
    private static final int RESERVOIR = 8192;

    private CallGroups() {
    }

    /**
     * The 95th percentile: {@code quantile}'s reservoir while it holds every value (exact, interpolated as DuckDB's
     * {@code quantile_cont}), a t-digest beyond, whose error in the tail is a fraction of the reservoir sample's.
     */
    private static String p95(String column) {
        return "if(count(" + column + ") > " + RESERVOIR + ", quantileTDigest(0.95)(" + column + "), quantile(0.95)("
                + column + "))";
    }

    static List<CallGroup> query(ReadQueries.Select select, CallGroupQuery q) throws StorageException {
        List<String> keys = new ArrayList<>(q.groupBy().size());
        for (CallGroupKey k : q.groupBy()) {
            keys.add(COLUMNS.get(k));
        }
        WhereClause where = new WhereClause()
                .timeRange("request_us", q.range())
                .in("wire_api", q.wireApis())
                .in("model", q.models())
                .in("server_ip", q.serverIps())
                .in("agent_kind", q.agentKinds());
        String keyList = String.join(", ", keys);
        StringBuilder order = new StringBuilder(" ORDER BY g_calls DESC");
        for (String k : keys) {
            order.append(", ").append(k).append(" ASC NULLS LAST");
        }
        String sql = "SELECT " + keyList + ", " + AGGREGATES + " FROM spans" + where.sql() + " GROUP BY " + keyList
                + order + " LIMIT " + q.limit();
        List<CallGroup> groups = new ArrayList<>();
        for (JsonNode row : select.rows("grouping calls by " + q.groupBy(), sql)) {
            groups.add(read(row, keys));
        }
        return List.copyOf(groups);
    }

    private static CallGroup read(JsonNode row, List<String> keys) {
        List<String> key = new ArrayList<>(keys.size());
        for (String k : keys) {
            key.add(JsonRows.str(row, k));
        }
        return new CallGroup(key, JsonRows.lng(row, "g_calls"), JsonRows.lng(row, "g_errors"),
                JsonRows.lng(row, "g_4xx"), JsonRows.lng(row, "g_429"), JsonRows.lng(row, "g_5xx"),
                JsonRows.lng(row, "g_streams"), JsonRows.lng(row, "g_input_tokens"),
                JsonRows.lng(row, "g_output_tokens"), JsonRows.dbl(row, "g_cost"),
                JsonRows.dblOrNull(row, "g_ttft_avg"), JsonRows.dblOrNull(row, "g_ttft_p95"),
                JsonRows.dblOrNull(row, "g_e2e_avg"), JsonRows.dblOrNull(row, "g_e2e_p95"),
                JsonRows.lng(row, "g_first_us"), JsonRows.lng(row, "g_last_us"));
    }
}
