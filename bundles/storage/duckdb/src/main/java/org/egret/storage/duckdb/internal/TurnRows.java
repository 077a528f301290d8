package org.egret.storage.duckdb.internal;

import static org.egret.storage.duckdb.internal.NullableValues.appendDouble;
import static org.egret.storage.duckdb.internal.NullableValues.appendString;
import static org.egret.storage.duckdb.internal.NullableValues.getDouble;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBStruct;
import org.egret.api.turn.AgentTurn;
import org.egret.api.turn.PlanLoop;
import org.egret.api.turn.TurnStatus;
import org.egret.api.turn.TurnTool;

/** {@link AgentTurn}s as rows of the {@code turns} table (schema v6), both ways. */
final class TurnRows {

    /** Everything but the tool list: what a list item carries. */
    static final String LIST_COLUMNS = "id, pipeline, source_id, session_id, agent_kind, wire_api, client_ip, "
            + "server_ip, epoch_us(start_time) AS start_us, epoch_us(end_time) AS end_us, status, end_reason, "
            + "call_ids, models, subagents, call_count, error_calls, total_input_tokens, total_output_tokens, "
            + "total_cache_read_input_tokens, total_cache_creation_input_tokens, total_reasoning_tokens, "
            + "total_cost_usd, user_input, user_call_id, final_answer, final_call_id, final_finish_reason, "
            + "tool_call_count, tool_result_count, tool_error_count, plan_loop, no_submit, model_substituted, "
            + "proxy_role, proxy_peer_turn_id";

    static final String DETAIL_COLUMNS = LIST_COLUMNS + ", tools";

    /** Ids per DELETE statement, so a large batch binds a bounded number of parameters. */
    private static final int DELETE_CHUNK = 1000;

    private TurnRows() {
    }

