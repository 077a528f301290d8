package org.egret.decoder.anthropic.messages.internal;

import com.fasterxml.jackson.databind.JsonNode;
import org.egret.api.decode.LlmCall;

/**
 * Maps a usage object onto the call's token fields. Anthropic names first; OpenAI's and Gemini's are the fallbacks
 * for proxies that answer a Messages request in another API's shape, which keeps its own usage names.
 */
final class UsageFields {

    private UsageFields() {
    }

    static void apply(JsonNode usage, LlmCall call) {
        if (usage == null || !usage.isObject()) {
            return;
        }
        Integer input = first(usage, "input_tokens", "prompt_tokens", "promptTokenCount");
        Integer output = first(usage, "output_tokens", "completion_tokens", "candidatesTokenCount");
        Integer total = first(usage, "total_tokens", "totalTokenCount", null);
        if (total == null && (input != null || output != null)) {
            total = (input == null ? 0 : input) + (output == null ? 0 : output);
        }
        Integer cacheRead = intOf(usage.get("cache_read_input_tokens"));
        if (cacheRead == null) {
            cacheRead = intOf(usage.path("prompt_tokens_details").get("cached_tokens"));
        }
        if (cacheRead == null) {
            cacheRead = intOf(usage.path("input_tokens_details").get("cached_tokens"));
        }
        if (cacheRead == null) {
            cacheRead = first(usage, "cachedContentTokenCount", "prompt_cache_hit_tokens", null);
        }
        Integer reasoning = intOf(usage.path("output_tokens_details").get("reasoning_tokens"));
        if (reasoning == null) {
            reasoning = intOf(usage.path("completion_tokens_details").get("reasoning_tokens"));
        }
        if (reasoning == null) {
            reasoning = intOf(usage.get("thoughtsTokenCount"));
        }
        call.setInputTokens(input)
                .setOutputTokens(output)
                .setTotalTokens(total)
                .setCacheReadInputTokens(cacheRead)
                .setCacheCreationInputTokens(cacheCreation(usage))
                .setReasoningTokens(reasoning);
    }

    /** {@code cache_creation_input_tokens}, else the sum of the per-TTL counts of {@code cache_creation}. */
    private static Integer cacheCreation(JsonNode usage) {
        Integer flat = intOf(usage.get("cache_creation_input_tokens"));
        if (flat != null) {
            return flat;
        }
        JsonNode split = usage.get("cache_creation");
        if (split == null || !split.isObject()) {
            return null;
        }
        Integer sum = null;
        for (var f : split.properties()) {
            Integer v = f.getKey().startsWith("ephemeral_") ? intOf(f.getValue()) : null;
            if (v != null) {
                sum = (sum == null ? 0 : sum) + v;
            }
        }
        return sum;
    }

    private static Integer first(JsonNode usage, String a, String b, String c) {
        Integer v = intOf(usage.get(a));
        if (v == null && b != null) {
            v = intOf(usage.get(b));
        }
        if (v == null && c != null) {
            v = intOf(usage.get(c));
        }
        return v;
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
