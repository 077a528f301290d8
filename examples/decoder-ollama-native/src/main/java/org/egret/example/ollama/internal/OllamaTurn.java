package org.egret.example.ollama.internal;

import com.fasterxml.jackson.databind.JsonNode;
import org.egret.api.decode.TurnFacts;

/**
 * What a request says about the agent turn it belongs to (see {@link TurnFacts}); the answer adds its text, whether
 * it ends the loop, and for a first call the anchor's second half. A {@code /api/generate} prompt is a one-message
 * conversation.
 *
 * @param userTurnStart           the last non-system message is the user's, with text or images
 * @param userInput               its text, clipped
 * @param firstUserText           the first user message's text
 * @param assistantSeen           the history has an assistant message
 * @param firstAssistantSignature its first tool call's signature, else its text
 * @param systemPreview           the first system message (or {@code system}), clipped
 * @param messages                messages in the request
 */
record OllamaTurn(Boolean userTurnStart, String userInput, String firstUserText, boolean assistantSeen,
        String firstAssistantSignature, String systemPreview, int messages) {

    static OllamaTurn of(JsonNode root) {
        if (root.path("prompt").isTextual()) {
            String prompt = text(root.get("prompt"));
            return new OllamaTurn(prompt != null || !root.path("images").isEmpty(), clip(prompt), prompt, false, null,
                    preview(text(root.get("system"))), 1);
        }
        JsonNode messages = root.path("messages");
        String firstUser = null;
        boolean assistantSeen = false;
        String signature = null;
        String system = null;
        JsonNode last = null;
        for (JsonNode m : messages) {
            String role = m.path("role").asText("");
            String content = text(m.get("content"));
            if (role.equals("user") && firstUser == null) {
                firstUser = content;
            } else if (role.equals("assistant") && !assistantSeen) {
                assistantSeen = true;
                JsonNode call = m.path("tool_calls").path(0);
                signature = call.isObject() ? callSignature(call) : content;
            } else if (role.equals("system") && system == null) {
                system = content;
            }
            if (!role.equals("system")) {
                last = m;
            }
        }
        boolean user = last != null && last.path("role").asText("").equals("user");
        String input = user ? text(last.get("content")) : null;
        return new OllamaTurn(last == null ? null : user && (input != null || !last.path("images").isEmpty()),
                clip(input), firstUser, assistantSeen, signature, preview(system), messages.size());
    }

    /** Ollama's tool calls mostly carry no id: a call is known by its id, else its name and arguments. */
    static String callSignature(JsonNode toolCall) {
        JsonNode id = toolCall.get("id");
        if (id != null && id.isTextual() && !id.textValue().isEmpty()) {
            return id.textValue();
        }
        JsonNode fn = toolCall.path("function");
        return fn.path("name").asText("") + fn.path("arguments");
    }

    TurnFacts turnFacts(String answerText, Boolean terminal, String answerSignature) {
        return new TurnFacts(userTurnStart, userInput, clip(answerText), terminal,
                TurnFacts.anchor(firstUserText, assistantSeen ? firstAssistantSignature : answerSignature),
                systemPreview, messages, null);
    }

    private static String text(JsonNode n) {
        return n != null && n.isTextual() && !n.textValue().isBlank() ? n.textValue() : null;
    }

    private static String clip(String s) {
        return TurnFacts.clip(s, TurnFacts.TEXT_LIMIT);
    }

    private static String preview(String s) {
        return TurnFacts.clip(s, TurnFacts.SYSTEM_LIMIT);
    }
}
