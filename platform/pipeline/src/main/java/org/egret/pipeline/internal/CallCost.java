package org.egret.pipeline.internal;

import org.egret.api.decode.LlmCall;

/**
 * What a call cost, from its usage and its model's price. The wire APIs count input differently: OpenAI's and
 * Gemini's input includes the prompt-cache reads (and writes, where a proxy reports them), Anthropic's excludes
 * both; so only the uncached part is priced as plain input. Output includes reasoning with every provider; reasoning
 * is priced apart only where the table says so.
 */
final class CallCost {

    private CallCost() {
    }

    /** USD, or null when the model has no price or the call reported no usage. */
    static Double of(LlmCall call, ModelPrice price) {
        if (price == null || call.getInputTokens() == null && call.getOutputTokens() == null) {
            return null;
        }
        long input = tokens(call.getInputTokens());
        long output = tokens(call.getOutputTokens());
        long read = tokens(call.getCacheReadInputTokens());
        long write = tokens(call.getCacheCreationInputTokens());
        long reasoning = Math.min(tokens(call.getReasoningTokens()), output);
        long uncached = inputIncludesCache(call.getWireApi()) ? Math.max(0, input - read - write) : input;
        double usd = uncached * price.input() + read * price.cacheRead() + write * price.cacheWrite()
                + (output - reasoning) * price.output() + reasoning * price.reasoning();
        return usd / 1_000_000.0;
    }

    /** False for Anthropic, whose input tokens exclude the prompt-cache reads and writes. */
    static boolean inputIncludesCache(String wireApi) {
        return !"anthropic".equals(wireApi);
    }

    private static long tokens(Integer n) {
        return n == null || n < 0 ? 0 : n;
    }
}
