package org.egret.example.ollama.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** The bundle's one Jackson mapper (thread-safe once built, shared by every worker) and its parsing guard. */
final class OllamaJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private OllamaJson() {
    }

    /** The JSON object in {@code bytes}, or null when they hold none (empty, not JSON, cut off). */
    static JsonNode tree(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return null;
        }
        try {
            JsonNode n = MAPPER.readTree(bytes);
            return n != null && n.isObject() ? n : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** A short description of why something failed; never includes body content. */
    static String describe(Throwable e) {
        String message = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
