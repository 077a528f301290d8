package org.egret.example.ollama.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads a response body into an {@link OllamaAnswer}: one JSON object (a whole answer, also when a proxy
 * pretty-printed it), else NDJSON, one object a line. A line that is not JSON is skipped and counted, so one damaged
 * line does not lose the rest of the stream.
 */
final class OllamaResponseReader {

    /** Exactly one JSON value, nothing after it: tells a whole answer from the first line of a stream. */
    private static final ObjectReader WHOLE = OllamaJson.MAPPER.readerFor(JsonNode.class)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final OllamaAnswer answer;
    private final OllamaRoute route;
    private int lines;
    private int skipped;

    OllamaResponseReader(OllamaAnswer answer, OllamaRoute route) {
        this.answer = answer;
        this.route = route;
    }

    /** @return true when the body was a stream of objects rather than one */
    boolean read(byte[] body) {
        JsonNode whole = wholeObject(body);
        if (whole != null) {
            lines = 1;
            answer.add(whole, route);
            return false;
        }
        String text = new String(body, StandardCharsets.UTF_8);
        int from = 0;
        while (from < text.length()) {
            int nl = text.indexOf('\n', from);
            int end = nl < 0 ? text.length() : nl;
            String line = text.substring(from, end).strip();
            from = end + 1;
            if (!line.isEmpty()) {
                readLine(line);
            }
        }
        return true;
    }

    private void readLine(String line) {
        lines++;
        try {
            JsonNode o = OllamaJson.MAPPER.readTree(line);
            if (o != null && o.isObject()) {
                answer.add(o, route);
                return;
            }
        } catch (IOException e) {
            // counted below
        }
        skipped++;
    }

    private static JsonNode wholeObject(byte[] body) {
        try {
            JsonNode n = WHOLE.readValue(body);
            return n != null && n.isObject() ? n : null;
        } catch (IOException e) {
            return null;
        }
    }

    int lines() {
        return lines;
    }

    int skipped() {
        return skipped;
    }
}