    /**
     * Stores the turns, replacing the rows of ids already stored: a DELETE of those ids, then an append in the
     * column order of the table. The caller owns the transaction, so a reader sees the old rows or the new ones.
     * Of one id given twice in the batch, the later turn is kept.
     */
    static void replace(DuckDBConnection c, List<AgentTurn> turns) throws SQLException {
        Map<String, AgentTurn> byId = new LinkedHashMap<>();
        for (AgentTurn t : turns) {
            byId.remove(t.getTurnId());
            byId.put(t.getTurnId(), t);
        }
        List<String> ids = new ArrayList<>(byId.keySet());
        for (int from = 0; from < ids.size(); from += DELETE_CHUNK) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + DELETE_CHUNK));
            WhereClause where = new WhereClause().in("id", chunk);
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM turns" + where.sql())) {
                where.bind(ps);
                ps.executeUpdate();
            }
        }
        try (DuckDBAppender a = c.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "turns")) {
            for (AgentTurn t : byId.values()) {
                appendRow(a, t);
            }
            // explicitly: close() swallows a failed flush, and with it the rows
            a.flush();
        }
    }

    private static void appendRow(DuckDBAppender a, AgentTurn t) throws SQLException {
        a.beginRow();
        appendString(a, t.getTurnId());
        appendString(a, t.getPipeline());
        appendString(a, t.getSourceId());
        appendString(a, t.getSessionId());
        appendString(a, t.getAgentKind());
        appendString(a, t.getWireApi());
        appendString(a, t.getClientIp());
        appendString(a, t.getServerIp());
        a.appendEpochMicros(t.getStartTime());
        a.appendEpochMicros(t.getEndTime());
        a.append(t.durationMillis());
        appendString(a, t.getStatus() == null ? null : t.getStatus().apiName());
        appendString(a, t.getEndReason());
        a.append(t.getCallIds());
        a.append(t.getModels());
        a.append(t.getSubagents());
        a.append(t.getCallCount());
        a.append(t.getErrorCalls());
        a.append(t.getInputTokens());
        a.append(t.getOutputTokens());
        a.append(t.getCacheReadInputTokens());
        a.append(t.getCacheCreationInputTokens());
        a.append(t.getReasoningTokens());
        appendDouble(a, t.getCostUsd());
        appendString(a, t.getUserInput());
        appendString(a, t.getUserCallId());
        appendString(a, t.getFinalAnswer());
        appendString(a, t.getFinalCallId());
        appendString(a, t.getFinalFinishReason());
        a.append(toolStructs(t.getTools()));
        a.append(t.getToolCallCount());
        a.append(t.getToolResultCount());
        a.append(t.getToolErrorCount());
        appendPlanLoop(a, t.getPlanLoop());
        a.append(t.isNoSubmit());
        a.append(t.isModelSubstituted());
        appendString(a, t.getProxyRole());
        appendString(a, t.getProxyPeerTurnId());
        a.endRow();
    }

    /** The appender fills a struct from a map by position, so each map is built in the declared field order. */
    private static List<Map<String, Object>> toolStructs(List<TurnTool> tools) {
        List<Map<String, Object>> structs = new ArrayList<>(tools.size());
        for (TurnTool tool : tools) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("call_id", tool.callId());
            s.put("tool_call_id", tool.toolCallId());
            s.put("name", tool.name());
            s.put("arguments_key", tool.argumentsKey());
            s.put("result_call_id", tool.resultCallId());
            s.put("error", tool.error());
            s.put("result_key", tool.resultKey());
            structs.add(s);
        }
        return structs;
    }

    private static void appendPlanLoop(DuckDBAppender a, PlanLoop loop) throws SQLException {
        if (loop == null) {
            a.appendNull();
            return;
        }
        a.beginStruct();
        appendString(a, loop.tool());
        appendString(a, loop.arguments());
        a.append(loop.repeats());
        a.endStruct();
    }

    /** A turn from a row selected with {@link #LIST_COLUMNS} or, when {@code detail}, {@link #DETAIL_COLUMNS}. */
    static AgentTurn read(ResultSet rs, boolean detail) throws SQLException {
        AgentTurn t = new AgentTurn()
                .setTurnId(rs.getString("id"))
                .setPipeline(rs.getString("pipeline"))
                .setSourceId(rs.getString("source_id"))
                .setSessionId(rs.getString("session_id"))
                .setAgentKind(rs.getString("agent_kind"))
                .setWireApi(rs.getString("wire_api"))
                .setClientIp(rs.getString("client_ip"))
                .setServerIp(rs.getString("server_ip"))
                .setStartTime(rs.getLong("start_us"))
                .setEndTime(rs.getLong("end_us"))
                .setStatus(TurnStatus.ofApiName(rs.getString("status")))
                .setEndReason(rs.getString("end_reason"))
                .setCallIds(strings(rs, "call_ids"))
                .setModels(strings(rs, "models"))
                .setSubagents(strings(rs, "subagents"))
                .setCallCount(rs.getInt("call_count"))
                .setErrorCalls(rs.getInt("error_calls"))
                .setInputTokens(rs.getLong("total_input_tokens"))
                .setOutputTokens(rs.getLong("total_output_tokens"))
                .setCacheReadInputTokens(rs.getLong("total_cache_read_input_tokens"))
                .setCacheCreationInputTokens(rs.getLong("total_cache_creation_input_tokens"))
                .setReasoningTokens(rs.getLong("total_reasoning_tokens"))
                .setCostUsd(getDouble(rs, "total_cost_usd"))
                .setUserInput(rs.getString("user_input"))
                .setUserCallId(rs.getString("user_call_id"))
                .setFinalAnswer(rs.getString("final_answer"))
                .setFinalCallId(rs.getString("final_call_id"))
                .setFinalFinishReason(rs.getString("final_finish_reason"))
                .setToolCallCount(rs.getInt("tool_call_count"))
                .setToolResultCount(rs.getInt("tool_result_count"))
                .setToolErrorCount(rs.getInt("tool_error_count"))
                .setPlanLoop(planLoop(rs.getObject("plan_loop")))
                .setNoSubmit(rs.getBoolean("no_submit"))
                .setModelSubstituted(rs.getBoolean("model_substituted"))
                .setProxyRole(rs.getString("proxy_role"))
                .setProxyPeerTurnId(rs.getString("proxy_peer_turn_id"));
        if (detail) {
            t.setTools(tools(rs));
        }
        return t;
    }

    /** The elements of a LIST column; NULL reads as none. */
    private static Object[] elements(ResultSet rs, String column) throws SQLException {
        Array array = rs.getArray(column);
        return array == null ? new Object[0] : (Object[]) array.getArray();
    }

    /** A {@code VARCHAR[]} column; NULL reads as an empty list. */
    static List<String> strings(ResultSet rs, String column) throws SQLException {
        Object[] values = elements(rs, column);
        List<String> out = new ArrayList<>(values.length);
        for (Object v : values) {
            out.add((String) v);
        }
        return out;
    }

    private static List<TurnTool> tools(ResultSet rs) throws SQLException {
        Object[] structs = elements(rs, "tools");
        List<TurnTool> tools = new ArrayList<>(structs.length);
        for (Object o : structs) {
            Map<String, Object> s = ((DuckDBStruct) o).getMap();
            tools.add(new TurnTool((String) s.get("call_id"), (String) s.get("tool_call_id"), (String) s.get("name"),
                    (String) s.get("arguments_key"), (String) s.get("result_call_id"), (Boolean) s.get("error"),
                    (String) s.get("result_key")));
        }
        return tools;
    }

    private static PlanLoop planLoop(Object column) throws SQLException {
        if (column == null) {
            return null;
        }
        Map<String, Object> s = ((DuckDBStruct) column).getMap();
        Number repeats = (Number) s.get("repeats");
        return new PlanLoop((String) s.get("tool"), (String) s.get("arguments"),
                repeats == null ? 0 : repeats.intValue());
    }
}
