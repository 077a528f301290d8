package org.egret.console.internal.rest;

import static org.egret.console.internal.rest.JsonOutput.numberOrNull;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;
import org.egret.api.decode.TurnFacts;
import org.egret.api.turn.AgentTurn;
import org.egret.api.turn.PlanLoop;
import org.egret.api.turn.TurnTool;

/**
 * An {@link AgentTurn} as Heron's {@code TraceListItem}, {@code TraceDetail} and {@code SessionTraceItem}: Heron's
 * field names first, Egret's extras (cost, tool outcomes, plan loop, no-submit, …) after them. Times are epoch
 * milliseconds. Fields that need Heron's tool-surface classifier ({@code tool_surfaces}, {@code agent_topology},
 * {@code suspicious_skills}) are empty or null rather than guessed.
 */
final class TraceJson {

    /** Characters of the user's input and the final answer in a list item (Heron's preview length). */
    static final int PREVIEW_CHARS = 500;

    private TraceJson() {
    }

    static void writeListItem(JsonGenerator g, AgentTurn t) throws IOException {
        g.writeStartObject();
        writeIdentity(g, t);
        g.writeStringField("client_ip", t.getClientIp());
        g.writeStringField("server_ip", t.getServerIp());
        writeOutcome(g, t);
        g.writeStringField("user_input_preview", preview(t.getUserInput()));
        g.writeStringField("final_answer_preview", preview(t.getFinalAnswer()));
        if (t.getProxyRole() != null) {
            // Heron's optional fields: present only on a turn seen on both legs of a proxy
            g.writeStringField("proxy_role", t.getProxyRole());
            g.writeStringField("proxy_peer_turn_id", t.getProxyPeerTurnId());
            JsonOutput.stringArray(g, "proxy_peer_turn_ids", peers(t));
        }
        writeClassification(g, t);
        writeListExtras(g, t);
        g.writeEndObject();
    }

    /** A turn of a session: full question and answer, no addresses and no proxy fields. */
    static void writeSessionItem(JsonGenerator g, AgentTurn t) throws IOException {
        g.writeStartObject();
        writeIdentity(g, t);
        writeOutcome(g, t);
        g.writeStringField("user_input", t.getUserInput());
        g.writeStringField("final_answer", t.getFinalAnswer());
        writeClassification(g, t);
        writeListExtras(g, t);
        g.writeEndObject();
    }

    static void writeDetail(JsonGenerator g, AgentTurn t) throws IOException {
        g.writeStartObject();
        g.writeStringField("turn_id", t.getTurnId());
        g.writeStringField("source_id", t.getSourceId());
        g.writeStringField("session_id", t.getSessionId());
        g.writeStringField("wire_api", t.getWireApi());
        g.writeStringField("agent_kind", t.getAgentKind());
        g.writeStringField("client_ip", t.getClientIp());
        g.writeStringField("server_ip", t.getServerIp());
        writeTimes(g, t);
        g.writeNumberField("call_count", t.getCallCount());
        JsonOutput.stringArray(g, "models_used", t.getModels());
        JsonOutput.stringArray(g, "subagents_used", t.getSubagents());
        g.writeNumberField("total_input_tokens", t.getInputTokens());
        g.writeNumberField("total_output_tokens", t.getOutputTokens());
        g.writeNumberField("total_cache_read_input_tokens", t.getCacheReadInputTokens());
        g.writeNumberField("total_cache_creation_input_tokens", t.getCacheCreationInputTokens());
        numberOrNull(g, "total_cost_usd", t.getCostUsd());
        g.writeStringField("status", status(t));
        g.writeStringField("final_finish_reason", t.getFinalFinishReason());
        g.writeStringField("user_call_id", t.getUserCallId());
        g.writeStringField("user_input", t.getUserInput());
        g.writeStringField("final_call_id", t.getFinalCallId());
        g.writeStringField("final_answer", t.getFinalAnswer());
        JsonOutput.stringArray(g, "span_ids", t.getCallIds());
        writeMetadata(g, t);
        writeClassification(g, t);
        g.writeStringField("primary_model", primaryModel(t));
        g.writeNumberField("total_reasoning_tokens", t.getReasoningTokens());
        writeOutcomeExtras(g, t);
        writeTools(g, t.getTools());
        g.writeEndObject();
    }

    private static void writeIdentity(JsonGenerator g, AgentTurn t) throws IOException {
        g.writeStringField("turn_id", t.getTurnId());
        g.writeStringField("source_id", t.getSourceId());
        g.writeStringField("session_id", t.getSessionId());
        writeTimes(g, t);
        g.writeStringField("wire_api", t.getWireApi());
        g.writeStringField("agent_kind", t.getAgentKind());
    }

