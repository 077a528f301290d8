package org.egret.decoder.gemini.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.egret.api.decode.TurnFacts;

/**
 * What the {@code parts} of one request content say about the turn: the text of its parts that are no thoughts
 * (concatenated, kept to about {@link TurnFacts#TEXT_LIMIT} characters), inline or file data, its first function
 * call, and whether it sends a function response back.
 */
final class ContentParts {

    private final StringBuilder text = new StringBuilder();
    boolean media;
    boolean functionResponse;
    JsonNode firstCall;

    /**
     * Called on the start of a {@code parts} array; reads it to its end. Function calls and responses go to
     * {@code scan} (null: not wanted).
     */
    void read(JsonParser p, GeminiRequestScan scan) throws IOException {
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
            if (t != JsonToken.START_OBJECT) {
                p.skipChildren();
                continue;
            }
            readPart(p, scan);
        }
    }

    private void readPart(JsonParser p, GeminiRequestScan scan) throws IOException {
        String partText = null;
        boolean thought = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken v = p.nextToken();
            switch (key) {
                case "text" -> partText = text.length() < TurnFacts.TEXT_LIMIT ? GeminiJson.stringOrNull(p, v)
                        : skip(p);
                case "thought" -> thought = v == JsonToken.VALUE_TRUE;
                case "inlineData", "inline_data", "fileData", "file_data" -> {
                    media = true;
                    p.skipChildren();
                }
                case "functionCall", "function_call" -> call(p, v, scan);
                case "functionResponse", "function_response" -> response(p, v, scan);
                default -> p.skipChildren();
            }
        }
        // the thought flag may follow the text
        if (partText != null && !thought) {
            text.append(partText);
        }
    }

    private void call(JsonParser p, JsonToken v, GeminiRequestScan scan) throws IOException {
        if (v != JsonToken.START_OBJECT) {
            p.skipChildren();
            return;
        }
        JsonNode call = GeminiJson.MAPPER.readTree(p);
        if (firstCall == null) {
            firstCall = call;
        }
        if (scan != null) {
            scan.historyCall(call);
        }
    }

    private void response(JsonParser p, JsonToken v, GeminiRequestScan scan) throws IOException {
        if (v != JsonToken.START_OBJECT) {
            p.skipChildren();
            return;
        }
        functionResponse = true;
        JsonNode r = GeminiJson.MAPPER.readTree(p);
        if (scan != null) {
            scan.sentResponse(r);
        }
    }

    private static String skip(JsonParser p) throws IOException {
        p.skipChildren();
        return null;
    }

    boolean hasText() {
        return !text.toString().isBlank();
    }

    String text() {
        return TurnFacts.clip(text.toString(), TurnFacts.TEXT_LIMIT);
    }
}
