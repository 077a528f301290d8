package org.egret.decoder.gemini.internal;

import com.fasterxml.jackson.databind.JsonNode;
import org.egret.api.decode.LlmCall;

/**
 * Fills errorType and errorMessage from Google's error shape {@code {"error":{"code":429,"message":"…",
 * "status":"RESOURCE_EXHAUSTED"}}} (status is the type; the numeric code only when there is no status), a bare
 * {@code {"error":"…"}} from gateways, and finally the head of a failed response's text (an HTML error page).
 */
final class ErrorFields {

    static final int MESSAGE_HEAD_CHARS = 500;

    private ErrorFields() {
    }

    /**
     * @param failed   the HTTP status said error: the body text is the last-resort message
     * @param bodyText the response text, or null
     */
    static void apply(JsonNode error, boolean failed, String bodyText, LlmCall call) {
        String type = null;
        String message = null;
        if (error != null && error.isObject()) {
            type = text(error.get("status"));
            if (type == null) {
                type = text(error.get("code"));
            }
            message = text(error.get("message"));
        } else if (error != null && error.isTextual()) {
            message = text(error);
        }
        if (failed && type == null && message == null && bodyText != null && !bodyText.isBlank()) {
            message = head(bodyText.strip());
        }
        if (type != null || message != null) {
            call.setErrorType(type).setErrorMessage(message);
        }
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
