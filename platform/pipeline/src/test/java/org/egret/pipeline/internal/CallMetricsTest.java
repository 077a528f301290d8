package org.egret.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.egret.api.decode.LlmCall;
import org.egret.api.pipeline.MetricSample;
import org.junit.jupiter.api.Test;

class CallMetricsTest {

    private static LlmCall call(String model, int status, Double ttftMs) {
        return new LlmCall().setWireApi("openai-chat").setModel(model).setServerKind("openai").setAgentKind("generic")
                .setStatusCode(status).setInputTokens(100).setOutputTokens(20).setCacheReadInputTokens(40)
                .setCostUsd(0.001).setTtftMs(ttftMs).setE2eLatencyMs(ttftMs == null ? null : ttftMs * 3);
    }

    private static double value(List<MetricSample> samples, String name, String model, String le) {
        return samples.stream().filter(s -> s.name().equals(name) && model.equals(s.labels().get("model"))
                && (le == null || le.equals(s.labels().get("le")))).mapToDouble(MetricSample::value).sum();
    }

    @Test
    void countsTokensCostAndErrorsPerSeries() {
        CallMetrics m = new CallMetrics();
        m.record(call("gpt-4o-mini", 200, 300.0));
        m.record(call("gpt-4o-mini", 429, null));
        m.record(call("gpt-4o-mini", 503, null));
        m.record(call("gpt-4o", 200, 1200.0).setPartial(true));

        List<MetricSample> s = m.samples();
        assertThat(value(s, "egret_calls_total", "gpt-4o-mini", null)).isEqualTo(3);
        assertThat(value(s, "egret_call_errors_4xx_total", "gpt-4o-mini", null)).isEqualTo(1);
        assertThat(value(s, "egret_call_errors_429_total", "gpt-4o-mini", null)).isEqualTo(1);
        assertThat(value(s, "egret_call_errors_5xx_total", "gpt-4o-mini", null)).isEqualTo(1);
        assertThat(value(s, "egret_input_tokens_total", "gpt-4o-mini", null)).isEqualTo(300);
        assertThat(value(s, "egret_cache_read_tokens_total", "gpt-4o-mini", null)).isEqualTo(120);
        assertThat(value(s, "egret_cost_usd_total", "gpt-4o-mini", null)).isEqualTo(0.003, within(1e-12));
        assertThat(value(s, "egret_calls_partial_total", "gpt-4o", null)).isEqualTo(1);
        assertThat(s).allSatisfy(x -> assertThat(x.labels()).containsKeys("wire_api", "model", "server_kind",
                "agent_kind"));
    }

    @Test
    void latencyHistogramBucketsAreCumulativeWithSumAndCount() {
        CallMetrics m = new CallMetrics();
        m.record(call("gpt-4o-mini", 200, 40.0)); // 0.04 s: in every bucket from 0.05
        m.record(call("gpt-4o-mini", 200, 300.0)); // 0.3 s: from 0.5
        m.record(call("gpt-4o-mini", 200, 70_000.0)); // past the last bound: +Inf only

        List<MetricSample> s = m.samples();
        assertThat(value(s, "egret_call_ttft_seconds_bucket", "gpt-4o-mini", "0.05")).isEqualTo(1);
        assertThat(value(s, "egret_call_ttft_seconds_bucket", "gpt-4o-mini", "0.25")).isEqualTo(1);
        assertThat(value(s, "egret_call_ttft_seconds_bucket", "gpt-4o-mini", "0.5")).isEqualTo(2);
        assertThat(value(s, "egret_call_ttft_seconds_bucket", "gpt-4o-mini", "60.0")).isEqualTo(2);
        assertThat(value(s, "egret_call_ttft_seconds_bucket", "gpt-4o-mini", "+Inf")).isEqualTo(3);
        assertThat(value(s, "egret_call_ttft_seconds_count", "gpt-4o-mini", null)).isEqualTo(3);
        assertThat(value(s, "egret_call_ttft_seconds_sum", "gpt-4o-mini", null))
                .isEqualTo(70.34, within(1e-9));
        assertThat(value(s, "egret_call_tpot_seconds_count", "gpt-4o-mini", null)).isZero();
    }

    @Test
    void labelSetsAreBoundedAndTheRestCountsAsOther() {
        CallMetrics m = new CallMetrics();
        for (int i = 0; i < CallMetrics.MAX_SERIES + 50; i++) {
            m.record(call("model-" + i, 200, null));
        }
        assertThat(m.seriesCount()).isEqualTo(CallMetrics.MAX_SERIES + 1);
        assertThat(value(m.samples(), "egret_calls_total", SeriesKey.OTHER, null)).isEqualTo(50);
    }

    @Test
    void workersRecordConcurrentlyWithoutLosingCalls() throws Exception {
        CallMetrics m = new CallMetrics();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            pool.submit(() -> {
                for (int i = 0; i < 10_000; i++) {
                    m.record(call("gpt-4o-mini", 200, 100.0));
                }
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        assertThat(value(m.samples(), "egret_calls_total", "gpt-4o-mini", null)).isEqualTo(40_000);
        assertThat(value(m.samples(), "egret_call_ttft_seconds_count", "gpt-4o-mini", null)).isEqualTo(40_000);
    }
}
