package org.egret.decoder.openai.chat.internal;

import com.fasterxml.jackson.databind.JsonNode;
import org.egret.api.decode.LlmCall;

/**
 * Fills errorType and errorMessage from the error shapes servers answer with: OpenAI's {@code {"error":{…}}} (code
 * before type), a bare {@code {"error":"…"}} (Ollama, LM Studio), vLLM's top-level
 * {@code {"object":"error","message","type","code"}}, FastAPI's {@code {"detail":…}}, and finally the body text.
 */
final class ErrorFields {

    static final int MESSAGE_HEAD_CHARS = 500;

    private ErrorFields() {
    }

    /**
     * @param failed   the HTTP status said error, or an error event arrived: top-level fields then describe it
     * @param bodyText the response text for the last-resort message when nothing structured was found, or null
     */
    static void apply(CompletionAccumulator acc, boolean failed, String bodyText, LlmCall call) {
        String type = null;
        String message = null;
        JsonNode error = acc != null ? acc.error : null;
        if (error != null && error.isObject()) {
            type = errorType(error.get("code"), error.get("type"));
            message = text(error.get("message"));
        } else if (error != null && error.isTextual()) {
            message = text(error);
        }
        if (failed && acc != null && type == null && message == null) {
            if (acc.topMessage != null || "error".equals(acc.object)) {
                type = acc.topCode != null && !acc.topCodeNumeric ? acc.topCode
                        : acc.topType != null ? acc.topType : acc.topCode;
                message = acc.topMessage;
            } else if (acc.detail != null) {
                message = head(acc.detail);
            }
        }
        if (failed && type == null && message == null && bodyText != null && !bodyText.isBlank()) {
            message = head(bodyText.strip());
        }
        if (type != null || message != null) {
            call.setErrorType(type).setErrorMessage(message);
        }
    }

    /** {@code code} when it is a string, else {@code type}, else a numeric {@code code} (OpenRouter sends 429). */
    private static String errorType(JsonNode code, JsonNode type) {
        if (code != null && code.isTextual() && !code.textValue().isEmpty()) {
            return code.textValue();
        }
        String t = text(type);
        if (t != null) {
            return t;
        }
        return code != null && code.isNumber() ? code.asText() : null;
    }

    private static String text(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode() || n.isContainerNode()) {
            return null;
        }
        String s = n.asText();
        return s.isEmpty() ? null : s;
    }

    /** The first {@value #MESSAGE_HEAD_CHARS} characters, never splitting a surrogate pair. */
    static String head(String s) {
        if (s.length() <= MESSAGE_HEAD_CHARS) {
            return s;
        }
        int end = MESSAGE_HEAD_CHARS;
        if (Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end);
    }
}
