package org.egret.decoder.anthropic.messages.internal;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The {@code delta} object of one stream event, read field by field: a content-block delta (text, partial JSON,
 * thinking, signature, citation) or a message delta (stop reason and sequence). Reused across events.
 */
final class DeltaFragment {

    String type;
    String text;
    String partialJson;
    String thinking;
    String signature;
    JsonNode citation;
    String stopReason;
    boolean hasStopSequence;
    String stopSequence;

    void reset() {
        type = null;
        text = null;
        partialJson = null;
        thinking = null;
        signature = null;
        citation = null;
        stopReason = null;
        hasStopSequence = false;
        stopSequence = null;
    }

    /** For servers that leave the delta's {@code type} out: the kind its fields say. */
    String guessType() {
        if (text != null) {
            return "text_delta";
        }
        if (partialJson != null) {
            return "input_json_delta";
        }
        if (thinking != null) {
            return "thinking_delta";
        }
        if (signature != null) {
            return "signature_delta";
        }
        return citation != null ? "citations_delta" : "";
    }
}
