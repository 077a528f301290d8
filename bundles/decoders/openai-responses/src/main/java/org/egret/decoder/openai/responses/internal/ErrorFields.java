package org.egret.decoder.openai.responses.internal;

import com.fasterxml.jackson.databind.JsonNode;
import org.egret.api.decode.LlmCall;

/**
 * Fills errorType and errorMessage from the error shapes a Responses call can end with: an HTTP error body
 * ({@code {"error":{"message","type","param","code"}}}, a bare {@code {"error":"…"}}, vLLM's top-level
 * {@code message/type/code}, FastAPI's {@code detail}, else the body text), the {@code error} of a failed response
 * object, and a stream's {@code error} event. The code is preferred to the type, as it is the more specific.
 */
final class ErrorFields {

    static final int MESSAGE_HEAD_CHARS = 500;

    private ErrorFields() {
    }

    /** An HTTP error body: its tree when it parsed (else null), and its text for the last-resort message. */
    static void fromBody(JsonNode root, String bodyText, LlmCall call) {
        if (root != null && root.isObject()) {
            JsonNode error = root.get("error");
            if (error != null && error.isObject() && apply(error, call)) {
                return;
            }
            if (error != null && error.isTextual() && !error.textValue().isBlank()) {
                call.setErrorMessage(head(error.textValue()));
                return;
            }
            if (apply(root, call)) {
                return;
            }
            JsonNode detail = root.get("detail");
            if (detail != null && !detail.isNull()) {
                call.setErrorMessage(head(detail.isTextual() ? detail.textValue() : detail.toString()));
                return;
            }
        }
        if (bodyText != null && !bodyText.isBlank()) {
            call.setErrorMessage(head(bodyText.strip()));
        }
    }

    /** The {@code error} object of a response whose status is {@code failed}. */
    static boolean fromResponse(JsonNode response, LlmCall call) {
        JsonNode error = response != null ? response.get("error") : null;
        return error != null && error.isObject() && apply(error, call);
    }

    /** A stream's {@code error} event: its fields at the top ({@code code}, {@code message}) or in an {@code error}. */
    static void fromErrorEvent(JsonNode event, LlmCall call) {
        if (event == null || !event.isObject()) {
            return;
        }
        JsonNode nested = event.get("error");
        if (nested != null && nested.isObject() && apply(nested, call)) {
            return;
        }
        String code = code(event.get("code"));
        String message = ResponsesJson.text(event.get("message"));
        if (code != null || message != null) {
            call.setErrorType(code).setErrorMessage(message == null ? null : head(message));
        }
    }

    /** Code, else type, from an error object; false when it carried neither nor a message. */
    private static boolean apply(JsonNode error, LlmCall call) {
        String type = code(error.get("code"));
        if (type == null) {
            type = ResponsesJson.text(error.get("type"));
        }
        if (type == null && error.get("code") != null && error.get("code").isNumber()) {
            type = error.get("code").asText();
        }
        String message = ResponsesJson.text(error.get("message"));
        if (type == null && message == null) {
            return false;
        }
        call.setErrorType(type).setErrorMessage(message == null ? null : head(message));
        return true;
    }

    private static String code(JsonNode code) {
        return ResponsesJson.text(code);
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
