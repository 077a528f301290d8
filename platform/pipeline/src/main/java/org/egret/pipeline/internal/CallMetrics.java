package org.egret.pipeline.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import org.egret.api.decode.LlmCall;
import org.egret.api.pipeline.MetricSample;

/**
 * Cumulative metrics of the calls one pipeline decoded, by wire API, model, server and agent kind: calls, errors
 * by class, tokens, cost, and TTFT, end-to-end and per-output-token latency histograms. Cumulative on purpose, as
 * Prometheus wants them (it takes rates and quantiles itself); workers update it without locks. The number of
 * label sets is bounded: past {@link #MAX_SERIES}, new ones are counted under {@code other}.
 */
final class CallMetrics {

    static final int MAX_SERIES = 2000;
    /** Latency bucket bounds, seconds: from a fast first token to a long agent answer. */
    private static final double[] TTFT_BOUNDS = {0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};
    private static final double[] E2E_BOUNDS = {0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300};
    private static final double[] TPOT_BOUNDS = {0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5};

    /** Counts per bucket (not cumulative: the exposition adds them up), plus sum and count. */
    private static final class Histogram {
        final double[] bounds;
        final LongAdder[] counts;
        final DoubleAdder sum = new DoubleAdder();
        final LongAdder count = new LongAdder();

        Histogram(double[] bounds) {
            this.bounds = bounds;
            counts = new LongAdder[bounds.length + 1];
            for (int i = 0; i < counts.length; i++) {
                counts[i] = new LongAdder();
            }
        }

        void observe(double seconds) {
            int i = 0;
            while (i < bounds.length && seconds > bounds[i]) {
                i++;
            }
            counts[i].increment();
            sum.add(seconds);
            count.increment();
        }
    }

    private static final class Series {
        final LongAdder calls = new LongAdder();
        final LongAdder errors4xx = new LongAdder();
        final LongAdder errors429 = new LongAdder();
        final LongAdder errors5xx = new LongAdder();
        final LongAdder partial = new LongAdder();
        final LongAdder inputTokens = new LongAdder();
        final LongAdder outputTokens = new LongAdder();
        final LongAdder cacheReadTokens = new LongAdder();
        final LongAdder cacheWriteTokens = new LongAdder();
        final LongAdder reasoningTokens = new LongAdder();
        final DoubleAdder costUsd = new DoubleAdder();
        final Histogram ttft = new Histogram(TTFT_BOUNDS);
        final Histogram e2e = new Histogram(E2E_BOUNDS);
        final Histogram tpot = new Histogram(TPOT_BOUNDS);
    }

    private final Map<SeriesKey, Series> series = new ConcurrentHashMap<>();

    void record(LlmCall c) {
        Series s = seriesOf(SeriesKey.of(c));
        s.calls.increment();
        int status = c.getStatusCode();
        if (status == 429) {
            s.errors429.increment();
        }
        if (status >= 400 && status < 500) {
            s.errors4xx.increment();
        } else if (status >= 500) {
            s.errors5xx.increment();
        }
        if (c.isPartial()) {
            s.partial.increment();
        }
        add(s.inputTokens, c.getInputTokens());
        add(s.outputTokens, c.getOutputTokens());
        add(s.cacheReadTokens, c.getCacheReadInputTokens());
        add(s.cacheWriteTokens, c.getCacheCreationInputTokens());
        add(s.reasoningTokens, c.getReasoningTokens());
        if (c.getCostUsd() != null) {
            s.costUsd.add(c.getCostUsd());
        }
        if (c.getTtftMs() != null) {
            s.ttft.observe(c.getTtftMs() / 1000.0);
        }
        if (c.getE2eLatencyMs() != null) {
            s.e2e.observe(c.getE2eLatencyMs() / 1000.0);
        }
        if (c.getTpotMs() != null) {
            s.tpot.observe(c.getTpotMs() / 1000.0);
        }
    }

    private Series seriesOf(SeriesKey key) {
        Series s = series.get(key);
        if (s != null) {
            return s;
        }
        if (series.size() >= MAX_SERIES) {
            return series.computeIfAbsent(SeriesKey.OVERFLOW, k -> new Series());
        }
        return series.computeIfAbsent(key, k -> new Series());
    }

