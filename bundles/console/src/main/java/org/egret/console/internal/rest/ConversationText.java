package org.egret.console.internal.rest;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The user's question and the model's answer as plain text, read from stored bodies. Shapes are recognised rather
 * than dispatched on the wire API name: OpenAI Chat and Anthropic {@code messages}, OpenAI Responses {@code input} /
 * {@code output}, Gemini {@code contents} / {@code candidates}. A body that is not JSON (cut off, capped) yields null.
 */
final class ConversationText {

    private ConversationText() {
    }

    /** The text of the last user message that has any text (tool-result-only messages are skipped). */
    static String lastUserInput(String requestBody) {
        JsonNode root = parse(requestBody);
        if (root == null) {
            return null;
        }
        JsonNode input = root.get("input");
        if (input != null && input.isTextual()) {
            return nonEmpty(input.asText());
        }
        for (String listName : new String[] {"messages", "input", "contents"}) {
            JsonNode list = root.get(listName);
            if (list == null || !list.isArray()) {
                continue;
            }
            for (int i = list.size() - 1; i >= 0; i--) {
                JsonNode m = list.get(i);
                if (!isUserMessage(m, listName)) {
                    continue;
                }
                String text = listName.equals("contents") ? partsText(m.get("parts")) : contentText(m.get("content"));
                if (text != null) {
                    return text;
                }
            }
        }
        return null;
    }

    private static boolean isUserMessage(JsonNode m, String listName) {
        if (m == null || !m.isObject()) {
            return false;
        }
        String role = m.path("role").asText(null);
        if (listName.equals("contents")) {
            return role == null || role.equals("user");
        }
        if (listName.equals("input")) {
            String type = m.path("type").asText("message");
            return type.equals("message") && "user".equals(role);
        }
        return "user".equals(role);
    }

    /** The assistant's text in a (rebuilt, non-streaming) response body. */
    static String finalAnswer(String responseBody) {
        JsonNode root = parse(responseBody);
        if (root == null) {
            return null;
        }
        JsonNode choices = root.get("choices");
        if (choices != null && choices.isArray() && !choices.isEmpty()) {
            return contentText(choices.get(0).path("message").get("content"));
        }
        JsonNode content = root.get("content");
        if (content != null && content.isArray()) {
            return contentText(content);
        }
        JsonNode output = root.get("output");
        if (output != null && output.isArray()) {
            List<String> texts = new ArrayList<>();
            for (JsonNode item : output) {
                if ("message".equals(item.path("type").asText(null))) {
                    add(texts, contentText(item.get("content")));
                }
            }
            return join(texts);
        }
        JsonNode candidates = root.get("candidates");
        if (candidates != null && candidates.isArray() && !candidates.isEmpty()) {
            return partsText(candidates.get(0).path("content").get("parts"));
        }
        return null;
    }

    /** A message content: a string, or blocks whose text-bearing ones are joined (text, input_text, output_text). */
    private static String contentText(JsonNode content) {
        if (content == null || content.isNull()) {
            return null;
        }
        if (content.isTextual()) {
            return nonEmpty(content.asText());
        }
        if (!content.isArray()) {
            return null;
        }
        List<String> texts = new ArrayList<>();
        for (JsonNode block : content) {
            if (block.isTextual()) {
                add(texts, block.asText());
                continue;
            }
            String type = block.path("type").asText("");
            if (type.equals("text") || type.equals("input_text") || type.equals("output_text")) {
                add(texts, block.path("text").asText(null));
            }
        }
        return join(texts);
    }

    /** Gemini parts: text parts that are not thoughts. */
    private static String partsText(JsonNode parts) {
        if (parts == null || !parts.isArray()) {
            return null;
        }
        List<String> texts = new ArrayList<>();
        for (JsonNode p : parts) {
            if (!p.path("thought").asBoolean(false)) {
                add(texts, p.path("text").asText(null));
            }
        }
        return join(texts);
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode root = JsonOutput.READER.readTree(body);
            return root != null && root.isObject() ? root : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    private static void add(List<String> texts, String text) {
        if (text != null && !text.isEmpty()) {
            texts.add(text);
        }
    }

    private static String join(List<String> texts) {
        return texts.isEmpty() ? null : String.join("\n", texts);
    }

    private static String nonEmpty(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
