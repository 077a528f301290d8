package org.egret.storage.clickhouse.internal;

import static org.egret.storage.clickhouse.internal.JsonRows.dblOrNull;
import static org.egret.storage.clickhouse.internal.JsonRows.flag;
import static org.egret.storage.clickhouse.internal.JsonRows.integer;
import static org.egret.storage.clickhouse.internal.JsonRows.lng;
import static org.egret.storage.clickhouse.internal.JsonRows.str;
import static org.egret.storage.clickhouse.internal.JsonRows.strings;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.egret.api.storage.StorageException;
import org.egret.api.turn.AgentTurn;
import org.egret.api.turn.PlanLoop;
import org.egret.api.turn.TurnStatus;
import org.egret.api.turn.TurnTool;

/**
 * {@link AgentTurn}s as rows of the {@code turns} table, both ways. A turn written again is a new row with a higher
 * {@code version}; readers keep the highest version of each id ({@link #latest}), and the ReplacingMergeTree drops
 * the older rows as it merges.
 */
final class TurnRows {
    private static final TypeReference<List<TurnTool>> TOOLS = new TypeReference<>() {
    };
    private static final TypeReference<PlanLoop> PLAN_LOOP = new TypeReference<>() {
    };

    /** Everything but the tool list: what a list item carries. */
    static final String LIST_COLUMNS = "id, pipeline, source_id, session_id, agent_kind, wire_api, client_ip, "
            + "server_ip, start_us, end_us, duration_ms, status, end_reason, call_ids, models, subagents, call_count, "
            + "error_calls, total_input_tokens, total_output_tokens, total_cache_read_input_tokens, "
            + "total_cache_creation_input_tokens, total_reasoning_tokens, total_cost_usd, user_input, user_call_id, "
            + "final_answer, final_call_id, final_finish_reason, tool_call_count, tool_result_count, "
            + "tool_error_count, plan_loop, no_submit, model_substituted, proxy_role, proxy_peer_turn_id";

    static final String DETAIL_COLUMNS = LIST_COLUMNS + ", tools";

    private TurnRows() {
    }

    /** The latest row of each turn id, with {@code columns}, as a subquery over {@code table}. */
    static String latest(String table, String columns) {
        return "(SELECT " + columns + " FROM " + table + " ORDER BY version DESC LIMIT 1 BY id)";
    }

    static byte[] row(AgentTurn t, long version) {
        if (t.getTurnId() == null) {
            throw new IllegalArgumentException("a turn has no id");
        }
        try (JsonRow r = new JsonRow()) {
            return r.str("id", t.getTurnId()).str("pipeline", t.getPipeline()).str("source_id", t.getSourceId())
                    .str("session_id", t.getSessionId()).str("agent_kind", t.getAgentKind())
                    .str("wire_api", t.getWireApi()).str("client_ip", t.getClientIp())
                    .str("server_ip", t.getServerIp()).num("start_us", t.getStartTime())
                    .num("end_us", t.getEndTime()).num("duration_ms", t.durationMillis())
                    .str("status", t.getStatus() == null ? null : t.getStatus().apiName())
                    .str("end_reason", t.getEndReason()).strings("call_ids", t.getCallIds())
                    .strings("models", t.getModels()).strings("subagents", t.getSubagents())
                    .num("call_count", t.getCallCount()).num("error_calls", t.getErrorCalls())
                    .num("total_input_tokens", t.getInputTokens()).num("total_output_tokens", t.getOutputTokens())
                    .num("total_cache_read_input_tokens", t.getCacheReadInputTokens())
                    .num("total_cache_creation_input_tokens", t.getCacheCreationInputTokens())
                    .num("total_reasoning_tokens", t.getReasoningTokens()).dbl("total_cost_usd", t.getCostUsd())
                    .str("user_input", t.getUserInput()).str("user_call_id", t.getUserCallId())
                    .str("final_answer", t.getFinalAnswer()).str("final_call_id", t.getFinalCallId())
                    .str("final_finish_reason", t.getFinalFinishReason())
                    .str("tools", JsonRows.toJson(t.getTools() == null ? List.of() : t.getTools()))
                    .num("tool_call_count", t.getToolCallCount()).num("tool_result_count", t.getToolResultCount())
                    .num("tool_error_count", t.getToolErrorCount())
                    .str("plan_loop", t.getPlanLoop() == null ? null : JsonRows.toJson(t.getPlanLoop()))
                    .flag("no_submit", t.isNoSubmit()).flag("model_substituted", t.isModelSubstituted())
                    .str("proxy_role", t.getProxyRole()).str("proxy_peer_turn_id", t.getProxyPeerTurnId())
                    .num("version", version)
                    .finish();
        }
    }

    static AgentTurn read(JsonNode row, boolean detail) throws StorageException {
        AgentTurn t = new AgentTurn()
                .setTurnId(str(row, "id"))
                .setPipeline(str(row, "pipeline"))
                .setSourceId(str(row, "source_id"))
                .setSessionId(str(row, "session_id"))
                .setAgentKind(str(row, "agent_kind"))
                .setWireApi(str(row, "wire_api"))
                .setClientIp(str(row, "client_ip"))
                .setServerIp(str(row, "server_ip"))
                .setStartTime(lng(row, "start_us"))
                .setEndTime(lng(row, "end_us"))
                .setStatus(TurnStatus.ofApiName(str(row, "status")))
                .setEndReason(str(row, "end_reason"))
                .setCallIds(strings(row, "call_ids"))
                .setModels(strings(row, "models"))
                .setSubagents(strings(row, "subagents"))
                .setCallCount(integer(row, "call_count"))
                .setErrorCalls(integer(row, "error_calls"))
                .setInputTokens(lng(row, "total_input_tokens"))
                .setOutputTokens(lng(row, "total_output_tokens"))
                .setCacheReadInputTokens(lng(row, "total_cache_read_input_tokens"))
                .setCacheCreationInputTokens(lng(row, "total_cache_creation_input_tokens"))
                .setReasoningTokens(lng(row, "total_reasoning_tokens"))
                .setCostUsd(dblOrNull(row, "total_cost_usd"))
                .setUserInput(str(row, "user_input"))
                .setUserCallId(str(row, "user_call_id"))
                .setFinalAnswer(str(row, "final_answer"))
                .setFinalCallId(str(row, "final_call_id"))
                .setFinalFinishReason(str(row, "final_finish_reason"))
                .setToolCallCount(integer(row, "tool_call_count"))
                .setToolResultCount(integer(row, "tool_result_count"))
                .setToolErrorCount(integer(row, "tool_error_count"))
                .setPlanLoop(JsonRows.json(row, "plan_loop", PLAN_LOOP, null))
                .setNoSubmit(flag(row, "no_submit"))
                .setModelSubstituted(flag(row, "model_substituted"))
                .setProxyRole(str(row, "proxy_role"))
                .setProxyPeerTurnId(str(row, "proxy_peer_turn_id"));
        if (detail) {
            t.setTools(JsonRows.json(row, "tools", TOOLS, List.of()));
        }
        return t;
    }
}
