package org.egret.example.ollama.internal;

import com.fasterxml.jackson.databind.JsonNode;
import org.egret.api.decode.LlmCall;

/**
 * Maps token counts onto the call. Ollama's own names first ({@code prompt_eval_count}, {@code eval_count} on the
 * final object); then, for proxies that answer an Ollama request in another provider's format, a {@code usage}
 * object with OpenAI or Anthropic names and Gemini's {@code usageMetadata}.
 */
final class UsageFields {

    private UsageFields() {
    }

    static void apply(JsonNode last, LlmCall call) {
        if (last == null) {
            return;
        }
        JsonNode usage = last.path("usage");
        JsonNode gemini = last.path("usageMetadata");
        Integer input = orElse(count(last, "prompt_eval_count"),
                count(usage, "prompt_tokens", "input_tokens"), count(gemini, "promptTokenCount"));
        Integer output = orElse(count(last, "eval_count"),
                count(usage, "completion_tokens", "output_tokens"), count(gemini, "candidatesTokenCount"));
        Integer total = orElse(count(usage, "total_tokens"), count(gemini, "totalTokenCount"), null);
        if (total == null && (input != null || output != null)) {
            total = (input == null ? 0 : input) + (output == null ? 0 : output);
        }
        Integer cacheRead = orElse(count(usage.path("prompt_tokens_details"), "cached_tokens"),
                count(usage, "cache_read_input_tokens"), count(gemini, "cachedContentTokenCount"));
        Integer reasoning = orElse(count(usage.path("completion_tokens_details"), "reasoning_tokens"),
                count(gemini, "thoughtsTokenCount"), null);
        call.setInputTokens(input).setOutputTokens(output).setTotalTokens(total).setCacheReadInputTokens(cacheRead)
                .setCacheCreationInputTokens(count(usage, "cache_creation_input_tokens")).setReasoningTokens(reasoning);
    }

    /** The first of the named fields of {@code in} that holds a count, or null. */
    private static Integer count(JsonNode in, String... names) {
        for (String name : names) {
            JsonNode n = in.get(name);
            if (n != null && n.isNumber() && n.canConvertToInt()) {
                return n.intValue();
            }
        }
        return null;
    }

    private static Integer orElse(Integer a, Integer b, Integer c) {
        return a != null ? a : b != null ? b : c;
    }
}
