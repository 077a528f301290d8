package org.egret.pipeline.internal;

import org.egret.api.decode.LlmCall;

/**
 * Latencies from packet timestamps (event time, never the wall clock), so a replayed capture yields the numbers live
 * capture would have.
 * <ul>
 * <li>TTFT: first content delta minus request start; without a stream delta (non-streaming, errors), first
 * response byte minus request start.</li>
 * <li>E2E: last response byte minus request start, only when the response completed.</li>
 * <li>TPOT: streams only, (last byte − first token) / (output tokens − 1): the gaps between tokens, not the
 * tokens.</li>
 * </ul>
 */
final class CallTimings {
    private CallTimings() {
    }

    static void derive(LlmCall call, boolean responseComplete) {
        long start = call.getRequestTime();
        long firstToken = call.getFirstTokenTime() > 0 ? call.getFirstTokenTime() : call.getResponseTime();
        if (start > 0 && firstToken >= start) {
            call.setTtftMs((firstToken - start) / 1000.0);
        }
        if (responseComplete && start > 0 && call.getCompleteTime() >= start) {
            call.setE2eLatencyMs((call.getCompleteTime() - start) / 1000.0);
        }
        Integer out = call.getOutputTokens();
        if (call.isStream() && responseComplete && out != null && out > 1 && call.getFirstTokenTime() > 0
                && call.getCompleteTime() > call.getFirstTokenTime()) {
            call.setTpotMs((call.getCompleteTime() - call.getFirstTokenTime()) / 1000.0 / (out - 1));
        }
    }
}
