package org.egret.api.pipeline;

/**
 * The calls of one event-time window (keyed by each call's request time), for one combination of the dimensions a
 * query kept; a dimension merged away is null.
 * <p>
 * Active calls are calls in flight (request seen → last response byte), from each call's own times, so a replay
 * yields what live capture would: {@code activeCallMicros} is the time they were in flight within the window, added
 * up (so the average is exact under any merge), {@code activeCallsPeak} the most in flight at one instant. The peak
 * is exact for any grouping, with two exceptions that give the largest of the parts' peaks instead: rows merged
 * across pipelines, and a filter listing several values of a dimension the query merges away. Calls in flight longer
 * than the pipeline's active-call horizon (15 min) reach the average but may miss the peaks of windows long past.
 *
 * @param start             epoch µs of the window's start
 * @param granularity       the window's width
 * @param wireApi           e.g. {@code openai-chat}, or null
 * @param model             served model, or null
 * @param serverKind        e.g. {@code vllm}, or null
 * @param agentKind         e.g. {@code claude-cli}, or null
 * @param calls             calls whose request falls in the window
 * @param streamCalls       of them, streamed
 * @param errors4xx         answered 4xx (429 included)
 * @param errors429         answered 429
 * @param errors5xx         answered 5xx
 * @param partialCalls      cut off, without a response, or not fully decodable
 * @param inputTokens       input tokens as each wire API counts them
 * @param inputTokenCalls   calls that reported input tokens
 * @param outputTokens      output tokens, reasoning included
 * @param outputTokenCalls  calls that reported output tokens
 * @param cacheReadTokens   input tokens read from the prompt cache
 * @param cacheWriteTokens  input tokens written to the prompt cache
 * @param reasoningTokens   reasoning tokens
 * @param promptTokens      the whole prompt, cached parts included, whatever the wire API's convention (Anthropic's
 *                          input excludes the cache reads and writes, the others' include them)
 * @param costUsd           cost by the price table, US dollars
 * @param activeCallMicros  call-µs in flight within the window
 * @param activeCallsPeak   the most calls in flight at one instant of the window
 * @param ttftStream        time to first token of the streamed calls
 * @param ttftNonStream     time to first token (first response byte) of the others
 * @param e2e               request to last response byte, calls that completed
 * @param tpot              time per output token, streams
 */
public record MetricWindow(long start, MetricGranularity granularity, String wireApi, String model,
        String serverKind, String agentKind, long calls, long streamCalls, long errors4xx, long errors429,
        long errors5xx, long partialCalls, long inputTokens, long inputTokenCalls, long outputTokens,
        long outputTokenCalls, long cacheReadTokens, long cacheWriteTokens, long reasoningTokens, long promptTokens,
        double costUsd, double activeCallMicros, long activeCallsPeak, LatencyStats ttftStream,
        LatencyStats ttftNonStream, LatencyStats e2e, LatencyStats tpot) {

    public long nonStreamCalls() {
        return calls - streamCalls;
    }

    /** Calls answered 4xx or 5xx (Heron's error count; partial calls are counted apart). */
    public long errors() {
        return errors4xx + errors5xx;
    }

    /** Calls per second of the window. */
    public double callRate() {
        return calls / (double) granularity.seconds();
    }

    /** Output tokens per second of the window. */
    public double outputTokensPerSecond() {
        return outputTokens / (double) granularity.seconds();
    }

    /** Share of the prompt tokens read from the prompt cache, 0..1; null without prompt tokens. */
    public Double cacheHitRatio() {
        return promptTokens == 0 ? null : cacheReadTokens / (double) promptTokens;
    }

    /** Calls in flight on average over the window. */
    public double activeCallsAvg() {
        return activeCallMicros / granularity.micros();
    }

    /** Time to first token of every call. */
    public LatencyStats ttft() {
        return ttftStream.plus(ttftNonStream);
    }

    /**
     * This row and another of the same window added up (rows of two pipelines): counts and sums added,
     * distributions merged; the peak is the larger of the two (the pipelines' peaks need not coincide).
     */
    public MetricWindow plus(MetricWindow o) {
        return new MetricWindow(start, granularity, wireApi, model, serverKind, agentKind, calls + o.calls,
                streamCalls + o.streamCalls, errors4xx + o.errors4xx, errors429 + o.errors429,
                errors5xx + o.errors5xx, partialCalls + o.partialCalls, inputTokens + o.inputTokens,
                inputTokenCalls + o.inputTokenCalls, outputTokens + o.outputTokens,
                outputTokenCalls + o.outputTokenCalls, cacheReadTokens + o.cacheReadTokens,
                cacheWriteTokens + o.cacheWriteTokens, reasoningTokens + o.reasoningTokens,
                promptTokens + o.promptTokens, costUsd + o.costUsd, activeCallMicros + o.activeCallMicros,
                Math.max(activeCallsPeak, o.activeCallsPeak), ttftStream.plus(o.ttftStream),
                ttftNonStream.plus(o.ttftNonStream), e2e.plus(o.e2e), tpot.plus(o.tpot));
    }
}
