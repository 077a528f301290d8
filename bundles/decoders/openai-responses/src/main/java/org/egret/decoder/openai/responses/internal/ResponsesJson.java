package org.egret.decoder.openai.responses.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The one Jackson mapper and factory of this bundle: thread-safe once built, so every worker shares them. */
final class ResponsesJson {

    static final ObjectMapper MAPPER = new ObjectMapper();
    /** Carries {@link #MAPPER} as its codec, so parsers it creates can read subtrees. */
    static final JsonFactory FACTORY = MAPPER.getFactory();

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
