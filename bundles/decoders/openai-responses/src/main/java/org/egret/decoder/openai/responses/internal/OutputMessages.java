package org.egret.decoder.openai.responses.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** The text of a response's {@code message} output items: their {@code output_text} parts (refusals are not). */
final class OutputMessages {

    private OutputMessages() {
    }

    /** Every message's text, one message a line; null when there is none. */
    static String text(List<JsonNode> output) {
        StringBuilder out = new StringBuilder();
        for (JsonNode item : output) {
            String t = messageText(item);
            if (t != null) {
                out.append(out.isEmpty() ? "" : "\n").append(t);
            }
        }
        return out.isEmpty() ? null : out.toString();
    }

    /** The first message's text, as a later request re-sends it in its input; null when there is none. */
    static String firstText(List<JsonNode> output) {
        for (JsonNode item : output) {
            String t = messageText(item);
            if (t != null) {
                return t;
            }
        }
        return null;
    }

    private static String messageText(JsonNode item) {
        if (!"message".equals(ResponsesJson.text(item.get("type")))) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : item.path("content")) {
            String t = ResponsesJson.text(part.get("text"));
            if (t != null && "output_text".equals(ResponsesJson.text(part.get("type")))) {
                text.append(t);
            }
        }
        return text.toString().isBlank() ? null : text.toString();
    }
}
