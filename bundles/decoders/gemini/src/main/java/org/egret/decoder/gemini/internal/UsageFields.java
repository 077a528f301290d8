package org.egret.decoder.gemini.internal;

import com.fasterxml.jackson.databind.JsonNode;
import org.egret.api.decode.LlmCall;

/**
 * Maps Gemini's {@code usageMetadata} onto the call's token fields: {@code promptTokenCount} → input (it includes the
 * cached part); {@code candidatesTokenCount + thoughtsTokenCount} → output, the billed output, as OpenAI's and
 * Anthropic's output counts also include reasoning, so cost reads the same across providers;
 * {@code thoughtsTokenCount} → reasoning; {@code cachedContentTokenCount} → cache read; {@code totalTokenCount} →
 * total (else input + output). Gemini reports no cache writes. A proxy that answers a Gemini request in another
 * provider's format keeps its usage: OpenAI ({@code prompt_tokens}, …) and Anthropic ({@code input_tokens}, …)
 * names are read when Gemini's are absent.
 */
final class UsageFields {

    private UsageFields() {
    }

    static void apply(JsonNode usageMetadata, JsonNode foreignUsage, LlmCall call) {
        JsonNode usage = usageMetadata != null && usageMetadata.isObject() ? usageMetadata
                : foreignUsage != null && foreignUsage.isObject() ? foreignUsage : null;
        if (usage == null) {
            return;
        }
        Integer input = intOf(usage.get("promptTokenCount"));
        Integer output;
        Integer reasoning = intOf(usage.get("thoughtsTokenCount"));
        Integer candidates = intOf(usage.get("candidatesTokenCount"));
        if (candidates != null || reasoning != null) {
            output = (candidates == null ? 0 : candidates) + (reasoning == null ? 0 : reasoning);
        } else {
            output = firstInt(usage, "completion_tokens", "output_tokens");
        }
        if (input == null) {
            input = firstInt(usage, "prompt_tokens", "input_tokens");
        }
        if (reasoning == null) {
            reasoning = intOf(usage.path("completion_tokens_details").get("reasoning_tokens"));
        }
        if (reasoning == null) {
            reasoning = intOf(usage.path("output_tokens_details").get("reasoning_tokens"));
        }
        Integer cacheRead = intOf(usage.get("cachedContentTokenCount"));
        if (cacheRead == null) {
            cacheRead = intOf(usage.path("prompt_tokens_details").get("cached_tokens"));
        }
        if (cacheRead == null) {
            cacheRead = intOf(usage.get("cache_read_input_tokens"));
        }
        if (cacheRead == null) {
            cacheRead = intOf(usage.path("input_tokens_details").get("cached_tokens"));
        }
        Integer total = firstInt(usage, "totalTokenCount", "total_tokens");
        if (total == null && (input != null || output != null)) {
            total = (input == null ? 0 : input) + (output == null ? 0 : output);
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

    /** An integral count; a number sent as a string (proto JSON int64) is accepted, anything else is "not carried". */
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
