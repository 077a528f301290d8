package org.egret.decoder.openai.chat.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * The top-level facts of a request body that probing and decoding need, read in one streaming pass that skips
 * everything else. A truncated or broken body yields what was read before the damage.
 *
 * @param model            the {@code model} string, or null
 * @param stream           the {@code stream} flag (false when absent)
 * @param messagesNonEmpty {@code messages} is an array with at least one element
 * @param hasInput         an {@code input} field is present (OpenAI Responses)
 * @param anthropicShape   a top-level field only Anthropic Messages bodies carry ({@code system},
 *                         {@code stop_sequences}, {@code anthropic_version})
 */
record ChatRequestScan(String model, boolean stream, boolean messagesNonEmpty, boolean hasInput,
        boolean anthropicShape) {

    static final ChatRequestScan NOTHING = new ChatRequestScan(null, false, false, false, false);

    /** Model plus non-empty messages and no {@code input}: the Chat Completions request shape. */
    boolean looksLikeChat() {
        return model != null && messagesNonEmpty && !hasInput;
    }

    static ChatRequestScan of(byte[] body) {
        if (!ChatJson.startsWithObject(body)) {
            return NOTHING;
        }
        String model = null;
        boolean stream = false;
        boolean messages = false;
        boolean input = false;
        boolean anthropic = false;
        try (JsonParser p = ChatJson.FACTORY.createParser(body)) {
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
                    case "stream" -> stream = value == JsonToken.VALUE_TRUE;
                    case "messages" -> {
                        if (value == JsonToken.START_ARRAY) {
                            JsonToken first = p.nextToken();
                            messages = first != null && first != JsonToken.END_ARRAY;
                            if (messages) {
                                skipRestOfArray(p);
                            }
                        }
                    }
                    case "input" -> {
                        input = true;
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
        return new ChatRequestScan(model, stream, messages, input, anthropic);
    }

    /** Called on the first element of an array: skips it and every following element, then the closing bracket. */
    private static void skipRestOfArray(JsonParser p) throws IOException {
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