    /** Epoch ms; the duration in whole milliseconds, as Heron's is an integer. */
    private static void writeTimes(JsonGenerator g, AgentTurn t) throws IOException {
        g.writeNumberField("start_time", Math.floorDiv(t.getStartTime(), 1000L));
        g.writeNumberField("end_time", Math.floorDiv(t.getEndTime(), 1000L));
        g.writeNumberField("duration_ms", t.durationMillis());
    }

    private static void writeOutcome(JsonGenerator g, AgentTurn t) throws IOException {
        g.writeStringField("primary_model", primaryModel(t));
        JsonOutput.stringArray(g, "models_used", t.getModels());
        g.writeNumberField("call_count", t.getCallCount());
        g.writeNumberField("total_input_tokens", t.getInputTokens());
        g.writeNumberField("total_output_tokens", t.getOutputTokens());
        g.writeStringField("status", status(t));
        g.writeStringField("final_finish_reason", t.getFinalFinishReason());
    }

    private static void writeClassification(JsonGenerator g, AgentTurn t) throws IOException {
        JsonOutput.emptyArray(g, "tool_surfaces");
        g.writeNumberField("tool_call_total", t.getToolCallCount());
        g.writeNullField("agent_topology");
        JsonOutput.emptyArray(g, "suspicious_skills");
    }

    /** What a list item adds to Heron's: the detail's cost and sub-agents, and the outcome extras. */
    private static void writeListExtras(JsonGenerator g, AgentTurn t) throws IOException {
        numberOrNull(g, "total_cost_usd", t.getCostUsd());
        JsonOutput.stringArray(g, "subagents_used", t.getSubagents());
        writeOutcomeExtras(g, t);
    }

    /** Egret's verdicts on the turn, which Heron does not compute. */
    private static void writeOutcomeExtras(JsonGenerator g, AgentTurn t) throws IOException {
        g.writeStringField("pipeline", t.getPipeline());
        g.writeStringField("end_reason", t.getEndReason());
        g.writeNumberField("error_calls", t.getErrorCalls());
        g.writeNumberField("tool_call_count", t.getToolCallCount());
        g.writeNumberField("tool_result_count", t.getToolResultCount());
        g.writeNumberField("tool_error_count", t.getToolErrorCount());
        numberOrNull(g, "tool_success_rate", t.toolSuccessRate());
        PlanLoop loop = t.getPlanLoop();
        if (loop == null) {
            g.writeNullField("plan_loop");
        } else {
            g.writeObjectFieldStart("plan_loop");
            g.writeStringField("tool", loop.tool());
            g.writeStringField("arguments", loop.arguments());
            g.writeNumberField("repeats", loop.repeats());
            g.writeEndObject();
        }
        g.writeBooleanField("no_submit", t.isNoSubmit());
        g.writeBooleanField("model_substituted", t.isModelSubstituted());
    }

    /** Heron's proxy annotations live under {@code metadata.proxy}; without a proxy, {@code {}}. */
    private static void writeMetadata(JsonGenerator g, AgentTurn t) throws IOException {
        g.writeObjectFieldStart("metadata");
        if (t.getProxyRole() != null) {
            g.writeObjectFieldStart("proxy");
            g.writeStringField("role", t.getProxyRole());
            g.writeStringField("peer_turn_id", t.getProxyPeerTurnId());
            JsonOutput.stringArray(g, "peer_turn_ids", peers(t));
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private static void writeTools(JsonGenerator g, List<TurnTool> tools) throws IOException {
        g.writeArrayFieldStart("tools");
        for (TurnTool tool : tools) {
            g.writeStartObject();
            g.writeStringField("call_id", tool.callId());
            g.writeStringField("tool_call_id", tool.toolCallId());
            g.writeStringField("name", tool.name());
            g.writeStringField("arguments_key", tool.argumentsKey());
            g.writeStringField("result_call_id", tool.resultCallId());
            if (tool.error() == null) {
                g.writeNullField("is_error");
            } else {
                g.writeBooleanField("is_error", tool.error());
            }
            g.writeStringField("result_key", tool.resultKey());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static List<String> peers(AgentTurn t) {
        return t.getProxyPeerTurnId() == null ? List.of() : List.of(t.getProxyPeerTurnId());
    }

    static String status(AgentTurn t) {
        return t.getStatus() == null ? null : t.getStatus().apiName();
    }

    /** The model it used first. */
    static String primaryModel(AgentTurn t) {
        return t.getModels().isEmpty() ? null : t.getModels().get(0);
    }

    /** At most {@link #PREVIEW_CHARS} characters, then {@code …} when cut (as Heron's previews). */
    static String preview(String text) {
        String clipped = TurnFacts.clip(text, PREVIEW_CHARS);
        return clipped == null || clipped.length() == text.length() ? clipped : clipped + "…";
    }
}
