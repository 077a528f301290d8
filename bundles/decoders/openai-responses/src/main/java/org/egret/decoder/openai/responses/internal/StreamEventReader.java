package org.egret.decoder.openai.responses.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/**
 * Reads one event's JSON data into a {@link StreamEvent} with a streaming parser: top-level scalars directly, and
 * trees only for the {@code response}, {@code item} and {@code part} objects. Unknown fields ({@code logprobs},
 * {@code obfuscation}, {@code sequence_number}, …) are skipped.
 */
final class StreamEventReader {

    private StreamEventReader() {
    }

    /** @throws IOException when the data is not one well-formed JSON object */
    static void read(String data, StreamEvent into) throws IOException {
        into.reset();
        try (JsonParser p = ResponsesJson.FACTORY.createParser(data)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("event data is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "type" -> into.type = string(p, value);
                    case "output_index" -> into.outputIndex = index(p, value);
                    case "content_index" -> into.contentIndex = index(p, value);
                    case "summary_index" -> into.summaryIndex = index(p, value);
                    case "item_id" -> into.itemId = string(p, value);
                    case "delta" -> into.delta = string(p, value);
                    case "text", "refusal", "arguments", "input" -> {
                        String s = string(p, value);
                        if (s != null) {
                            into.doneText = s;
                        }
                    }
                    case "response" -> into.response = tree(p, value);
                    case "item" -> into.item = tree(p, value);
                    case "part" -> into.part = tree(p, value);
                    default -> p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT) {
                throw new IOException("event data ends early");
            }
        }
    }

    private static String string(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        p.skipChildren();
        return null;
    }

    private static int index(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT) {
            int i = p.getIntValue();
            return i >= 0 ? i : -1;
        }
        p.skipChildren();
        return -1;
    }

    private static JsonNode tree(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.START_OBJECT) {
            return ResponsesJson.MAPPER.readTree(p);
        }
        p.skipChildren();
        return null;
    }
}
