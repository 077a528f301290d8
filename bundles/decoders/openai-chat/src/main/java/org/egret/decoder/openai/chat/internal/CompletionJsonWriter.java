package org.egret.decoder.openai.chat.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.util.Map;

/** Writes a streamed completion back in the non-streaming {@code chat.completion} JSON shape. */
final class CompletionJsonWriter {

    private CompletionJsonWriter() {
    }

    /**
     * @param model the model to name: the served one, else the requested one
     */
    static String write(CompletionAccumulator acc, String model) throws IOException {
        StringWriter out = new StringWriter(256 + estimate(acc));
        try (JsonGenerator g = ChatJson.FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("id", acc.id);
            g.writeStringField("object", "chat.completion");
            if (acc.created != null) {
                g.writeNumberField("created", acc.created);
            } else {
                g.writeNullField("created");
            }
            g.writeStringField("model", model);
            if (acc.systemFingerprint != null) {
                g.writeStringField("system_fingerprint", acc.systemFingerprint);
            }
            g.writeArrayFieldStart("choices");
            for (ChoiceAccumulator c : acc.choices.values()) {
                writeChoice(g, c);
            }
            g.writeEndArray();
            if (acc.usage != null) {
                g.writeFieldName("usage");
                ChatJson.MAPPER.writeTree(g, acc.usage);
            }
            if (acc.error != null) {
                g.writeFieldName("error");
                ChatJson.MAPPER.writeTree(g, acc.error);
            }
            g.writeEndObject();
        }
        return out.toString();
    }

    private static void writeChoice(JsonGenerator g, ChoiceAccumulator c) throws IOException {
        g.writeStartObject();
        g.writeNumberField("index", c.index);
        g.writeObjectFieldStart("message");
        g.writeStringField("role", c.role != null ? c.role : "assistant");
        g.writeStringField("content", c.content != null ? c.content.toString() : null);
        if (c.reasoning != null) {
            g.writeStringField("reasoning_content", c.reasoning.toString());
        }
        if (c.refusal != null && c.refusal.length() > 0) {
            g.writeStringField("refusal", c.refusal.toString());
        }
        if (!c.toolCalls.isEmpty()) {
            g.writeArrayFieldStart("tool_calls");
            for (Map.Entry<Integer, ChoiceAccumulator.ToolCallAccumulator> e : c.toolCalls.entrySet()) {
                ChoiceAccumulator.ToolCallAccumulator t = e.getValue();
                g.writeStartObject();
                g.writeStringField("id", t.id);
                g.writeStringField("type", t.type != null ? t.type : "function");
                writeFunction(g, "function", t);
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        if (c.functionCall != null) {
            writeFunction(g, "function_call", c.functionCall);
        }
        g.writeEndObject();
        g.writeStringField("finish_reason", c.finishReason);
        g.writeEndObject();
    }

    private static void writeFunction(JsonGenerator g, String field, ChoiceAccumulator.ToolCallAccumulator t)
            throws IOException {
        g.writeObjectFieldStart(field);
        g.writeStringField("name", t.name);
        g.writeStringField("arguments", t.arguments != null ? t.arguments.toString() : "");
        g.writeEndObject();
    }

    private static int estimate(CompletionAccumulator acc) {
        int n = 0;
        for (ChoiceAccumulator c : acc.choices.values()) {
            n += (c.content != null ? c.content.length() : 0) + (c.reasoning != null ? c.reasoning.length() : 0);
            for (ChoiceAccumulator.ToolCallAccumulator t : c.toolCalls.values()) {
                n += 64 + (t.arguments != null ? t.arguments.length() : 0);
            }
        }
        return n + n / 8;
    }
}
