package org.egret.decoder.openai.responses.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;

/** The one Jackson mapper and factory of this bundle: thread-safe once built, so every worker shares them. */
final class ResponsesJson {

    static final ObjectMapper MAPPER = new ObjectMapper();
    /** Carries {@link #MAPPER} as its codec, so parsers it creates can read subtrees. */
    static final JsonFactory FACTORY = MAPPER.getFactory();

    /** Trees that keep numbers as written (no rounding through double): transcripts hand arguments on verbatim. */
    static final ObjectMapper EXACT = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true)).build();

    private ResponsesJson() {
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

    /** A non-empty string value, else null: absent, JSON null, containers and numbers carry no text here. */
    static String text(JsonNode n) {
        if (n == null || !n.isTextual()) {
            return null;
        }
        String s = n.textValue();
        return s.isEmpty() ? null : s;
    }
}
