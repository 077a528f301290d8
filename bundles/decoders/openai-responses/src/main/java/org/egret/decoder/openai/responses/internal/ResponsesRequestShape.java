package org.egret.decoder.openai.responses.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * The top-level facts of a request body that probing needs, read in one streaming pass that skips everything else.
 * A truncated or broken body yields what was read before the damage.
 *
 * @param model          the {@code model} string, or null
 * @param inputItems     {@code input} is a string, or an array of objects (possibly empty): the Responses input
 *                       shape. An array of strings or token ids is an embeddings or moderation input instead.
 * @param messages       a {@code messages} field is present (Chat Completions, Anthropic)
 * @param anthropicShape a top-level field only Anthropic Messages bodies carry ({@code system},
 *                       {@code stop_sequences}, {@code anthropic_version})
 */
record ResponsesRequestShape(String model, boolean inputItems, boolean messages, boolean anthropicShape) {

    static final ResponsesRequestShape NOTHING = new ResponsesRequestShape(null, false, false, false);

    /** String model plus a Responses input and no messages. */
    boolean looksLikeResponses() {
        return model != null && inputItems && !messages && !anthropicShape;
    }

    static ResponsesRequestShape of(byte[] body) {
        if (!ResponsesJson.startsWithObject(body)) {
            return NOTHING;
        }
        String model = null;
        boolean input = false;
        boolean messages = false;
        boolean anthropic = false;
        try (JsonParser p = ResponsesJson.FACTORY.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return NOTHING;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "model" -> {
                        if (value == JsonToken.VALUE_STRING) {
                            model = p.getText();
                        }
                    }
                    case "input" -> {
                        // decided on the first element, before the rest is skipped: a cut-off body still counts
                        input = opensResponsesInput(p, value);
                        skipRestOfArray(p, value);
                    }
                    case "messages" -> {
                        messages = true;
                        p.skipChildren();
                    }
                    case "system", "stop_sequences", "anthropic_version" -> {
                        anthropic = true;
                        p.skipChildren();
                    }
                    default -> p.skipChildren();
                }
            }
        } catch (IOException | RuntimeException e) {
            // A cut-off or damaged body: what was read before the damage still counts.
        }
        return new ResponsesRequestShape(model, input, messages, anthropic);
    }

    /**
     * A string, or an array that is empty or whose first element is an object. Reads no further than the first
     * element's first token.
     */
    private static boolean opensResponsesInput(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_STRING) {
            return true;
        }
        if (value != JsonToken.START_ARRAY) {
            p.skipChildren();
            return false;
        }
        JsonToken first = p.nextToken();
        return first == JsonToken.END_ARRAY || first == JsonToken.START_OBJECT;
    }

    /** After {@link #opensResponsesInput}: skips the array's remaining elements and its closing bracket. */
    private static void skipRestOfArray(JsonParser p, JsonToken value) throws IOException {
        if (value != JsonToken.START_ARRAY || p.currentToken() == JsonToken.END_ARRAY) {
            return;
        }
        p.skipChildren();
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) {
                return;
            }
            p.skipChildren();
        }
    }
}