    int seriesCount() {
        return series.size();
    }

    /** Every series as Prometheus samples, families in a fixed order. */
    List<MetricSample> samples() {
        List<MetricSample> out = new ArrayList<>();
        List<Map.Entry<SeriesKey, Series>> all = new ArrayList<>(series.entrySet());
        all.sort(Map.Entry.comparingByKey(java.util.Comparator.comparing(SeriesKey::wireApi).thenComparing(SeriesKey::model)
                .thenComparing(SeriesKey::serverKind).thenComparing(SeriesKey::agentKind)));
        counter(out, all, "egret_calls_total", "LLM calls decoded.", s -> s.calls.sum());
        counter(out, all, "egret_call_errors_4xx_total", "Calls answered 4xx (429 included).", s -> s.errors4xx.sum());
        counter(out, all, "egret_call_errors_429_total", "Calls answered 429, rate limited.", s -> s.errors429.sum());
        counter(out, all, "egret_call_errors_5xx_total", "Calls answered 5xx.", s -> s.errors5xx.sum());
        counter(out, all, "egret_calls_partial_total", "Calls cut off or not fully decodable.", s -> s.partial.sum());
        counter(out, all, "egret_input_tokens_total", "Input tokens as the wire API counts them.",
                s -> s.inputTokens.sum());
        counter(out, all, "egret_output_tokens_total", "Output tokens, reasoning included.", s -> s.outputTokens.sum());
        counter(out, all, "egret_cache_read_tokens_total", "Input tokens read from the prompt cache.",
                s -> s.cacheReadTokens.sum());
        counter(out, all, "egret_cache_write_tokens_total", "Input tokens written to the prompt cache.",
                s -> s.cacheWriteTokens.sum());
        counter(out, all, "egret_reasoning_tokens_total", "Reasoning tokens.", s -> s.reasoningTokens.sum());
        counter(out, all, "egret_cost_usd_total", "Cost by the price table, US dollars.", s -> s.costUsd.sum());
        histogram(out, all, "egret_call_ttft_seconds", "Time to first token.", s -> s.ttft);
        histogram(out, all, "egret_call_e2e_seconds", "Request to last response byte.", s -> s.e2e);
        histogram(out, all, "egret_call_tpot_seconds", "Time per output token of streams.", s -> s.tpot);
        return out;
    }

    private static void counter(List<MetricSample> out, List<Map.Entry<SeriesKey, Series>> all, String name, String help,
            java.util.function.ToDoubleFunction<Series> value) {
        for (Map.Entry<SeriesKey, Series> e : all) {
            out.add(new MetricSample(name, name, "counter", help, labels(e.getKey()),
                    value.applyAsDouble(e.getValue())));
        }
    }

    private static void histogram(List<MetricSample> out, List<Map.Entry<SeriesKey, Series>> all, String name, String help,
            java.util.function.Function<Series, Histogram> of) {
        for (Map.Entry<SeriesKey, Series> e : all) {
            Histogram h = of.apply(e.getValue());
            long cumulative = 0;
            for (int i = 0; i <= h.bounds.length; i++) {
                cumulative += h.counts[i].sum();
                Map<String, String> l = labels(e.getKey());
                l.put("le", i < h.bounds.length ? Double.toString(h.bounds[i]) : "+Inf");
                out.add(new MetricSample(name, name + "_bucket", "histogram", help, l, cumulative));
            }
            out.add(new MetricSample(name, name + "_sum", "histogram", help, labels(e.getKey()), h.sum.sum()));
            out.add(new MetricSample(name, name + "_count", "histogram", help, labels(e.getKey()), h.count.sum()));
        }
    }

    private static Map<String, String> labels(SeriesKey k) {
        Map<String, String> l = new LinkedHashMap<>();
        l.put("wire_api", k.wireApi());
        l.put("model", k.model());
        l.put("server_kind", k.serverKind());
        l.put("agent_kind", k.agentKind());
        return l;
    }

    private static void add(LongAdder a, Integer n) {
        if (n != null && n > 0) {
            a.add(n);
        }
    }
}
