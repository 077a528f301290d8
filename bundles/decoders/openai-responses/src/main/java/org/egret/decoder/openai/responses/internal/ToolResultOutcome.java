package org.egret.decoder.openai.responses.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/**
 * What a {@code *_call_output} input item says about its tool run. Failure is only taken from fields that state it:
 * an item {@code status} of {@code incomplete} or {@code failed}, a shell outcome of {@code timeout} or a non-zero
 * exit code, or the non-zero {@code metadata.exit_code} Codex writes into a shell result's output JSON. Output text
 * that reads like an error is not guessed at: a tool may print "error" and have worked.
 */
final class ToolResultOutcome {

    private ToolResultOutcome() {
    }

    static boolean reportsFailure(String type, String status, JsonNode output) {
        if ("incomplete".equals(status) || "failed".equals(status)) {
            return true;
        }
        if (output != null && output.isTextual() && exitedNonZero(output.textValue())) {
            return true;
        }
        if ("shell_call_output".equals(type) && output != null && output.isArray()) {
            for (JsonNode chunk : output) {
                JsonNode outcome = chunk.path("outcome");
                String kind = ResponsesJson.text(outcome.get("type"));
                if ("timeout".equals(kind)) {
                    return true;
                }
                JsonNode code = outcome.get("exit_code");
                if ("exit".equals(kind) && code != null && code.isIntegralNumber() && code.asLong() != 0) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Codex answers its shell calls with {@code {"output":"…","metadata":{"exit_code":N,…}}} as the output string.
     * Read as a stream, so a large output is passed over, not built.
     */
    private static boolean exitedNonZero(String output) {
        if (!output.startsWith("{") || !output.contains("\"exit_code\"")) {
            return false;
        }
        try (JsonParser p = ResponsesJson.FACTORY.createParser(output)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                if (p.nextToken() == JsonToken.START_OBJECT && "metadata".equals(field)) {
                    JsonNode code = ResponsesJson.MAPPER.<JsonNode>readTree(p).get("exit_code");
                    return code != null && code.isIntegralNumber() && code.asLong() != 0;
                }
                p.skipChildren();
            }
        } catch (IOException | RuntimeException e) {
            // not the JSON Codex writes: says nothing about failure
        }
        return false;
    }

    /**
     * The result's text: a string output as is; the text parts of a content array (a shell output's stdout and
     * stderr) joined by newlines; anything else as its JSON text. Null when there is no output.
     */
    static String text(JsonNode output) {
        if (output == null || output.isNull() || output.isMissingNode()) {
            return null;
        }
        if (output.isTextual()) {
            return output.textValue();
        }
        if (output.isArray()) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode part : output) {
                append(sb, part.get("text"));
                append(sb, part.get("stdout"));
                append(sb, part.get("stderr"));
            }
            if (sb.length() > 0) {
                return sb.toString();
            }
        }
        return output.toString();
    }

    private static void append(StringBuilder sb, JsonNode text) {
        if (text != null && text.isTextual() && !text.textValue().isEmpty()) {
            if (sb.length() > 0) {
                sb.append('\n');
            }
            sb.append(text.textValue());
        }
    }
}
