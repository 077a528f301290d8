package org.egret.example.ollama.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.egret.api.decode.ToolCall;

/**
 * The answer gathered from the response objects: one for a whole answer, one a line for a stream. Text and thinking
 * are concatenated, tool calls collected, and the final object ({@code done: true}) kept for its reason and counts.
 */
final class OllamaAnswer {
    String model;
    final StringBuilder content = new StringBuilder();
    final StringBuilder thinking = new StringBuilder();
    final List<JsonNode> toolCalls = new ArrayList<>();
    /** the {@code done: true} object, or null when the stream ended without one */
    JsonNode last;
    /** an {@code error} field: the whole answer of a failed call, or a line inside a 200 stream */
    JsonNode error;
    int objects;

    /** Takes one response object. */
    void add(JsonNode o, OllamaRoute route) {
        objects++;
        if (o.has("error")) {
            error = o.get("error");
            return;
        }
        if (o.path("model").isTextual()) {
            model = o.path("model").textValue();
        }
        JsonNode part = route == OllamaRoute.GENERATE ? o : o.path("message");
        append(content, part.get(route == OllamaRoute.GENERATE ? "response" : "content"));
        append(thinking, part.get("thinking"));
        for (JsonNode tc : part.path("tool_calls")) {
            toolCalls.add(tc);
        }
        if (o.path("done").asBoolean(false)) {
            last = o;
        }
    }

    /** True once a piece of the answer itself arrived: text, thinking or a tool call. */
    boolean hasOutput() {
        return content.length() > 0 || thinking.length() > 0 || !toolCalls.isEmpty();
    }

    /** The tool calls, arguments as JSON text (Ollama sends them as an object). */
    List<ToolCall> toToolCalls() {
        List<ToolCall> out = new ArrayList<>(toolCalls.size());
        for (int i = 0; i < toolCalls.size(); i++) {
            JsonNode tc = toolCalls.get(i);
            JsonNode fn = tc.path("function");
            JsonNode args = fn.get("arguments");
            String arguments = args == null || args.isNull() ? null : args.isTextual() ? args.textValue() : args.toString();
            int index = fn.path("index").canConvertToInt() ? fn.path("index").intValue() : i;
            out.add(new ToolCall(index, tc.path("id").isTextual() ? tc.path("id").textValue() : null,
                    fn.path("name").asText(null), arguments));
        }
        return out;
    }

    private static void append(StringBuilder to, JsonNode text) {
        if (text != null && text.isTextual()) {
            to.append(text.textValue());
        }
    }
}
