package org.egret.decoder.anthropic.messages.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import org.egret.api.decode.TurnFacts;

/** The start of a request's {@code system}: a string, or its text blocks joined by newlines. */
final class SystemPrompt {

    /**
     * Claude Code's first system block is a billing line ({@code cc_version=…; cch=…}) that changes with the client
     * version and is no part of the prompt: left out, so the preview starts with what the agent was told.
     */
    static final String BILLING_HEADER = "x-anthropic-billing-header:";

    private SystemPrompt() {
    }

    /** Called on the {@code system} value; reads it to its end. Null when it has no text. */
    static String preview(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_STRING) {
            return clip(p.getText());
        }
        StringBuilder text = new StringBuilder();
        AnthropicJson.eachStringField(p, value, "text", block -> {
            if (text.length() < TurnFacts.SYSTEM_LIMIT && !block.isBlank() && !block.startsWith(BILLING_HEADER)) {
                text.append(text.isEmpty() ? "" : "\n").append(block);
            }
        });
        return clip(text.toString());
    }

    private static String clip(String text) {
        return text == null || text.isBlank() ? null : TurnFacts.clip(text, TurnFacts.SYSTEM_LIMIT);
    }
}
