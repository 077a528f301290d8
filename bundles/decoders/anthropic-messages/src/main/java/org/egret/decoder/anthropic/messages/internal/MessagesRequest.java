package org.egret.decoder.anthropic.messages.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.egret.api.decode.ToolResult;

/**
 * What a Messages request body says about the call, read in one streaming pass: the model, the stream flag, the
 * declared tools and the tool results it sends back. A truncated or broken body yields what was read before the
 * damage.
 *
 * @param model       the {@code model} string, or null (Bedrock and Vertex name it in the path instead)
 * @param stream      the {@code stream} flag (false when absent)
 * @param tools       {@code tools[].name}, in request order
 * @param toolResults every {@code tool_result} block of the user messages, named after the {@code tool_use} block
 *                    with its id in the conversation
 */
record MessagesRequest(String model, boolean stream, List<String> tools, List<ToolResult> toolResults) {

    static final MessagesRequest NOTHING = new MessagesRequest(null, false, List.of(), List.of());

    static MessagesRequest of(byte[] body) {
        if (!AnthropicJson.startsWithObject(body)) {
            return NOTHING;
        }
        Reading r = new Reading();
        try (JsonParser p = AnthropicJson.FACTORY.createParser(body)) {
            r.read(p);
        } catch (IOException | RuntimeException e) {
            // A cut-off or damaged body: what was read before the damage still counts.
        }
        return r.result();
    }

    /** The mutable state of one pass. */
    private static final class Reading {
        String model;
        boolean stream;
        final List<String> tools = new ArrayList<>();
        final Map<String, String> toolNames = new HashMap<>();
        final List<PendingResult> results = new ArrayList<>();

        private record PendingResult(String id, boolean error, String content) {
        }

        void read(JsonParser p) throws IOException {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "model" -> model = value == JsonToken.VALUE_STRING ? p.getText() : model;
                    case "stream" -> stream = value == JsonToken.VALUE_TRUE;
                    case "tools" -> tools(p, value);
                    case "messages" -> messages(p, value);
                    default -> p.skipChildren();
                }
            }
        }

        MessagesRequest result() {
            List<ToolResult> out = new ArrayList<>(results.size());
            for (PendingResult r : results) {
                out.add(new ToolResult(r.id, r.id == null ? null : toolNames.get(r.id), r.error,
                        ToolResult.clip(r.content)));
            }
            return new MessagesRequest(model, stream, List.copyOf(tools), List.copyOf(out));
        }

        private void tools(JsonParser p, JsonToken value) throws IOException {
            if (value != JsonToken.START_ARRAY) {
                p.skipChildren();
                return;
            }
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
                if (t != JsonToken.START_OBJECT) {
                    p.skipChildren();
                    continue;
                }
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    JsonToken v = p.nextToken();
                    if ("name".equals(field) && v == JsonToken.VALUE_STRING) {
                        tools.add(p.getText());
                    } else {
                        p.skipChildren();
                    }
                }
            }
        }

        private void messages(JsonParser p, JsonToken value) throws IOException {
            if (value != JsonToken.START_ARRAY) {
                p.skipChildren();
                return;
            }
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
                if (t == JsonToken.START_OBJECT) {
                    message(p);
                } else {
                    p.skipChildren();
                }
            }
        }

        /** One message. Its role may follow its content, so blocks are judged once the whole message is read. */
        private void message(JsonParser p) throws IOException {
            String role = null;
            List<PendingResult> found = new ArrayList<>(0);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if ("role".equals(field) && value == JsonToken.VALUE_STRING) {
                    role = p.getText();
                } else if ("content".equals(field) && value == JsonToken.START_ARRAY) {
                    blocks(p, found);
                } else {
                    p.skipChildren();
                }
            }
            if ("user".equals(role)) {
                results.addAll(found);
            }
        }

        private void blocks(JsonParser p, List<PendingResult> found) throws IOException {
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
                if (t == JsonToken.START_OBJECT) {
                    block(p, found);
                } else {
                    p.skipChildren();
                }
            }
        }

        private void block(JsonParser p, List<PendingResult> found) throws IOException {
            String type = null;
            String id = null;
            String name = null;
            String toolUseId = null;
            boolean error = false;
            String content = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "type" -> type = value == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "id" -> id = value == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "name" -> name = value == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "tool_use_id" -> toolUseId = value == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "is_error" -> error = value == JsonToken.VALUE_TRUE;
                    case "content" -> content = resultContent(p, value);
                    default -> p.skipChildren();
                }
            }
            if ("tool_use".equals(type) && id != null && name != null) {
                toolNames.putIfAbsent(id, name);
            } else if ("tool_result".equals(type)) {
                found.add(new PendingResult(toolUseId, error, content));
            }
        }

        /** A result's content: a string, or the text of its text blocks joined by newlines (images carry none). */
        private static String resultContent(JsonParser p, JsonToken value) throws IOException {
            if (value == JsonToken.VALUE_STRING) {
                return p.getText();
            }
            if (value != JsonToken.START_ARRAY) {
                p.skipChildren();
                return null;
            }
            StringBuilder text = null;
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
                if (t != JsonToken.START_OBJECT) {
                    p.skipChildren();
                    continue;
                }
                String type = null;
                String blockText = null;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    JsonToken v = p.nextToken();
                    if ("type".equals(field) && v == JsonToken.VALUE_STRING) {
                        type = p.getText();
                    } else if ("text".equals(field) && v == JsonToken.VALUE_STRING) {
                        blockText = p.getText();
                    } else {
                        p.skipChildren();
                    }
                }
                if (blockText != null && (type == null || "text".equals(type))) {
                    text = text == null ? new StringBuilder(blockText) : text.append('\n').append(blockText);
                }
            }
            return text == null ? null : text.toString();
        }
    }
}
