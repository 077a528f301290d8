package org.egret.example.ollama.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.egret.api.http.BodyTimeline;

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
    private long firstOutputMicros;

    OllamaResponseReader(OllamaAnswer answer, OllamaRoute route) {
        this.answer = answer;
        this.route = route;
    }

    /**
     * @param timeline when each byte of the body arrived: dates the first line with output, as an SSE event is
     *                 dated by the packet that completed it
     * @return true when the body was a stream of objects rather than one
     */
    boolean read(byte[] body, BodyTimeline timeline) {
        JsonNode whole = wholeObject(body);
        if (whole != null) {
            lines = 1;
            answer.add(whole, route);
            return false;
        }
        // split on the bytes, not on a decoded string, so a line's end is a body offset the timeline can date
        int from = 0;
        while (from < body.length) {
            int end = from;
            while (end < body.length && body[end] != '\n') {
                end++;
            }
            String line = new String(body, from, end - from, StandardCharsets.UTF_8).strip();
            if (!line.isEmpty()) {
                JsonNode o = readLine(line);
                if (firstOutputMicros == 0 && carriesOutput(o)) {
                    firstOutputMicros = timeline.microsAt(Math.max(from, end - 1));
                }
            }
            from = end + 1;
        }
        return true;
    }

    private JsonNode readLine(String line) {
        lines++;
        try {
            JsonNode o = OllamaJson.MAPPER.readTree(line);
            if (o != null && o.isObject()) {
                answer.add(o, route);
                return o;
            }
        } catch (IOException e) {
            // counted below
        }
        skipped++;
        return null;
    }

    /** Text, thinking or a tool call: what the user waits for, in /api/chat's message or /api/generate's response. */
    private static boolean carriesOutput(JsonNode o) {
        if (o == null) {
            return false;
        }
        JsonNode m = o.path("message");
        return !m.path("content").asText("").isEmpty() || !m.path("thinking").asText("").isEmpty()
                || m.path("tool_calls").size() > 0 || !o.path("response").asText("").isEmpty()
                || !o.path("thinking").asText("").isEmpty();
    }

    /** Epoch µs of the packet that completed the first line with output; 0 when none or not dated. */
    long firstOutputMicros() {
        return firstOutputMicros;
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
