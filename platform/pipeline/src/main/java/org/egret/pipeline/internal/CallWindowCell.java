package org.egret.pipeline.internal;

import org.egret.api.pipeline.LatencyStats;
import org.egret.api.pipeline.MetricDimension;
import org.egret.api.pipeline.MetricGranularity;
import org.egret.api.pipeline.MetricWindow;

/** The calls of one window and series, added up; also the accumulator a query merges series into. */
final class CallWindowCell {

    long calls;
    long streamCalls;
    long errors4xx;
    long errors429;
    long errors5xx;
    long partialCalls;
    long inputTokens;
    long inputTokenCalls;
    long outputTokens;
    long outputTokenCalls;
    long cacheReadTokens;
    long cacheWriteTokens;
    long reasoningTokens;
    long promptTokens;
    double costUsd;
    double activeCallMicros;
    /** Null until a value comes: most cells have no non-streamed TTFT, or no TPOT. */
    private DurationSketch ttftStream;
    private DurationSketch ttftNonStream;
    private DurationSketch e2e;
    private DurationSketch tpot;

    void record(CallPoint p) {
        calls++;
        if (p.stream()) {
            streamCalls++;
        }
        int status = p.status();
        if (status == 429) {
            errors429++;
        }
        if (status >= 400 && status < 500) {
            errors4xx++;
        } else if (status >= 500) {
            errors5xx++;
        }
        if (p.partial()) {
            partialCalls++;
        }
        if (p.inputTokens() >= 0) {
            inputTokens += p.inputTokens();
            inputTokenCalls++;
        }
        if (p.outputTokens() >= 0) {
            outputTokens += p.outputTokens();
            outputTokenCalls++;
        }
        cacheReadTokens += Math.max(0, p.cacheReadTokens());
        cacheWriteTokens += Math.max(0, p.cacheWriteTokens());
        reasoningTokens += Math.max(0, p.reasoningTokens());
        promptTokens += p.promptTokens();
        costUsd += p.costUsd();
        if (!Double.isNaN(p.ttftMs())) {
            if (p.stream()) {
                ttftStream = orNew(ttftStream);
                ttftStream.record(p.ttftMs());
            } else {
                ttftNonStream = orNew(ttftNonStream);
                ttftNonStream.record(p.ttftMs());
            }
        }
        if (!Double.isNaN(p.e2eMs())) {
            e2e = orNew(e2e);
            e2e.record(p.e2eMs());
        }
        if (!Double.isNaN(p.tpotMs())) {
            tpot = orNew(tpot);
            tpot.record(p.tpotMs());
        }
    }

    void add(CallWindowCell o) {
        calls += o.calls;
        streamCalls += o.streamCalls;
        errors4xx += o.errors4xx;
        errors429 += o.errors429;
        errors5xx += o.errors5xx;
        partialCalls += o.partialCalls;
        inputTokens += o.inputTokens;
        inputTokenCalls += o.inputTokenCalls;
        outputTokens += o.outputTokens;
        outputTokenCalls += o.outputTokenCalls;
        cacheReadTokens += o.cacheReadTokens;
        cacheWriteTokens += o.cacheWriteTokens;
        reasoningTokens += o.reasoningTokens;
        promptTokens += o.promptTokens;
        costUsd += o.costUsd;
        activeCallMicros += o.activeCallMicros;
        ttftStream = plus(ttftStream, o.ttftStream);
        ttftNonStream = plus(ttftNonStream, o.ttftNonStream);
        e2e = plus(e2e, o.e2e);
        tpot = plus(tpot, o.tpot);
    }

    void compact() {
        for (DurationSketch s : new DurationSketch[] {ttftStream, ttftNonStream, e2e, tpot}) {
            if (s != null) {
                s.compact();
            }
        }
    }

    private static DurationSketch orNew(DurationSketch s) {
        return s == null ? new DurationSketch() : s;
    }

    private static DurationSketch plus(DurationSketch into, DurationSketch other) {
        if (other == null) {
            return into;
        }
        DurationSketch s = orNew(into);
        s.add(other);
        return s;
    }

    private static LatencyStats stats(DurationSketch s) {
        return s == null ? LatencyStats.EMPTY : s.stats();
    }

    MetricWindow toWindow(long start, MetricGranularity g, SeriesKey key, long peak) {
        return new MetricWindow(start, g, key.apiValue(MetricDimension.WIRE_API), key.apiValue(MetricDimension.MODEL),
                key.apiValue(MetricDimension.SERVER_KIND), key.apiValue(MetricDimension.AGENT_KIND), calls, streamCalls, errors4xx,
                errors429, errors5xx, partialCalls, inputTokens, inputTokenCalls, outputTokens, outputTokenCalls,
                cacheReadTokens, cacheWriteTokens, reasoningTokens, promptTokens, costUsd, activeCallMicros, peak,
                stats(ttftStream), stats(ttftNonStream), stats(e2e), stats(tpot));
    }
}
