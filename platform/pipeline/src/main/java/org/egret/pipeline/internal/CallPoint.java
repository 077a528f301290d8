package org.egret.pipeline.internal;

import org.egret.api.decode.LlmCall;

/**
 * What the metric windows need of a call, taken on the worker thread so that a buffered call holds no bodies.
 * Token counts are -1 and latencies NaN when the call did not carry them.
 *
 * @param activeEnd epoch µs when the call stopped being in flight: its last response byte, else its first, else its
 *                  request (then it was never seen in flight)
 */
record CallPoint(SeriesKey key, long requestTime, long activeEnd, boolean stream, int status, boolean partial,
        long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens, long reasoningTokens,
        long promptTokens, double costUsd, double ttftMs, double e2eMs, double tpotMs) {

    static CallPoint of(LlmCall c, SeriesKey key) {
        long end = c.getCompleteTime() > 0 ? c.getCompleteTime()
                : c.getResponseTime() > 0 ? c.getResponseTime() : c.getRequestTime();
        return new CallPoint(key, c.getRequestTime(), Math.max(end, c.getRequestTime()), c.isStream(),
                c.getStatusCode(), c.isPartial(), tokens(c.getInputTokens()), tokens(c.getOutputTokens()),
                tokens(c.getCacheReadInputTokens()), tokens(c.getCacheCreationInputTokens()),
                tokens(c.getReasoningTokens()), promptTokens(c), c.getCostUsd() == null ? 0 : c.getCostUsd(), ms(c.getTtftMs()),
                ms(c.getE2eLatencyMs()), ms(c.getTpotMs()));
    }

    /** The whole prompt, cached parts included, by the wire API's input convention (as {@link CallCost} has it). */
    private static long promptTokens(LlmCall c) {
        long input = Math.max(0, tokens(c.getInputTokens()));
        return CallCost.inputIncludesCache(c.getWireApi()) ? input
                : input + Math.max(0, tokens(c.getCacheReadInputTokens()))
                        + Math.max(0, tokens(c.getCacheCreationInputTokens()));
    }

    private static long tokens(Integer n) {
        return n == null ? -1 : Math.max(0, n);
    }

    private static double ms(Double v) {
        return v == null ? Double.NaN : v;
    }
}
