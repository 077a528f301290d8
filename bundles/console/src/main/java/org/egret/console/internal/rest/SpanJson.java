package org.egret.console.internal.rest;

import static org.egret.console.internal.rest.JsonOutput.millisOrNull;
import static org.egret.console.internal.rest.JsonOutput.numberOrNull;
import static org.egret.console.internal.rest.JsonOutput.statusOrNull;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.egret.api.decode.LlmCall;
import org.egret.api.decode.ToolCall;
import org.egret.api.decode.ToolResult;

/**
 * An {@link LlmCall} as a Heron span: {@code SpanListItem}, {@code SpanDetail} and {@code TraceSpanItem}, Heron's
 * field names first, Egret's extras after them. Times are epoch milliseconds; durations are fractional ms.
 */
final class SpanJson {

    private SpanJson() {
    }

    /** The fields every span shape shares, in Heron's order: what was called and how it went. */
    private static void writeOutcome(JsonGenerator g, LlmCall c) throws IOException {
        g.writeStringField("wire_api", c.getWireApi());
        g.writeStringField("model", c.getModel());
        statusOrNull(g, "status_code", c.getStatusCode());
        g.writeBooleanField("is_stream", c.isStream());
        g.writeStringField("finish_reason", c.getFinishReason());
        numberOrNull(g, "ttft_ms", c.getTtftMs());
        numberOrNull(g, "e2e_latency_ms", c.getE2eLatencyMs());
        numberOrNull(g, "input_tokens", c.getInputTokens());
        numberOrNull(g, "output_tokens", c.getOutputTokens());
        g.writeBooleanField("tokens_estimated", false);
    }

