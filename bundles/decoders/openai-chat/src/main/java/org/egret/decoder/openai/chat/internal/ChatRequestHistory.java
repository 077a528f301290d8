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
import org.egret.api.decode.TurnFacts;

/**
 * What decoding needs of a request body, in one streaming pass: the model and stream flag, the declared tools, the
 * tool results the conversation sends back, each linked to the assistant tool call it answers (by
 * {@code tool_call_id}; the name comes from that call), and what the messages say about the agent turn. Only the
 * texts the turn facts need are decoded (user messages, the first system and assistant message, tool results);
 * the others are skipped. A cut-off or damaged body yields what was read before the damage.
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

    /** The body is a JSON object, read to its end or not. */
    private boolean readable;
    private boolean complete;
    private int messages;
    private String firstUserText;
    private boolean assistantSeen;
    /** the first assistant message's first tool-call id (canonical), else its text */
    private String firstAssistantSignature;
    private String systemPreview;
    /** role, text and media of the last message that is not a system or developer one */
    private String lastRole;
    private String lastText;
    private boolean lastMedia;

    static ChatRequestHistory of(byte[] body) {
        ChatRequestHistory h = new ChatRequestHistory();
        if (!ChatJson.startsWithObject(body)) {
            return h;
        }
        h.readable = true;
        try (JsonParser p = ChatJson.FACTORY.createParser(body)) {
            if (p.nextToken() == JsonToken.START_OBJECT) {
                h.readTop(p);
                h.complete = true;
            }
        } catch (IOException | RuntimeException e) {
            // what was read before the damage still counts
        }
        h.nameLateResults();
        return h;
    }

    /**
     * The turn facts of the call, {@link TurnFacts#UNKNOWN} when the body is no JSON object. Of a body cut before its
     * end, the last message is unknown, and so is the anchor while no assistant message was read.
     *
     * @param answerText      the answer's content
     * @param terminal        whether the answer ends the agent loop (null: no complete answer)
     * @param answerSignature the answer's first tool-call id (canonical), else its content: the anchor's second half
     *                        while the history has no assistant message
     */
    TurnFacts turnFacts(String answerText, Boolean terminal, String answerSignature) {
        if (!readable) {
            return TurnFacts.UNKNOWN;
        }
        Boolean userTurnStart = null;
        String userInput = null;
        if (complete && lastRole != null) {
            boolean user = "user".equals(lastRole);
            userTurnStart = user && (lastText != null || lastMedia);
            userInput = user ? lastText : null;
        }
        String anchor = assistantSeen || complete
                ? TurnFacts.anchor(firstUserText, assistantSeen ? firstAssistantSignature : answerSignature)
                : null;
        return new TurnFacts(userTurnStart, userInput, TurnFacts.clip(answerText, TurnFacts.TEXT_LIMIT), terminal,
                anchor, systemPreview, messages, null);
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
     *
     * @return the first entry's key, or null
     */
    private static String readFunctionEntries(JsonParser p, JsonToken value, String keyField,
            BiConsumer<String, String> entry) throws IOException {
        if (value != JsonToken.START_ARRAY) {
            p.skipChildren();
            return null;
        }
        String firstKey = null;
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
            if (firstKey == null) {
                firstKey = key;
            }
        }
        return firstKey;
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
        MessageContent content = null;
        String firstCallId = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            switch (field) {
                case "role" -> role = v == JsonToken.VALUE_STRING ? p.getText() : role;
                case "tool_call_id" -> toolCallId = v == JsonToken.VALUE_STRING ? p.getText() : toolCallId;
                case "name" -> name = v == JsonToken.VALUE_STRING ? p.getText() : name;
                // SDKs write the role first, so texts no fact needs are skipped undecoded; a content before its
                // role is read and judged below
                case "content" -> content = role == null || needsText(role) ? MessageContent.read(p, v) : skip(p);
                case "tool_calls" -> firstCallId = readAssistantToolCalls(p, v);
                default -> p.skipChildren();
            }
        }
        messages++;
        String text = content == null ? null : content.text();
        if (isToolResult(role)) {
            String id = toolCallId != null ? toolCallId : name;
            String toolName = toolCallId != null ? calledTools.get(toolCallId) : name;
            if (toolName == null && name != null) {
                toolName = name;
            }
            unnamed |= toolName == null;
            toolResults.add(new ToolResult(id, toolName, false, ToolResult.clip(text)));
        } else if ("user".equals(role) && firstUserText == null && text != null && !text.isBlank()) {
            firstUserText = TurnFacts.clip(text, TurnFacts.TEXT_LIMIT);
        } else if ("assistant".equals(role) && !assistantSeen) {
            assistantSeen = true;
            // clipped as the answer's text is, so a long first answer signs alike on both sides
            firstAssistantSignature = firstCallId != null ? TurnFacts.canonicalToolId(firstCallId)
                    : TurnFacts.clip(text, TurnFacts.TEXT_LIMIT);
        } else if (isSystem(role) && systemPreview == null && text != null && !text.isBlank()) {
            systemPreview = TurnFacts.clip(text, TurnFacts.SYSTEM_LIMIT);
        }
        if (!isSystem(role)) {
            lastRole = role;
            lastText = text == null || text.isBlank() ? null : TurnFacts.clip(text, TurnFacts.TEXT_LIMIT);
            lastMedia = content != null && content.media();
        }
    }

    /** Whose texts a fact needs: every user message (any may be the last), the first assistant and system one. */
    private boolean needsText(String role) {
        return isToolResult(role) || "user".equals(role) || "assistant".equals(role) && !assistantSeen
                || isSystem(role) && systemPreview == null;
    }

    private static boolean isSystem(String role) {
        return "system".equals(role) || "developer".equals(role);
    }

    private static boolean isToolResult(String role) {
        return "tool".equals(role) || "function".equals(role);
    }

    /** Remembers each call's function name. @return the first call's id, or null */
    private String readAssistantToolCalls(JsonParser p, JsonToken v) throws IOException {
        return readFunctionEntries(p, v, "id", (id, name) -> {
            if (id != null && name != null) {
                calledTools.put(id, name);
            }
        });
    }

    private static MessageContent skip(JsonParser p) throws IOException {
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
