package org.egret.console.internal.rest;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.egret.api.decode.LlmCall;
import org.egret.api.transcript.Transcript;
import org.egret.api.transcript.TranscriptMessage;
import org.egret.api.transcript.TranscriptTool;
import org.egret.api.transcript.TranscriptToolCall;

/**
 * A call's {@link Transcript} as {@code GET /api/spans/{id}/transcript} answers it. Tool arguments and parameter
 * schemas are embedded as JSON values when they are JSON, else kept as the string that was sent.
 */
final class TranscriptJson {

    /**
     * A tool call paired with the message holding its result.
     *
     * @param messageIndex index in the transcript's messages, or null when no result came back in it
     */
    record ToolResultLink(String toolCallId, Integer messageIndex, boolean error) {
    }

    private TranscriptJson() {
    }

    static void write(JsonGenerator g, LlmCall call, Transcript t) throws IOException {
        g.writeStartObject();
        g.writeStringField("call_id", call.getId());
        g.writeStringField("wire_api", t.wireApi() != null ? t.wireApi() : call.getWireApi());
        g.writeBooleanField("partial", call.isPartial());
        g.writeStringField("partial_reason", call.getPartialReason());
        g.writeStringField("problem", t.problem());
        g.writeArrayFieldStart("messages");
        for (TranscriptMessage m : t.messages()) {
            writeMessage(g, m);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("tools");
        for (TranscriptTool tool : t.tools()) {
            g.writeStartObject();
            g.writeStringField("name", tool.name());
            g.writeStringField("description", tool.description());
            g.writeFieldName("parameters");
            if (tool.parameters() == null) {
                g.writeNull();
            } else {
                JsonText.valueOrString(g, tool.parameters());
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("tool_results");
        for (ToolResultLink link : toolResults(t.messages())) {
            g.writeStartObject();
            g.writeStringField("tool_call_id", link.toolCallId());
            if (link.messageIndex() == null) {
                g.writeNullField("message_index");
            } else {
                g.writeNumberField("message_index", link.messageIndex());
            }
            g.writeBooleanField("error", link.error());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void writeMessage(JsonGenerator g, TranscriptMessage m) throws IOException {
        g.writeStartObject();
        g.writeStringField("role", m.role());
        g.writeStringField("content", m.content());
        g.writeStringField("reasoning", m.reasoning());
        g.writeArrayFieldStart("tool_calls");
        for (TranscriptToolCall c : m.toolCalls()) {
            g.writeStartObject();
            g.writeStringField("id", c.id());
            g.writeStringField("name", c.name());
            g.writeFieldName("arguments");
            if (c.arguments() == null) {
                g.writeNull();
            } else {
                JsonText.valueOrString(g, c.arguments());
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeStringField("tool_call_id", m.toolCallId());
        g.writeStringField("name", m.name());
        g.writeBooleanField("error", m.error());
        g.writeBooleanField("from_response", m.fromResponse());
        JsonOutput.stringArray(g, "omitted", m.omitted());
        g.writeEndObject();
    }

    /**
     * Every tool call of the assistant messages, in order, with the first tool message answering its id; then the
     * tool messages answering an id no message of this transcript asked for (its call lies in history cut away).
     * Results without an id (Gemini's) cannot be paired and are left out.
     */
    static List<ToolResultLink> toolResults(List<TranscriptMessage> messages) {
        Map<String, Integer> resultAt = new LinkedHashMap<>();
        for (int i = 0; i < messages.size(); i++) {
            TranscriptMessage m = messages.get(i);
            if ("tool".equals(m.role()) && m.toolCallId() != null) {
                resultAt.putIfAbsent(m.toolCallId(), i);
            }
        }
        List<ToolResultLink> links = new ArrayList<>();
        Set<String> asked = new HashSet<>();
        for (TranscriptMessage m : messages) {
            for (TranscriptToolCall c : m.toolCalls()) {
                if (c.id() == null || !asked.add(c.id())) {
                    continue;
                }
                Integer at = resultAt.get(c.id());
                links.add(new ToolResultLink(c.id(), at, at != null && messages.get(at).error()));
            }
        }
        for (Map.Entry<String, Integer> r : resultAt.entrySet()) {
            if (!asked.contains(r.getKey())) {
                links.add(new ToolResultLink(r.getKey(), r.getValue(), messages.get(r.getValue()).error()));
            }
        }
        return links;
    }
}
