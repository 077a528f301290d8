package org.egret.console.internal.rest;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.egret.api.transcript.TranscriptMessage;
import org.egret.api.transcript.TranscriptTool;
import org.egret.api.transcript.TranscriptToolCall;

/**
 * One supervised fine-tuning line of a trajectory export, in the OpenAI chat shape trainers take (Heron's export
 * line): {@code messages} with {@code tool_calls} whose {@code arguments} are JSON objects, {@code role:"tool"}
 * results, {@code reasoning_content}; {@code tools} as {@code {type:"function", function:{…}}} (left out when
 * empty); {@code _meta} last. Absent fields are left out rather than null; parts that are not text (images, files)
 * are dropped, as Heron does.
 *
 * <p>Arguments that are not a JSON object are kept as {@code {"_raw": text}} and flagged with
 * {@code _meta.arguments_unparsed}, so no line silently loses what the model sent. Tool calls without ids (Gemini)
 * get {@code call_<message>_<n>} ids, and each id-less result takes the oldest unanswered one of the same tool name
 * (else the oldest unanswered), so every result still points at its call.
 */
final class SftLine {

    /**
     * What {@code _meta} says about where the line came from.
     *
     * @param turnIds for scope session: the turns merged into the line, in order; null for scope turn
     */
    record Meta(String scope, String sourceId, String sessionId, String turnId, List<String> turnIds,
            String terminalCallId, String wireApi, String agentKind, String model, String finalFinishReason,
            long totalInputTokens, long totalOutputTokens, Long capturedAtMs) {
    }

    private SftLine() {
    }

    /** Writes the line's JSON object (without the newline). */
    static void write(JsonGenerator g, List<TranscriptMessage> messages, List<TranscriptTool> tools, Meta meta)
            throws IOException {
        Ids ids = Ids.of(messages);
        boolean unparsed = false;
        g.writeStartObject();
        g.writeArrayFieldStart("messages");
        for (int i = 0; i < messages.size(); i++) {
            unparsed |= writeMessage(g, messages.get(i), ids.calls.get(i), ids.results.get(i));
        }
        g.writeEndArray();
        if (!tools.isEmpty()) {
            g.writeArrayFieldStart("tools");
            for (TranscriptTool t : tools) {
                g.writeStartObject();
                g.writeStringField("type", "function");
                g.writeObjectFieldStart("function");
                g.writeStringField("name", t.name());
                if (t.description() != null) {
                    g.writeStringField("description", t.description());
                }
                if (JsonText.isObject(t.parameters())) {
                    g.writeFieldName("parameters");
                    JsonText.copy(g, t.parameters());
                }
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        writeMeta(g, meta, unparsed);
        g.writeEndObject();
    }

    /** @return true when an argument text was not a JSON object */
    private static boolean writeMessage(JsonGenerator g, TranscriptMessage m, List<String> callIds, String resultId)
            throws IOException {
        boolean unparsed = false;
        boolean tool = "tool".equals(m.role());
        g.writeStartObject();
        g.writeStringField("role", m.role());
        if (m.content() != null || tool) {
            g.writeStringField("content", m.content() == null ? "" : m.content());
        }
        if (m.reasoning() != null) {
            g.writeStringField("reasoning_content", m.reasoning());
        }
        if (!m.toolCalls().isEmpty()) {
            g.writeArrayFieldStart("tool_calls");
            for (int k = 0; k < m.toolCalls().size(); k++) {
                TranscriptToolCall c = m.toolCalls().get(k);
                g.writeStartObject();
                g.writeStringField("id", callIds.get(k));
                g.writeStringField("type", "function");
                g.writeObjectFieldStart("function");
                g.writeStringField("name", c.name());
                g.writeFieldName("arguments");
                unparsed |= writeArguments(g, c.arguments());
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        if (tool) {
            g.writeStringField("tool_call_id", resultId);
            if (m.name() != null) {
                g.writeStringField("name", m.name());
            }
        }
        g.writeEndObject();
        return unparsed;
    }

    /** @return true when the text was kept under {@code _raw} */
    private static boolean writeArguments(JsonGenerator g, String arguments) throws IOException {
        if (arguments == null || arguments.isBlank()) {
            g.writeStartObject();
            g.writeEndObject();
            return false;
        }
        if (JsonText.kind(arguments) == JsonToken.START_OBJECT) {
            JsonText.copy(g, arguments);
            return false;
        }
        g.writeStartObject();
        g.writeStringField("_raw", arguments);
        g.writeEndObject();
        return true;
    }

    private static void writeMeta(JsonGenerator g, Meta meta, boolean unparsed) throws IOException {
        g.writeObjectFieldStart("_meta");
        g.writeStringField("source", "egret");
        g.writeStringField("scope", meta.scope());
        g.writeStringField("source_id", meta.sourceId());
        g.writeStringField("session_id", meta.sessionId());
        g.writeStringField("turn_id", meta.turnId());
        if (meta.turnIds() != null) {
            JsonOutput.stringArray(g, "turn_ids", meta.turnIds());
        }
        g.writeStringField("terminal_call_id", meta.terminalCallId());
        g.writeStringField("wire_api", meta.wireApi());
        g.writeStringField("agent_kind", meta.agentKind());
        g.writeStringField("model", meta.model());
        g.writeStringField("final_finish_reason", meta.finalFinishReason());
        g.writeNumberField("total_input_tokens", meta.totalInputTokens());
        g.writeNumberField("total_output_tokens", meta.totalOutputTokens());
        JsonOutput.numberOrNull(g, "captured_at_ms", meta.capturedAtMs());
        if (unparsed) {
            g.writeBooleanField("arguments_unparsed", true);
        }
        g.writeEndObject();
    }

    /** The id written for each tool call and each tool result, per message. */
    private record Ids(List<List<String>> calls, List<String> results) {

        private record Pending(String id, String name) {
        }

        static Ids of(List<TranscriptMessage> messages) {
            List<List<String>> calls = new ArrayList<>(messages.size());
            List<String> results = new ArrayList<>(messages.size());
            List<Pending> pending = new ArrayList<>();
            for (int i = 0; i < messages.size(); i++) {
                TranscriptMessage m = messages.get(i);
                List<String> ids = new ArrayList<>(m.toolCalls().size());
                for (int k = 0; k < m.toolCalls().size(); k++) {
                    TranscriptToolCall c = m.toolCalls().get(k);
                    String id = c.id();
                    if (id == null) {
                        id = "call_" + i + "_" + k;
                        pending.add(new Pending(id, c.name()));
                    }
                    ids.add(id);
                }
                calls.add(ids);
                String result = null;
                if ("tool".equals(m.role())) {
                    result = m.toolCallId() != null ? m.toolCallId() : answer(pending, m.name(), i);
                }
                results.add(result);
            }
            return new Ids(calls, results);
        }

        private static String answer(List<Pending> pending, String name, int index) {
            Pending pick = null;
            for (Iterator<Pending> it = pending.iterator(); it.hasNext();) {
                Pending p = it.next();
                if (name != null && name.equals(p.name())) {
                    pick = p;
                    it.remove();
                    break;
                }
            }
            if (pick == null && !pending.isEmpty()) {
                pick = pending.remove(0);
            }
            return pick != null ? pick.id() : "call_unpaired_" + index;
        }
    }
}
