package org.egret.example.ollama.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.egret.api.decode.ToolResult;

/**
 * What a call needs from the request body: the model, whether it asked for a stream (Ollama streams unless told
 * {@code "stream": false}), the tools it declares, the tool results it sends back, and what it says about its turn
 * ({@code turn}: null when the body is no JSON object).
 */
record OllamaRequest(String model, boolean stream, List<String> tools, List<ToolResult> toolResults, OllamaTurn turn) {

    static final OllamaRequest UNREADABLE = new OllamaRequest(null, true, List.of(), List.of(), null);

    static OllamaRequest of(byte[] body) {
        JsonNode root = OllamaJson.tree(body);
        if (root == null) {
            return UNREADABLE;
        }
        String model = root.path("model").isTextual() ? root.path("model").textValue() : null;
        boolean stream = !root.path("stream").isBoolean() || root.path("stream").booleanValue();
        return new OllamaRequest(model, stream, toolNames(root.path("tools")), toolResults(root.path("messages")),
                OllamaTurn.of(root));
    }

    private static List<String> toolNames(JsonNode tools) {
        List<String> names = new ArrayList<>();
        for (JsonNode t : tools) {
            JsonNode name = t.path("function").path("name");
            if (name.isTextual()) {
                names.add(name.textValue());
            }
        }
        return List.copyOf(names);
    }

    /**
     * Every {@code role: tool} message, linked to the tool call it answers. Ollama's calls have no ids (newer servers
     * may add one): a result names its tool in {@code tool_name}, else it answers the calls of the assistant message
     * before it in order. The id stored is the call's id when there is one, else the tool's name, as for Gemini.
     * Ollama has no error flag for a result, so {@code error} stays false.
     */
    private static List<ToolResult> toolResults(JsonNode messages) {
        List<ToolResult> out = new ArrayList<>();
        JsonNode lastCalls = null;
        int answered = 0;
        for (JsonNode m : messages) {
            String role = m.path("role").asText("");
            if (role.equals("assistant")) {
                lastCalls = m.path("tool_calls");
                answered = 0;
            } else if (role.equals("tool")) {
                JsonNode call = lastCalls == null ? null : lastCalls.get(answered);
                answered++;
                String name = text(m.get("tool_name"));
                if (name == null && call != null) {
                    name = text(call.path("function").get("name"));
                }
                String id = text(m.get("tool_call_id"));
                if (id == null && call != null) {
                    id = text(call.get("id"));
                }
                out.add(new ToolResult(id != null ? id : name, name, false, ToolResult.clip(contentText(m))));
            }
        }
        return List.copyOf(out);
    }

    private static String contentText(JsonNode message) {
        JsonNode c = message.get("content");
        return c == null || c.isNull() ? null : c.isTextual() ? c.textValue() : c.toString();
    }

    private static String text(JsonNode n) {
        return n != null && n.isTextual() && !n.textValue().isEmpty() ? n.textValue() : null;
    }
}
