package org.egret.storage.duckdb.internal;

import static org.egret.storage.duckdb.internal.NullableValues.getDouble;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.egret.api.storage.AgentSession;
import org.egret.api.storage.SortOrder;

/**
 * {@link AgentSession}s summed up from the {@code turns} table: one row per session id. There is no sessions table; a
 * session is whatever its stored turns add up to, so a rewritten turn changes its session at once.
 */
final class SessionRows {

    /**
     * The aggregates over the turns of {@code FROM turns t}, grouped by session id, named as the sort fields of
     * {@link AgentSession#SORT_FIELDS}; {@code id} is the session id, for the order's tie-break. "First" is by start
     * time, then turn id, the order of the turns in the session.
     */
    private static final String AGGREGATES = "t.session_id AS id, "
            + "first(t.source_id ORDER BY t.start_time, t.id) AS source_id, "
            + "first(t.agent_kind ORDER BY t.start_time, t.id) AS agent_kind, "
            + "min(t.start_time) AS start_time, max(t.end_time) AS end_time, "
            + "epoch_us(min(t.start_time)) AS start_us, epoch_us(max(t.end_time)) AS end_us, "
            + "count(*) AS turn_count, count(*) FILTER (WHERE t.status = 'complete') AS complete_turns, "
            + "sum(t.call_count) AS call_count, sum(t.total_input_tokens) AS total_input_tokens, "
            + "sum(t.total_output_tokens) AS total_output_tokens, "
            + "sum(t.total_cache_read_input_tokens) AS total_cache_read_input_tokens, "
            + "sum(t.total_cache_creation_input_tokens) AS total_cache_creation_input_tokens, "
            + "sum(t.total_cost_usd) AS total_cost_usd, "
            + "flatten(list(t.models ORDER BY t.start_time, t.id)) AS models, "
            + "first(t.user_input ORDER BY t.start_time, t.id) FILTER (WHERE t.user_input IS NOT NULL) "
            + "AS first_user_input, "
            + "last(t.id ORDER BY t.start_time, t.id) AS last_turn_id";

    private SessionRows() {
    }

    /** The count of sessions the turns of {@code where} belong to. */
    static String countSql(WhereClause where) {
        return "SELECT COUNT(DISTINCT t.session_id) FROM turns t" + where.sql();
    }

    /** What each sort field sums up, for the page of session ids: cheap aggregates only. */
    private static final Map<String, String> SORT_KEYS = Map.of("start_time", "min(t.start_time)",
            "end_time", "max(t.end_time)", "turn_count", "count(*)", "call_count", "sum(t.call_count)",
            "total_input_tokens", "sum(t.total_input_tokens)", "total_output_tokens", "sum(t.total_output_tokens)");

    /**
     * The sessions of the turns of {@code where}, sorted by {@code field}, one page, in two steps: the page's session
     * ids from the cheap aggregate the sort needs, then every aggregate over the {@code summed} turns of just those
     * sessions. Summing up every session for every page (the ordered {@code first}s and the model lists) took about
     * half a second on 200,000 turns. Grouped in a subquery so that the order names the aggregates, never the turn
     * columns of the same name. Parameters: {@code summed}'s values, {@code where}'s, then limit and offset.
     */
    static String selectSql(WhereClause summed, WhereClause where, String field, SortOrder order) {
        String key = SORT_KEYS.get(field);
        if (key == null) {
            throw new IllegalArgumentException("no session sort key for " + field);
        }
        String pageIds = "SELECT t.session_id FROM turns t" + where.sql() + " GROUP BY t.session_id"
                + ListOrder.orderBy(key, "t.session_id", order) + " LIMIT ? OFFSET ?";
        return "SELECT * FROM (SELECT " + AGGREGATES + " FROM turns t" + summed.sql() + " AND t.session_id IN ("
                + pageIds + ") GROUP BY t.session_id) s" + ListOrder.orderBy(field, "id", order);
    }

    static AgentSession read(ResultSet rs) throws SQLException {
        // every turn's models in turn order; the first use of each is kept
        List<String> models = List.copyOf(new LinkedHashSet<>(TurnRows.strings(rs, "models")));
        return new AgentSession(rs.getString("id"), rs.getString("source_id"), rs.getString("agent_kind"),
                rs.getLong("start_us"), rs.getLong("end_us"), rs.getInt("turn_count"), rs.getInt("complete_turns"),
                rs.getLong("call_count"), rs.getLong("total_input_tokens"), rs.getLong("total_output_tokens"),
                rs.getLong("total_cache_read_input_tokens"), rs.getLong("total_cache_creation_input_tokens"),
                getDouble(rs, "total_cost_usd"), models, rs.getString("first_user_input"),
                rs.getString("last_turn_id"));
    }
}
