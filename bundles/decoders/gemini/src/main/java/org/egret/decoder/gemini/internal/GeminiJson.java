package org.egret.decoder.gemini.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** The one Jackson mapper and factory of this bundle: thread-safe once built, so every worker shares them. */
final class GeminiJson {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final JsonFactory FACTORY = MAPPER.getFactory();

    private GeminiJson() {
    }

    /** The first non-blank byte, or -1: a cheap look at what a body holds before handing it to a parser. */
    static int firstByte(byte[] bytes) {
        if (bytes == null) {
            return -1;
        }
        for (byte b : bytes) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return b & 0xff;
            }
        }
        return -1;
    }

    static boolean startsWithObject(byte[] bytes) {
        return firstByte(bytes) == '{';
    }

    /** A string value, or null (anything else is skipped). */
    static String stringOrNull(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        p.skipChildren();
        return null;
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
