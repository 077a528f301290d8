package org.egret.decoder.anthropic.messages.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * The top-level facts of a request body that probing needs, read in one streaming pass that skips everything else.
 * A truncated or broken body yields what was read before the damage.
 *
 * @param model                 the {@code model} string, or null
 * @param anthropicVersion      an {@code anthropic_version} field (Bedrock and Vertex bodies carry it)
 * @param systemOrStopSequences a top-level {@code system} or {@code stop_sequences}: Messages-only fields
 * @param conversation          {@code messages} is a non-empty array whose roles are all {@code user} or
 *                              {@code assistant} (a {@code system} or {@code tool} role is Chat Completions)
 * @param hasInput              an {@code input} field (OpenAI Responses)
 */
record RequestShapeScan(String model, boolean anthropicVersion, boolean systemOrStopSequences, boolean conversation,
        boolean hasInput) {

    static final RequestShapeScan NOTHING = new RequestShapeScan(null, false, false, false, false);

    /** Model and a user/assistant conversation, no {@code input}: the Messages request shape. */
    boolean looksLikeMessages() {
        return model != null && conversation && !hasInput;
    }

    static RequestShapeScan of(byte[] body) {
        if (!AnthropicJson.startsWithObject(body)) {
            return NOTHING;
        }
        String model = null;
        boolean version = false;
        boolean messagesOnly = false;
        boolean conversation = false;
        boolean input = false;
        try (JsonParser p = AnthropicJson.FACTORY.createParser(body)) {
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
                    case "anthropic_version" -> {
                        version = true;
                        p.skipChildren();
                    }
                    case "system", "stop_sequences" -> {
                        messagesOnly = true;
                        p.skipChildren();
                    }
                    case "messages" -> conversation = value == JsonToken.START_ARRAY && userAssistantOnly(p);
                    case "input" -> {
                        input = true;
                        p.skipChildren();
                    }
                    default -> p.skipChildren();
                }
            }
        } catch (IOException | RuntimeException e) {
            // A cut-off or damaged body: what was read before the damage still counts.
        }
        return new RequestShapeScan(model, version, messagesOnly, conversation, input);
    }

    /** At the start of {@code messages}: true when it has elements and every role is user or assistant. */
    private static boolean userAssistantOnly(JsonParser p) throws IOException {
        int count = 0;
        boolean ok = true;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) {
                return false;
            }
            count++;
            if (t != JsonToken.START_OBJECT) {
                ok = false;
                p.skipChildren();
                continue;
            }
            String role = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if ("role".equals(field) && value == JsonToken.VALUE_STRING) {
                    role = p.getText();
                } else {
                    p.skipChildren();
                }
            }
            ok &= "user".equals(role) || "assistant".equals(role);
        }
        return ok && count > 0;
    }
}
