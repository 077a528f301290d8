package org.egret.console.internal.rest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.egret.api.pipeline.LatencyStats;
import org.egret.api.pipeline.MetricWindow;

/**
 * The fields {@code /api/metrics/timeseries} and {@code /api/metrics/summary} serve: Heron's (§3.4 of its study:
 * counts, token sums, sums and counts of latencies, averages, percentiles) and Egret's (rates, maxima, cache hit
 * ratio, cost, partial calls, reasoning tokens). Each is read from a row and the seconds it spans (a window's width,
 * or the range of a summary). Heron sampled active calls at each request; here {@code active_calls_sum} is the
 * call-seconds in flight and {@code active_calls_sample_count} the seconds spanned, so their ratio is still the
 * average.
 */
final class MetricFields {

    /**
     * A field: additive ones are 0 for a window without calls, the others (averages, percentiles, ratios) null.
     */
    record Field(String name, boolean additive, Reading reading) {
        Double read(MetricWindow w, double seconds) {
            return reading.read(w, seconds);
        }
    }

    interface Reading {
        Double read(MetricWindow w, double seconds);
    }

    static final Map<String, Field> ALL;

    static {
        Map<String, Field> m = new LinkedHashMap<>();
        count(m, "call_count", MetricWindow::calls);
        count(m, "stream_count", MetricWindow::streamCalls);
        count(m, "non_stream_count", MetricWindow::nonStreamCalls);
        count(m, "error_count", MetricWindow::errors);
        count(m, "error_4xx_count", MetricWindow::errors4xx);
        count(m, "error_429_count", MetricWindow::errors429);
        count(m, "error_5xx_count", MetricWindow::errors5xx);
        count(m, "partial_count", MetricWindow::partialCalls);
        count(m, "total_input_tokens", MetricWindow::inputTokens);
        count(m, "input_token_count", MetricWindow::inputTokenCalls);
        count(m, "total_output_tokens", MetricWindow::outputTokens);
        count(m, "output_token_count", MetricWindow::outputTokenCalls);
        count(m, "total_cache_read_input_tokens", MetricWindow::cacheReadTokens);
        count(m, "total_cache_creation_input_tokens", MetricWindow::cacheWriteTokens);
        count(m, "total_reasoning_tokens", MetricWindow::reasoningTokens);
        count(m, "total_prompt_tokens", MetricWindow::promptTokens);
        put(m, "cost_usd", true, (w, s) -> w.costUsd());
        put(m, "call_rate", true, (w, s) -> w.calls() / s);
        put(m, "output_tokens_per_sec", true, (w, s) -> w.outputTokens() / s);
        put(m, "active_calls_sum", true, (w, s) -> w.activeCallMicros() / 1e6);
        put(m, "active_calls_sample_count", true, (w, s) -> s);
        put(m, "active_calls_avg", true, (w, s) -> w.activeCallMicros() / 1e6 / s);
        put(m, "active_calls_max", true, (w, s) -> (double) w.activeCallsPeak());
        put(m, "error_rate", false, (w, s) -> ratio(w.errors(), w.calls()));
        put(m, "error_429_rate", false, (w, s) -> ratio(w.errors429(), w.calls()));
        put(m, "cache_hit_ratio", false, (w, s) -> w.cacheHitRatio());
        put(m, "input_tokens_avg", false, (w, s) -> ratio(w.inputTokens(), w.inputTokenCalls()));
        put(m, "output_tokens_avg", false, (w, s) -> ratio(w.outputTokens(), w.outputTokenCalls()));
        latency(m, "ttft", MetricWindow::ttft);
        latency(m, "ttft_stream", MetricWindow::ttftStream);
        latency(m, "ttft_nonstream", MetricWindow::ttftNonStream);
        latency(m, "e2e", MetricWindow::e2e);
        latency(m, "tpot", MetricWindow::tpot);
        ALL = Collections.unmodifiableMap(m);
    }

    private MetricFields() {
    }

    /** The named fields, in the order asked; an unknown one is a 400 that lists the valid ones. */
    static List<Field> parse(List<String> names) throws ApiException {
        if (names.isEmpty()) {
            throw ApiException.invalidParameter("fields: required, a comma-separated list of "
                    + String.join(", ", ALL.keySet()));
        }
        List<Field> out = new ArrayList<>();
        for (String n : names) {
            Field f = ALL.get(n);
            if (f == null) {
                throw ApiException.invalidParameter("fields: '" + QueryParams.clip(n) + "' is not one of "
                        + String.join(", ", ALL.keySet()));
            }
            out.add(f);
        }
        return out;
    }

    private static void count(Map<String, Field> m, String name, java.util.function.ToLongFunction<MetricWindow> f) {
        put(m, name, true, (w, s) -> (double) f.applyAsLong(w));
    }

    private static void put(Map<String, Field> m, String name, boolean additive, Reading r) {
        m.put(name, new Field(name, additive, r));
    }

    /** Sum and count (additive), average, maximum and percentiles (null without values), milliseconds. */
    private static void latency(Map<String, Field> m, String base, Function<MetricWindow, LatencyStats> of) {
        put(m, base + "_sum", true, (w, s) -> of.apply(w).sumMs());
        put(m, base + "_count", true, (w, s) -> (double) of.apply(w).count());
        put(m, base + "_avg", false, (w, s) -> of.apply(w).avgMs());
        put(m, base + "_max", false, (w, s) -> nonEmpty(of.apply(w), LatencyStats::maxMs));
        put(m, base + "_p50", false, (w, s) -> nonEmpty(of.apply(w), LatencyStats::p50Ms));
        put(m, base + "_p95", false, (w, s) -> nonEmpty(of.apply(w), LatencyStats::p95Ms));
        put(m, base + "_p99", false, (w, s) -> nonEmpty(of.apply(w), LatencyStats::p99Ms));
    }

    private static Double nonEmpty(LatencyStats s, java.util.function.ToDoubleFunction<LatencyStats> f) {
        return s.count() == 0 ? null : f.applyAsDouble(s);
    }

    private static Double ratio(long part, long whole) {
        return whole == 0 ? null : part / (double) whole;
    }
}
