package org.egret.decoder.anthropic.messages.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.egret.api.decode.ToolResult;
import org.egret.api.decode.TurnFacts;

/**
 * What a Messages request body says about the call, read in one streaming pass: the model, the stream flag, the
 * declared tools, the tool results it sends back, and what it says about its agent turn. A truncated or broken body
 * yields what was read before the damage.
 *
 * @param model        the {@code model} string, or null (Bedrock and Vertex name it in the path instead)
 * @param stream       the {@code stream} flag (false when absent)
 * @param tools        {@code tools[].name}, in request order
 * @param toolResults  every {@code tool_result} block of the user messages, named after the {@code tool_use} block
 *                     with its id in the conversation
 * @param conversation the turn facts of the request; null when the body is not a JSON object
 */
record MessagesRequest(String model, boolean stream, List<String> tools, List<ToolResult> toolResults,
        MessagesConversation conversation) {

    static final MessagesRequest NOTHING = new MessagesRequest(null, false, List.of(), List.of(), null);

    static MessagesRequest of(byte[] body) {
        if (!AnthropicJson.startsWithObject(body)) {
            return NOTHING;
        }
        Reading r = new Reading();
        try (JsonParser p = AnthropicJson.FACTORY.createParser(body)) {
            r.read(p);
            r.complete = true;
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
        boolean complete;
        int messages;
        String firstUserText;
        boolean assistantSeen;
        String firstAssistantSignature;
        /** role and content of the last message that is not a system one */
        String lastRole;
        MessageContent last;
        String systemPreview;
        String sessionHint;

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
                    case "tools" -> AnthropicJson.eachStringField(p, value, "name", tools::add);
                    case "messages" -> messages(p, value);
                    case "system" -> systemPreview = SystemPrompt.preview(p, value);
                    case "metadata" -> sessionHint = ClaudeCodeUserId.sessionId(
                            AnthropicJson.stringField(p, value, "user_id"));
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
            return new MessagesRequest(model, stream, List.copyOf(tools), List.copyOf(out), conversation());
        }

        private MessagesConversation conversation() {
            Boolean userTurnStart = null;
            String userInput = null;
            if (complete && lastRole != null) {
                boolean user = "user".equals(lastRole);
                userTurnStart = user && (last.hasText() || last.media);
                userInput = user && last.hasText() ? last.text() : null;
            }
            return new MessagesConversation(userTurnStart, userInput, firstUserText, assistantSeen,
                    firstAssistantSignature, complete, systemPreview, messages, sessionHint);
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
            MessageContent content = new MessageContent();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if ("role".equals(field) && value == JsonToken.VALUE_STRING) {
                    role = p.getText();
                } else if ("content".equals(field) && value == JsonToken.START_ARRAY) {
                    blocks(p, found, content);
                } else if ("content".equals(field) && value == JsonToken.VALUE_STRING) {
                    content.text(p.getText());
                } else {
                    p.skipChildren();
                }
            }
            messages++;
            if ("user".equals(role)) {
                results.addAll(found);
                if (firstUserText == null && content.hasText()) {
                    firstUserText = content.text();
                }
            } else if ("assistant".equals(role) && !assistantSeen) {
                assistantSeen = true;
                firstAssistantSignature = content.firstToolUseId != null ? content.firstToolUseId : content.firstText;
            }
            if (!"system".equals(role)) {
                lastRole = role;
                last = content;
            }
        }

        private void blocks(JsonParser p, List<PendingResult> found, MessageContent content) throws IOException {
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
                if (t == JsonToken.START_OBJECT) {
                    block(p, found, content);
                } else {
                    p.skipChildren();
                }
            }
        }

        private void block(JsonParser p, List<PendingResult> found, MessageContent message) throws IOException {
            String type = null;
            String id = null;
            String name = null;
            String toolUseId = null;
            boolean error = false;
            String content = null;
            String text = null;
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
                    case "text" -> text = value == JsonToken.VALUE_STRING ? p.getText() : null;
                    default -> p.skipChildren();
                }
            }
            if (type == null) {
                return;
            }
            switch (type) {
                case "tool_use" -> {
                    if (id != null && name != null) {
                        toolNames.putIfAbsent(id, name);
                    }
                    if (message.firstToolUseId == null && id != null) {
                        message.firstToolUseId = TurnFacts.canonicalToolId(id);
                    }
                }
                case "tool_result" -> found.add(new PendingResult(toolUseId, error, content));
                case "text" -> message.text(text);
                case "image", "document" -> message.media = true;
                default -> {
                    // thinking, server tool blocks and their results say nothing about the turn
                }
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

    /** What one message's blocks say about the turn: its text (reminders left out), media, first tool use. */
    private static final class MessageContent {
        private final StringBuilder text = new StringBuilder();
        /** the first non-blank text block as sent: an assistant message's signature */
        String firstText;
        String firstToolUseId;
        boolean media;

        void text(String block) {
            if (block == null || block.isBlank()) {
                return;
            }
            if (firstText == null) {
                firstText = block;
            }
            String typed = SystemReminders.strip(block);
            if (typed.isEmpty() || text.length() >= TurnFacts.TEXT_LIMIT) {
                return;
            }
            if (!text.isEmpty()) {
                text.append('\n');
            }
            text.append(typed);
        }

        boolean hasText() {
            return !text.isEmpty();
        }

        String text() {
            return TurnFacts.clip(text.toString(), TurnFacts.TEXT_LIMIT);
        }
    }
}
