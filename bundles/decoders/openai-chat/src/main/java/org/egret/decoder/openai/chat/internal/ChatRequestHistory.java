package org.egret.decoder.openai.chat.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.egret.api.decode.ToolResult;

/**
 * What decoding needs of a request body, in one streaming pass: the model and stream flag, the declared tools, and
 * the tool results the conversation sends back, each linked to the assistant tool call it answers (by
 * {@code tool_call_id}; the name comes from that call). Message texts other than tool results are skipped, not
 * decoded. A cut-off or damaged body yields what was read before the damage.
 */
final class ChatRequestHistory {

    String model;
    boolean stream;
    final List<String> tools = new ArrayList<>();
    final List<ToolResult> toolResults = new ArrayList<>();
    /** Tool-call id → function name, from the assistant messages read so far. */
    private final Map<String, String> calledTools = new HashMap<>();
    /** Results read before their call was (never in valid histories, but proxies reorder): named at the end. */
    private boolean unnamed;

    static ChatRequestHistory of(byte[] body) {
        ChatRequestHistory h = new ChatRequestHistory();
        if (!ChatJson.startsWithObject(body)) {
            return h;
        }
        try (JsonParser p = ChatJson.FACTORY.createParser(body)) {
            if (p.nextToken() == JsonToken.START_OBJECT) {
                h.readTop(p);
            }
        } catch (IOException | RuntimeException e) {
            // what was read before the damage still counts
        }
        h.nameLateResults();
        return h;
    }

    private void readTop(JsonParser p) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "model" -> model = value == JsonToken.VALUE_STRING ? p.getText() : model;
                case "stream" -> stream = value == JsonToken.VALUE_TRUE;
                case "tools" -> readTools(p, value);
                case "functions" -> readLegacyFunctions(p, value);
                case "messages" -> readMessages(p, value);
                default -> p.skipChildren();
            }
        }
    }

    /** {@code tools: [{type: "function", function: {name, …}}, …]}; a non-function tool counts by its type. */
    private void readTools(JsonParser p, JsonToken value) throws IOException {
        readFunctionEntries(p, value, "type", (type, name) -> {
            if (name != null || type != null) {
                tools.add(name != null ? name : type);
            }
        });
    }

    /**
     * An array of objects that each carry a string {@code keyField} and a {@code function: {name}} object, as both
     * {@code tools} and an assistant message's {@code tool_calls} do; {@code entry} gets (key, name) of each.
     */
    private static void readFunctionEntries(JsonParser p, JsonToken value, String keyField,
            BiConsumer<String, String> entry) throws IOException {
        if (value != JsonToken.START_ARRAY) {
            p.skipChildren();
            return;
        }
        while (p.nextToken() == JsonToken.START_OBJECT) {
            String key = null;
            String name = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                if (field.equals(keyField) && v == JsonToken.VALUE_STRING) {
                    key = p.getText();
                } else if (field.equals("function") && v == JsonToken.START_OBJECT) {
                    name = stringField(p, "name");
                } else {
                    p.skipChildren();
                }
            }
            entry.accept(key, name);
        }
    }

    /** The deprecated {@code functions: [{name, …}]}. */
    private void readLegacyFunctions(JsonParser p, JsonToken value) throws IOException {
        if (value != JsonToken.START_ARRAY) {
            p.skipChildren();
            return;
        }
        while (p.nextToken() == JsonToken.START_OBJECT) {
            String name = stringField(p, "name");
            if (name != null) {
                tools.add(name);
            }
        }
    }

    private void readMessages(JsonParser p, JsonToken value) throws IOException {
        if (value != JsonToken.START_ARRAY) {
            p.skipChildren();
            return;
        }
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
            if (t == JsonToken.START_OBJECT) {
                readMessage(p);
            } else {
                p.skipChildren();
            }
        }
    }

    private void readMessage(JsonParser p) throws IOException {
        String role = null;
        String toolCallId = null;
        String name = null;
        String content = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            switch (field) {
                case "role" -> role = v == JsonToken.VALUE_STRING ? p.getText() : role;
                case "tool_call_id" -> toolCallId = v == JsonToken.VALUE_STRING ? p.getText() : toolCallId;
                case "name" -> name = v == JsonToken.VALUE_STRING ? p.getText() : name;
                // only a tool result's text is kept: SDKs write the role first, so other messages' texts are
                // skipped undecoded; a content before its role is read and dropped below if not a result
                case "content" -> content = role == null || isToolResult(role) ? contentText(p, v) : skip(p);
                case "tool_calls" -> readAssistantToolCalls(p, v);
                default -> p.skipChildren();
            }
        }
        if (isToolResult(role)) {
            String id = toolCallId != null ? toolCallId : name;
            String toolName = toolCallId != null ? calledTools.get(toolCallId) : name;
            if (toolName == null && name != null) {
                toolName = name;
            }
            unnamed |= toolName == null;
            toolResults.add(new ToolResult(id, toolName, false, ToolResult.clip(content)));
        }
    }

    private static boolean isToolResult(String role) {
        return "tool".equals(role) || "function".equals(role);
    }

    private void readAssistantToolCalls(JsonParser p, JsonToken v) throws IOException {
        readFunctionEntries(p, v, "id", (id, name) -> {
            if (id != null && name != null) {
                calledTools.put(id, name);
            }
        });
    }

    /** A message content: a string, or the concatenated text of {@code [{type: "text", text}, …]} parts. */
    private static String contentText(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        if (v != JsonToken.START_ARRAY) {
            p.skipChildren();
            return null;
        }
        StringBuilder text = new StringBuilder();
        while (p.nextToken() == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken fv = p.nextToken();
                if (field.equals("text") && fv == JsonToken.VALUE_STRING
                        && text.length() < ToolResult.CONTENT_LIMIT) {
                    text.append(p.getText());
                } else {
                    p.skipChildren();
                }
            }
        }
        return text.toString();
    }

    private static String skip(JsonParser p) throws IOException {
        p.skipChildren();
        return null;
    }

    /** The string field {@code name} of the object the parser is in; the rest of the object is skipped. */
    private static String stringField(JsonParser p, String name) throws IOException {
        String found = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            if (field.equals(name) && v == JsonToken.VALUE_STRING) {
                found = p.getText();
            } else {
                p.skipChildren();
            }
        }
        return found;
    }

    private void nameLateResults() {
        if (!unnamed) {
            return;
        }
        for (int i = 0; i < toolResults.size(); i++) {
            ToolResult r = toolResults.get(i);
            if (r.name() == null && r.toolCallId() != null && calledTools.containsKey(r.toolCallId())) {
                toolResults.set(i, new ToolResult(r.toolCallId(), calledTools.get(r.toolCallId()), r.error(),
                        r.content()));
            }
        }
    }
}
