package org.egret.decoder.openai.responses.internal;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The fields of one Responses stream event that decoding uses. One instance per stream, reset for every event: the
 * thousands of delta events of a long stream then cost no allocation beyond their text.
 */
final class StreamEvent {

    /** the {@code type} field, else the SSE event name */
    String type;
    int outputIndex;
    int contentIndex;
    int summaryIndex;
    String itemId;
    /** the text of a {@code *.delta} event */
    String delta;
    /** the final text of a {@code *.done} event: {@code text}, {@code refusal}, {@code arguments} or {@code input} */
    String doneText;
    /** {@code response}, {@code item}, {@code part}: the objects some events carry, as trees */
    JsonNode response;
    JsonNode item;
    JsonNode part;

    void reset() {
        type = null;
        outputIndex = -1;
        contentIndex = -1;
        summaryIndex = -1;
        itemId = null;
        delta = null;
        doneText = null;
        response = null;
        item = null;
        part = null;
    }
}
