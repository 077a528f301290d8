package org.egret.decoder.openai.chat.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.TreeMap;

/**
 * Everything read from a completion or from the chunks of a stream: identity (first non-empty value wins, as
 * Azure's first chunk carries empty ones), choices by index, the last usage object, and error details.
 */
final class CompletionAccumulator {

    String id;
    Long created;
    String model;
    String systemFingerprint;
    final TreeMap<Integer, ChoiceAccumulator> choices = new TreeMap<>();
    /** the last non-null {@code usage} object (vLLM repeats it on every chunk, growing) */
    JsonNode usage;
    /** the last {@code error} value: an object, or a bare string */
    JsonNode error;
    /** top-level {@code object}, {@code message}, {@code type}, {@code code}, {@code detail}: error shapes of vLLM, FastAPI, gateways */
    String object;
    String topMessage;
    String topType;
    String topCode;
    boolean topCodeNumeric;
    String detail;

    void offerId(String value) {
        if (id == null && value != null && !value.isEmpty()) {
            id = value;
        }
    }

    void offerModel(String value) {
        if (model == null && value != null && !value.isEmpty()) {
            model = value;
        }
    }

    void offerCreated(long value) {
        if (created == null && value != 0) {
            created = value;
        }
    }

    void offerSystemFingerprint(String value) {
        if (systemFingerprint == null && value != null && !value.isEmpty()) {
            systemFingerprint = value;
        }
    }

    boolean apply(ChoiceFragment f, boolean stream) {
        return choices.computeIfAbsent(f.choiceIndex(), ChoiceAccumulator::new).apply(f, stream);
    }

    /** Choice 0, or the lowest-indexed one when a server numbers otherwise; null when there is none. */
    ChoiceAccumulator firstChoice() {
        ChoiceAccumulator c = choices.get(0);
        if (c == null && !choices.isEmpty()) {
            c = choices.firstEntry().getValue();
        }
        return c;
    }

    boolean anyFinishReason() {
        for (ChoiceAccumulator c : choices.values()) {
            if (c.finishReason != null) {
                return true;
            }
        }
        return false;
    }
}
