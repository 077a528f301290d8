package org.egret.storage.duckdb.internal;

import static org.egret.storage.duckdb.internal.NullableValues.appendString;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.egret.api.pipeline.LatencyStats;
import org.egret.api.pipeline.MetricGranularity;
import org.egret.api.pipeline.MetricWindow;
import org.egret.api.storage.MetricRollup;
import org.egret.api.storage.RollupQuery;

/**
 * {@link MetricRollup}s as rows of {@code metric_rollups} (schema v8), both ways. A window is identified by its
 * pipeline, start and dimensions; writing it again replaces the row (a DELETE and an append in the writer's
 * transaction, as for turns).
 */
final class RollupRows {
    private static final String[] LATENCIES = {"ttft_stream", "ttft_non_stream", "e2e", "tpot"};
    private static final String DELETE = "DELETE FROM metric_rollups WHERE pipeline = ? "
            + "AND start_time = make_timestamp(?) AND wire_api IS NOT DISTINCT FROM ? "
            + "AND model IS NOT DISTINCT FROM ? AND server_kind IS NOT DISTINCT FROM ? "
            + "AND agent_kind IS NOT DISTINCT FROM ?";

    private RollupRows() {
    }

    private record Identity(String pipeline, long start, String wireApi, String model, String serverKind,
            String agentKind) {
        static Identity of(MetricRollup r) {
            MetricWindow w = r.window();
            return new Identity(r.pipeline(), w.start(), w.wireApi(), w.model(), w.serverKind(), w.agentKind());
        }
    }

    /** Stores the rollups, replacing rows of the same identity; of one identity given twice the later is kept. */
    static void replace(DuckDBConnection c, List<MetricRollup> rollups) throws SQLException {
        Map<Identity, MetricRollup> byIdentity = new LinkedHashMap<>();
        for (MetricRollup r : rollups) {
            Objects.requireNonNull(r.pipeline(), "a rollup's pipeline");
            Identity id = Identity.of(r);
            byIdentity.remove(id);
            byIdentity.put(id, r);
        }
        try (PreparedStatement ps = c.prepareStatement(DELETE)) {
            for (Identity id : byIdentity.keySet()) {
                ps.setString(1, id.pipeline());
                ps.setLong(2, id.start());
                ps.setString(3, id.wireApi());
                ps.setString(4, id.model());
                ps.setString(5, id.serverKind());
                ps.setString(6, id.agentKind());
                ps.executeUpdate();
            }
        }
        try (DuckDBAppender a = c.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "metric_rollups")) {
            for (MetricRollup r : byIdentity.values()) {
                appendRow(a, r);
            }
            a.flush();
        }
    }

    private static void appendRow(DuckDBAppender a, MetricRollup r) throws SQLException {
        MetricWindow w = r.window();
        a.beginRow();
        a.append(r.pipeline());
        a.appendEpochMicros(w.start());
        appendString(a, w.wireApi());
        appendString(a, w.model());
        appendString(a, w.serverKind());
        appendString(a, w.agentKind());
        a.append(w.calls());
        a.append(w.streamCalls());
        a.append(w.errors4xx());
        a.append(w.errors429());
        a.append(w.errors5xx());
        a.append(w.partialCalls());
        a.append(w.inputTokens());
        a.append(w.inputTokenCalls());
        a.append(w.outputTokens());
        a.append(w.outputTokenCalls());
        a.append(w.cacheReadTokens());
        a.append(w.cacheWriteTokens());
        a.append(w.reasoningTokens());
        a.append(w.promptTokens());
        a.append(w.costUsd());
        a.append(w.activeCallMicros());
        a.append(w.activeCallsPeak());
        for (LatencyStats s : new LatencyStats[] {w.ttftStream(), w.ttftNonStream(), w.e2e(), w.tpot()}) {
            appendLatency(a, s == null ? LatencyStats.EMPTY : s);
        }
        a.endRow();
    }

    private static void appendLatency(DuckDBAppender a, LatencyStats s) throws SQLException {
        long[] bounds = new long[s.buckets().size()];
        long[] counts = new long[bounds.length];
        int i = 0;
        for (Map.Entry<Long, Long> e : s.buckets().entrySet()) {
            bounds[i] = e.getKey();
            counts[i++] = e.getValue();
        }
        a.append(s.count());
        a.append(s.sumMs());
        a.append(s.maxMs());
        a.append(bounds);
        a.append(counts);
    }

    static List<MetricRollup> query(Connection c, RollupQuery q) throws SQLException {
        WhereClause where = new WhereClause()
                .timeRange("start_time", q.range())
                .in("pipeline", q.pipelines())
                .in("wire_api", q.wireApis())
                .in("model", q.models())
                .in("agent_kind", q.agentKinds());
        List<MetricRollup> out = new ArrayList<>();
        if (q.limit() <= 0) {
            return out;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT *, epoch_us(start_time) AS start_us FROM "
                + "metric_rollups" + where.sql() + " ORDER BY start_time, pipeline, wire_api NULLS FIRST, "
                + "model NULLS FIRST, server_kind NULLS FIRST, agent_kind NULLS FIRST LIMIT ?")) {
            int next = where.bind(ps);
            ps.setInt(next, q.limit());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs));
                }
            }
        }
        return out;
    }

    private static MetricRollup read(ResultSet rs) throws SQLException {
        LatencyStats[] latencies = new LatencyStats[LATENCIES.length];
        for (int i = 0; i < LATENCIES.length; i++) {
            latencies[i] = latency(rs, LATENCIES[i]);
        }
        MetricWindow w = new MetricWindow(rs.getLong("start_us"), MetricGranularity.ONE_MINUTE,
                rs.getString("wire_api"), rs.getString("model"), rs.getString("server_kind"),
                rs.getString("agent_kind"), rs.getLong("calls"), rs.getLong("stream_calls"),
                rs.getLong("errors_4xx"), rs.getLong("errors_429"), rs.getLong("errors_5xx"),
                rs.getLong("partial_calls"), rs.getLong("input_tokens"), rs.getLong("input_token_calls"),
                rs.getLong("output_tokens"), rs.getLong("output_token_calls"), rs.getLong("cache_read_tokens"),
                rs.getLong("cache_write_tokens"), rs.getLong("reasoning_tokens"), rs.getLong("prompt_tokens"),
                rs.getDouble("cost_usd"), rs.getDouble("active_call_micros"), rs.getLong("active_calls_peak"),
                latencies[0], latencies[1], latencies[2], latencies[3]);
        return new MetricRollup(rs.getString("pipeline"), w);
    }

    private static LatencyStats latency(ResultSet rs, String prefix) throws SQLException {
        Object[] bounds = elements(rs, prefix + "_bounds");
        Object[] counts = elements(rs, prefix + "_counts");
        if (bounds.length != counts.length) {
            throw new SQLException("metric_rollups." + prefix + ": " + bounds.length + " bucket bounds but "
                    + counts.length + " counts");
        }
        TreeMap<Long, Long> buckets = new TreeMap<>();
        for (int i = 0; i < bounds.length; i++) {
            buckets.put(((Number) bounds[i]).longValue(), ((Number) counts[i]).longValue());
        }
        long count = rs.getLong(prefix + "_count");
        return count == 0 ? LatencyStats.EMPTY
                : LatencyStats.of(count, rs.getDouble(prefix + "_sum_ms"), rs.getDouble(prefix + "_max_ms"), buckets);
    }

    static Object[] elements(ResultSet rs, String column) throws SQLException {
        Array array = rs.getArray(column);
        return array == null ? new Object[0] : (Object[]) array.getArray();
    }
}
