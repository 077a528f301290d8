package org.egret.decoder.openai.responses.internal;

import com.fasterxml.jackson.databind.JsonNode;
import org.egret.api.decode.LlmCall;

/**
 * Maps a usage object onto the call's token fields. Responses names first; Chat Completions and Anthropic names are
 * the fallback for proxies that answer a Responses request in another provider's format, and a Gemini
 * {@code usageMetadata} is read the same way.
 */
final class UsageFields {

    private UsageFields() {
    }

    /** @return true when the object carried any count */
    static boolean apply(JsonNode usage, LlmCall call) {
        if (usage == null || !usage.isObject()) {
            return false;
        }
        Integer input = first(usage.get("input_tokens"), usage.get("prompt_tokens"));
        Integer output = first(usage.get("output_tokens"), usage.get("completion_tokens"));
        Integer cacheRead = first(usage.path("input_tokens_details").get("cached_tokens"),
                usage.path("prompt_tokens_details").get("cached_tokens"));
        if (cacheRead == null) {
            cacheRead = first(usage.get("cache_read_input_tokens"), usage.get("prompt_cache_hit_tokens"));
        }
        Integer reasoning = first(usage.path("output_tokens_details").get("reasoning_tokens"),
                usage.path("completion_tokens_details").get("reasoning_tokens"));
        return set(call, input, output, intOf(usage.get("total_tokens")), cacheRead,
                intOf(usage.get("cache_creation_input_tokens")), reasoning);
    }

    /** Gemini's {@code usageMetadata}, for a gateway that answers with a Gemini body. */
    static boolean applyGemini(JsonNode meta, LlmCall call) {
        if (meta == null || !meta.isObject()) {
            return false;
        }
        return set(call, intOf(meta.get("promptTokenCount")), intOf(meta.get("candidatesTokenCount")),
                intOf(meta.get("totalTokenCount")), intOf(meta.get("cachedContentTokenCount")), null,
                intOf(meta.get("thoughtsTokenCount")));
    }

    private static boolean set(LlmCall call, Integer input, Integer output, Integer total, Integer cacheRead,
            Integer cacheCreation, Integer reasoning) {
        if (total == null && (input != null || output != null)) {
            total = (input == null ? 0 : input) + (output == null ? 0 : output);
        }
        if (input == null && output == null && total == null && cacheRead == null && reasoning == null) {
            return false;
        }
        call.setInputTokens(input)
                .setOutputTokens(output)
                .setTotalTokens(total)
                .setCacheReadInputTokens(cacheRead)
                .setCacheCreationInputTokens(cacheCreation)
                .setReasoningTokens(reasoning);
        return true;
    }

    private static Integer first(JsonNode n, JsonNode fallback) {
        Integer v = intOf(n);
        return v != null ? v : intOf(fallback);
    }

    /** An integral count; a number sent as a string is accepted, anything else is "not carried". */
    static Integer intOf(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return null;
        }
        if (n.isIntegralNumber()) {
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
