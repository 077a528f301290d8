package org.egret.console.internal.rest;

import static org.egret.console.internal.rest.CallAsTrace.orZero;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;
import org.egret.api.decode.LlmCall;

/**
 * A call served as Heron's {@code TraceListItem} / {@code TraceDetail} (see {@link CallAsTrace}). Fields that need an
 * agent classifier ({@code session_id}, {@code agent_kind}, {@code agent_topology}) are null, and their lists empty,
 * rather than guessed.
 */
final class TraceJson {

    private TraceJson() {
    }

    static void writeListItem(JsonGenerator g, LlmCall c) throws IOException {
        g.writeStartObject();
        g.writeStringField("turn_id", c.getId());
        g.writeStringField("source_id", c.getSourceId());
        g.writeNullField("session_id");
        g.writeNumberField("start_time", CallAsTrace.startMillis(c));
        g.writeNumberField("end_time", CallAsTrace.endMillis(c));
        g.writeNumberField("duration_ms", CallAsTrace.durationMillis(c));
        g.writeStringField("wire_api", c.getWireApi());
        g.writeNullField("agent_kind");
        g.writeStringField("client_ip", c.getClientIp());
        g.writeStringField("server_ip", c.getServerIp());
        g.writeStringField("primary_model", CallAsTrace.primaryModel(c));
        JsonOutput.stringArray(g, "models_used", CallAsTrace.modelsUsed(c));
        g.writeNumberField("call_count", 1);
        g.writeNumberField("total_input_tokens", orZero(c.getInputTokens()));
        g.writeNumberField("total_output_tokens", orZero(c.getOutputTokens()));
        g.writeStringField("status", CallAsTrace.status(c));
        g.writeStringField("final_finish_reason", c.getFinishReason());
        g.writeNullField("user_input_preview");
        g.writeNullField("final_answer_preview");
        writeClassification(g, c);
        g.writeEndObject();
    }

    static void writeDetail(JsonGenerator g, LlmCall c, String userInput, String finalAnswer) throws IOException {
        g.writeStartObject();
        g.writeStringField("turn_id", c.getId());
        g.writeStringField("source_id", c.getSourceId());
        g.writeNullField("session_id");
        g.writeStringField("wire_api", c.getWireApi());
        g.writeNullField("agent_kind");
        g.writeStringField("client_ip", c.getClientIp());
        g.writeStringField("server_ip", c.getServerIp());
        g.writeNumberField("start_time", CallAsTrace.startMillis(c));
        g.writeNumberField("end_time", CallAsTrace.endMillis(c));
        g.writeNumberField("duration_ms", CallAsTrace.durationMillis(c));
        g.writeNumberField("call_count", 1);
        JsonOutput.stringArray(g, "models_used", CallAsTrace.modelsUsed(c));
        JsonOutput.emptyArray(g, "subagents_used");
        g.writeNumberField("total_input_tokens", orZero(c.getInputTokens()));
        g.writeNumberField("total_output_tokens", orZero(c.getOutputTokens()));
        g.writeNumberField("total_cache_read_input_tokens", orZero(c.getCacheReadInputTokens()));
        g.writeNumberField("total_cache_creation_input_tokens", orZero(c.getCacheCreationInputTokens()));
        g.writeNullField("total_cost_usd");
        g.writeStringField("status", CallAsTrace.status(c));
        g.writeStringField("final_finish_reason", c.getFinishReason());
        g.writeStringField("user_call_id", c.getId());
        g.writeStringField("user_input", userInput);
        g.writeStringField("final_call_id", c.getId());
        g.writeStringField("final_answer", finalAnswer);
        JsonOutput.stringArray(g, "span_ids", List.of(c.getId()));
        g.writeObjectFieldStart("metadata");
        g.writeEndObject();
        writeClassification(g, c);
        g.writeEndObject();
    }

    private static void writeClassification(JsonGenerator g, LlmCall c) throws IOException {
        JsonOutput.emptyArray(g, "tool_surfaces");
        g.writeNumberField("tool_call_total", SpanJson.toolCalls(c).size());
        g.writeNullField("agent_topology");
        JsonOutput.emptyArray(g, "suspicious_skills");
    }
}
