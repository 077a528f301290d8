package org.egret.storage.duckdb.internal;

import static org.egret.storage.duckdb.internal.NullableValues.getDouble;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.egret.api.storage.CallGroup;
import org.egret.api.storage.CallGroupKey;
import org.egret.api.storage.CallGroupQuery;

/**
 * Calls summed up per combination of keys, in one GROUP BY over {@code spans}. Percentiles are exact
 * ({@code quantile_cont}: linear interpolation between the closest ranks).
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

    // status_code is NULL for "no response", so a missing status is never an error
    private static final String AGGREGATES = "count(*) AS g_calls, "
            + "count(*) FILTER (WHERE status_code >= 400) AS g_errors, "
            + "count(*) FILTER (WHERE status_code >= 400 AND status_code < 500) AS g_4xx, "
            + "count(*) FILTER (WHERE status_code = 429) AS g_429, "
            + "count(*) FILTER (WHERE status_code >= 500) AS g_5xx, "
            + "count(*) FILTER (WHERE is_stream) AS g_streams, "
            + "CAST(coalesce(sum(input_tokens), 0) AS BIGINT) AS g_input_tokens, "
            + "CAST(coalesce(sum(output_tokens), 0) AS BIGINT) AS g_output_tokens, "
            + "coalesce(sum(cost_usd), 0) AS g_cost, "
            + "avg(ttft_ms) AS g_ttft_avg, quantile_cont(ttft_ms, 0.95) AS g_ttft_p95, "
            + "avg(e2e_latency_ms) AS g_e2e_avg, quantile_cont(e2e_latency_ms, 0.95) AS g_e2e_p95, "
            + "epoch_us(min(request_time)) AS g_first_us, epoch_us(max(request_time)) AS g_last_us";

    private CallGroups() {
    }

    static List<CallGroup> query(Connection c, CallGroupQuery q) throws SQLException {
        List<String> keys = new ArrayList<>(q.groupBy().size());
        for (CallGroupKey k : q.groupBy()) {
            keys.add(COLUMNS.get(k));
        }
        WhereClause where = new WhereClause()
                .timeRange("request_time", q.range())
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
                + order + " LIMIT ?";
        List<CallGroup> groups = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(where.bind(ps), q.limit());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    groups.add(read(rs, keys.size()));
                }
            }
        }
        return List.copyOf(groups);
    }

    private static CallGroup read(ResultSet rs, int keyCount) throws SQLException {
        List<String> key = new ArrayList<>(keyCount);
        for (int i = 1; i <= keyCount; i++) {
            key.add(rs.getString(i));
        }
        return new CallGroup(key, rs.getLong("g_calls"), rs.getLong("g_errors"), rs.getLong("g_4xx"),
                rs.getLong("g_429"), rs.getLong("g_5xx"), rs.getLong("g_streams"), rs.getLong("g_input_tokens"),
                rs.getLong("g_output_tokens"), rs.getDouble("g_cost"), getDouble(rs, "g_ttft_avg"),
                getDouble(rs, "g_ttft_p95"), getDouble(rs, "g_e2e_avg"), getDouble(rs, "g_e2e_p95"),
                rs.getLong("g_first_us"), rs.getLong("g_last_us"));
    }
}