    static void writeListItem(JsonGenerator g, LlmCall c) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", c.getId());
        g.writeStringField("source_id", c.getSourceId());
        g.writeNumberField("request_time", Math.floorDiv(c.getRequestTime(), 1000L));
        writeOutcome(g, c);
        g.writeStringField("client_ip", c.getClientIp());
        g.writeStringField("server_ip", c.getServerIp());
        g.writeNumberField("server_port", c.getServerPort());
        g.writeStringField("request_path", c.getRequestPath());
        writeAgentFields(g, c);
        g.writeStringField("request_model", c.getRequestModel());
        numberOrNull(g, "cache_read_input_tokens", c.getCacheReadInputTokens());
        numberOrNull(g, "reasoning_tokens", c.getReasoningTokens());
        numberOrNull(g, "tpot_ms", c.getTpotMs());
        g.writeBooleanField("partial", c.isPartial());
        g.writeEndObject();
    }

    static void writeDetail(JsonGenerator g, LlmCall c) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", c.getId());
        g.writeStringField("source_id", c.getSourceId());
        g.writeNumberField("request_time", Math.floorDiv(c.getRequestTime(), 1000L));
        numberOrNull(g, "response_time", millisOrNull(c.getResponseTime()));
        numberOrNull(g, "complete_time", millisOrNull(c.getCompleteTime()));
        g.writeStringField("wire_api", c.getWireApi());
        g.writeStringField("model", c.getModel());
        g.writeStringField("api_type", "chat");
        g.writeBooleanField("is_stream", c.isStream());
        g.writeStringField("request_path", c.getRequestPath());
        statusOrNull(g, "status_code", c.getStatusCode());
        g.writeStringField("finish_reason", c.getFinishReason());
        numberOrNull(g, "input_tokens", c.getInputTokens());
        numberOrNull(g, "output_tokens", c.getOutputTokens());
        numberOrNull(g, "total_tokens", c.getTotalTokens());
        g.writeBooleanField("tokens_estimated", false);
        numberOrNull(g, "ttft_ms", c.getTtftMs());
        numberOrNull(g, "e2e_latency_ms", c.getE2eLatencyMs());
        g.writeStringField("response_id", c.getResponseId());
        g.writeStringField("client_ip", c.getClientIp());
        g.writeNumberField("client_port", c.getClientPort());
        g.writeStringField("server_ip", c.getServerIp());
        g.writeNumberField("server_port", c.getServerPort());
        g.writeStringField("request_body", c.getRequestBody());
        g.writeStringField("response_body", c.getResponseBody());
        g.writeStringField("request_headers", JsonOutput.headersJson(c.getRequestHeaders()));
        g.writeStringField("response_headers", JsonOutput.headersJson(c.getResponseHeaders()));
        writeAgentFields(g, c);
        g.writeStringField("request_model", c.getRequestModel());
        numberOrNull(g, "first_token_time", millisOrNull(c.getFirstTokenTime()));
        numberOrNull(g, "cache_read_input_tokens", c.getCacheReadInputTokens());
        numberOrNull(g, "cache_creation_input_tokens", c.getCacheCreationInputTokens());
        numberOrNull(g, "reasoning_tokens", c.getReasoningTokens());
        numberOrNull(g, "tpot_ms", c.getTpotMs());
        writeToolCalls(g, toolCalls(c));
        writeRequestTools(g, c);
        g.writeStringField("error_type", c.getErrorType());
        g.writeStringField("error_message", c.getErrorMessage());
        g.writeBooleanField("partial", c.isPartial());
        g.writeStringField("partial_reason", c.getPartialReason());
        g.writeNumberField("body_bytes_dropped", c.getBodyBytesDropped());
        g.writeStringField("exchange_id", c.getExchangeId());
        g.writeStringField("pipeline", c.getPipeline());
        g.writeStringField("method", c.getMethod());
        g.writeStringField("host", c.getHost());
        g.writeEndObject();
    }

    /**
     * Heron's {@code TraceSpanItem}; {@code sequence} is 1-based. Lite items keep the body and header keys, as null,
     * like Heron's {@code lite=1}.
     */
    static void writeTraceSpanItem(JsonGenerator g, LlmCall c, int sequence, boolean withBodies) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", c.getId());
        g.writeNumberField("sequence", sequence);
        g.writeNumberField("request_time", Math.floorDiv(c.getRequestTime(), 1000L));
        numberOrNull(g, "response_time", millisOrNull(c.getResponseTime()));
        numberOrNull(g, "complete_time", millisOrNull(c.getCompleteTime()));
        writeOutcome(g, c);
        g.writeStringField("request_path", c.getRequestPath());
        g.writeStringField("client_ip", c.getClientIp());
        g.writeNumberField("client_port", c.getClientPort());
        g.writeStringField("server_ip", c.getServerIp());
        g.writeNumberField("server_port", c.getServerPort());
        g.writeStringField("request_body", withBodies ? c.getRequestBody() : null);
        g.writeStringField("response_body", withBodies ? c.getResponseBody() : null);
        g.writeStringField("request_headers", withBodies ? JsonOutput.headersJson(c.getRequestHeaders()) : null);
        g.writeStringField("response_headers", withBodies ? JsonOutput.headersJson(c.getResponseHeaders()) : null);
        g.writeStringField("request_model", c.getRequestModel());
        numberOrNull(g, "cache_read_input_tokens", c.getCacheReadInputTokens());
        numberOrNull(g, "reasoning_tokens", c.getReasoningTokens());
        numberOrNull(g, "tpot_ms", c.getTpotMs());
        g.writeBooleanField("partial", c.isPartial());
        g.writeEndObject();
    }

    /**
     * Heron's agent classification fields, then Egret's. A call is an agent request when the model asked for tools
     * or the request sends tool results back; surface and topology are unknown (null) until turns are assembled; no
     * process is known for passive capture.
     */
    private static void writeAgentFields(JsonGenerator g, LlmCall c) throws IOException {
        List<ToolCall> tools = toolCalls(c);
        g.writeBooleanField("is_agent_request", !tools.isEmpty() || !toolResults(c).isEmpty());
        g.writeNullField("tool_surface");
        g.writeNullField("agent_topology");
        g.writeNumberField("tool_call_count", tools.size());
        JsonOutput.stringArray(g, "tool_names", toolNames(tools));
        g.writeNullField("process");
        g.writeStringField("agent_kind", c.getAgentKind());
        g.writeStringField("server_kind", c.getServerKind());
        g.writeBooleanField("model_substituted", c.isModelSubstituted());
        numberOrNull(g, "cost_usd", c.getCostUsd());
        g.writeStringField("session_id", c.getSessionId());
        g.writeStringField("subagent", c.getSubagent());
        g.writeStringField("auxiliary", c.getAuxiliary());
    }

    /** The tools the request declares and the tool results it sends back, each with the call it answers. */
    private static void writeRequestTools(JsonGenerator g, LlmCall c) throws IOException {
        JsonOutput.stringArray(g, "request_tools", c.getRequestTools() == null ? List.of() : c.getRequestTools());
        g.writeArrayFieldStart("tool_results");
        for (ToolResult r : toolResults(c)) {
            g.writeStartObject();
            g.writeStringField("tool_call_id", r.toolCallId());
            g.writeStringField("name", r.name());
            g.writeBooleanField("is_error", r.error());
            g.writeStringField("content", r.content());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static List<ToolResult> toolResults(LlmCall c) {
        return c.getToolResults() == null ? List.of() : c.getToolResults();
    }

    private static void writeToolCalls(JsonGenerator g, List<ToolCall> tools) throws IOException {
        g.writeArrayFieldStart("tool_calls");
        for (ToolCall t : tools) {
            g.writeStartObject();
            g.writeNumberField("index", t.index());
            g.writeStringField("id", t.id());
            g.writeStringField("name", t.name());
            g.writeStringField("arguments", t.arguments());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    static List<ToolCall> toolCalls(LlmCall c) {
        return c.getToolCalls() == null ? List.of() : c.getToolCalls();
    }

    /** Names in call order; a tool called twice appears twice. */
    static List<String> toolNames(List<ToolCall> tools) {
        List<String> names = new ArrayList<>(tools.size());
        for (ToolCall t : tools) {
            if (t.name() != null) {
                names.add(t.name());
            }
        }
        return names;
    }
}
