package org.egret.decoder.openai.chat.internal;

import com.fasterxml.jackson.databind.JsonNode;
import org.egret.api.decode.LlmCall;

/**
 * Maps a {@code usage} object onto the call's token fields. OpenAI names first; Anthropic-style names are the
 * fallback for proxies that mix formats (Heron issue 96), DeepSeek's {@code prompt_cache_hit_tokens} the last one
 * for cache reads.
 */
final class UsageFields {

    private UsageFields() {
    }

    static void apply(JsonNode usage, LlmCall call) {
        if (usage == null || !usage.isObject()) {
            return;
        }
        Integer input = firstInt(usage, "prompt_tokens", "input_tokens");
        Integer output = firstInt(usage, "completion_tokens", "output_tokens");
        Integer total = intOf(usage.get("total_tokens"));
        if (total == null && (input != null || output != null)) {
            total = (input == null ? 0 : input) + (output == null ? 0 : output);
        }
        Integer cacheRead = intOf(usage.path("prompt_tokens_details").get("cached_tokens"));
        if (cacheRead == null) {
            cacheRead = firstInt(usage, "cache_read_input_tokens", "prompt_cache_hit_tokens");
        }
        if (cacheRead == null) {
            cacheRead = intOf(usage.path("input_tokens_details").get("cached_tokens"));
        }
        Integer reasoning = intOf(usage.path("completion_tokens_details").get("reasoning_tokens"));
        if (reasoning == null) {
            reasoning = intOf(usage.path("output_tokens_details").get("reasoning_tokens"));
        }
        call.setInputTokens(input)
                .setOutputTokens(output)
                .setTotalTokens(total)
                .setCacheReadInputTokens(cacheRead)
                .setCacheCreationInputTokens(intOf(usage.get("cache_creation_input_tokens")))
                .setReasoningTokens(reasoning);
    }

    private static Integer firstInt(JsonNode usage, String name, String fallback) {
        Integer v = intOf(usage.get(name));
        return v != null ? v : intOf(usage.get(fallback));
    }

    /** An integral count; a number sent as a string is accepted, anything else is "not carried". */
    static Integer intOf(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return null;
        }
        if (n.isNumber()) {
            return n.canConvertToInt() ? n.intValue() : null;
        }
        if (n.isTextual()) {
            try {
                return Integer.valueOf(n.textValue().strip());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
