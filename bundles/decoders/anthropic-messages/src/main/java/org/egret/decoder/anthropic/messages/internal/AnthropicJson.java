package org.egret.decoder.anthropic.messages.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.util.function.Consumer;

/** The one Jackson mapper and factory of this bundle: thread-safe once built, so every worker shares them. */
final class AnthropicJson {

    static final ObjectMapper MAPPER = new ObjectMapper();
    /** Carries {@link #MAPPER} as its codec, so parsers it creates can read small subtrees. */
    static final JsonFactory FACTORY = MAPPER.getFactory();
    /** Reads one whole JSON document; text after it is an error (two tool inputs run together are not one). */
    static final ObjectReader WHOLE_DOCUMENT = MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** Trees that keep numbers as written (no rounding through double): transcripts hand tool inputs on verbatim. */
    static final ObjectMapper EXACT = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true)).build();

    private AnthropicJson() {
    }

    /** True when the first non-blank byte opens a JSON object: a cheap guard before handing bytes to a parser. */
    static boolean startsWithObject(byte[] bytes) {
        if (bytes == null) {
            return false;
        }
        for (byte b : bytes) {
            if (b == '{') {
                return true;
            }
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return false;
    }

    /**
     * Called on a value: the string field {@code name} of that object, the rest of it skipped; null when the value is
     * no object or has no such string.
     */
    static String stringField(JsonParser p, JsonToken value, String name) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            p.skipChildren();
            return null;
        }
        String found = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            if (name.equals(field) && v == JsonToken.VALUE_STRING) {
                found = p.getText();
            } else {
                p.skipChildren();
            }
        }
        return found;
    }

    /** Called on a value: hands {@code each} the string field {@code name} of every object in that array. */
    static void eachStringField(JsonParser p, JsonToken value, String name, Consumer<String> each) throws IOException {
        if (value != JsonToken.START_ARRAY) {
            p.skipChildren();
            return;
        }
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
            String found = stringField(p, t, name);
            if (found != null) {
                each.accept(found);
            }
        }
    }

    /** The compact text of the JSON object the text holds, whole and alone; null when it holds anything else. */
    static String compactObject(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            JsonNode n = EXACT.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(text);
            return n != null && n.isObject() ? n.toString() : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** True when the first non-blank character opens a JSON object. */
    static boolean startsWithObject(String text) {
        if (text == null) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '{') {
                return true;
            }
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                return false;
            }
        }
        return false;
    }

    /** A short, location-free description of why parsing failed; never includes body content. */
    static String describe(Throwable e) {
        String message = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
