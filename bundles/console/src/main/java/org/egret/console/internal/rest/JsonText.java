package org.egret.console.internal.rest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * JSON carried as text inside captured bodies (tool arguments, parameter schemas), embedded in an answer as a JSON
 * value once it is known to be exactly one well-formed value. Parsing keeps Jackson's default limits on depth and
 * size, so hostile text cannot exhaust the stack.
 */
final class JsonText {

    private static final JsonFactory PARSER = new JsonFactory();

    private JsonText() {
    }

    /** The kind of the one value {@code text} holds, or null when it is not exactly one JSON value. */
    static JsonToken kind(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try (JsonParser p = PARSER.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return null;
            }
            p.skipChildren();
            return p.nextToken() == null ? first : null;
        } catch (IOException e) {
            return null;
        }
    }

    static boolean isObject(String text) {
        return kind(text) == JsonToken.START_OBJECT;
    }

    /** Writes the value {@code text} holds; {@link #kind} must have accepted it. */
    static void copy(JsonGenerator g, String text) throws IOException {
        try (JsonParser p = PARSER.createParser(text)) {
            p.nextToken();
            g.copyCurrentStructureExact(p);
        }
    }

    /** The value when {@code text} is one, else {@code text} as a JSON string. */
    static void valueOrString(JsonGenerator g, String text) throws IOException {
        if (kind(text) != null) {
            copy(g, text);
        } else {
            g.writeString(text);
        }
    }
}
