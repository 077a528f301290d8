package org.egret.decoder.anthropic.messages.internal;

import com.fasterxml.jackson.databind.JsonNode;
import org.egret.api.decode.LlmCall;

/**
 * Fills errorType and errorMessage from the error shapes an Anthropic call can be answered with: Anthropic's
 * {@code {"type":"error","error":{"type","message"}}} (also as a stream event), OpenAI's {@code {"error":{code,…}}}
 * and Google's {@code {"error":{status,…}}} from proxies and Vertex, a bare {@code {"error":"…"}}, Bedrock's
 * {@code {"message":"…"}} typed by its {@code x-amzn-ErrorType} header, and finally the body text.
 */
final class ErrorFields {

    static final int MESSAGE_HEAD_CHARS = 500;

    private ErrorFields() {
    }

    /**
     * @param failed      the HTTP status said error, or an error event arrived: top-level fields then describe it
     * @param headerType  Bedrock's {@code x-amzn-ErrorType} header, or null
     * @param bodyText    the response text for the last-resort message when nothing structured was found, or null
     */
    static void apply(MessageAccumulator acc, boolean failed, String headerType, String bodyText, LlmCall call) {
        String type = null;
        String message = null;
        JsonNode error = acc != null ? acc.error : null;
        if (error != null && error.isObject()) {
            type = errorType(error);
            message = text(error.get("message"));
        } else if (error != null && error.isTextual()) {
            message = text(error);
        }
        if (failed && type == null && message == null && acc != null && acc.topMessage != null) {
            message = acc.topMessage;
        }
        if (failed && type == null && headerType != null && !headerType.isBlank()) {
            int colon = headerType.indexOf(':');
            type = (colon < 0 ? headerType : headerType.substring(0, colon)).strip();
        }
        if (failed && type == null && message == null && bodyText != null && !bodyText.isBlank()) {
            message = head(bodyText.strip());
        }
        if (type != null || message != null) {
            call.setErrorType(type).setErrorMessage(message);
        }
    }

    /** Anthropic's {@code type}; else a string {@code code} (OpenAI), Google's {@code status}, a numeric code. */
    private static String errorType(JsonNode error) {
        String t = text(error.get("type"));
        if (t != null) {
            return t;
        }
        JsonNode code = error.get("code");
        if (code != null && code.isTextual() && !code.textValue().isEmpty()) {
            return code.textValue();
        }
        t = text(error.get("status"));
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
