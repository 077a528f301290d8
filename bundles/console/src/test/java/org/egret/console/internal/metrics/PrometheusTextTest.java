package org.egret.console.internal.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.egret.api.packet.SourceProgress;
import org.egret.api.pipeline.MetricSample;
import org.egret.api.pipeline.PipelineState;
import org.egret.api.pipeline.PipelineStatus;
import org.egret.api.pipeline.StorageWriterStatus;
import org.egret.api.storage.StorageStatus;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {

    /** A sample line of the text format: name, optional labels, a value. */
    static final String LABEL = "[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\.)*\"";
    static final Pattern SAMPLE = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*(\\{" + LABEL + "(," + LABEL + ")*\\})?"
            + " (-?[0-9]+(\\.[0-9]+)?(E-?[0-9]+)?|\\+Inf|NaN)");

    /** Gauges of the last minute's window, as a pipeline reports them. */
    private static final List<MetricSample> WINDOW = List.of(
            new MetricSample("egret_window_start_seconds", "egret_window_start_seconds", "gauge", "Window start.",
                    Map.of("window", "1m"), 1_767_225_600),
            new MetricSample("egret_window_ttft_seconds", "egret_window_ttft_seconds", "gauge", "TTFT.",
                    windowLabels("quantile", "0.95"), 0.412),
            new MetricSample("egret_window_tool_success_ratio", "egret_window_tool_success_ratio", "gauge",
                    "Tool success.", windowLabels("agent_kind", "claude-cli"), 0.75));

    private static Map<String, String> windowLabels(String name, String value) {
        Map<String, String> l = new LinkedHashMap<>();
        l.put("window", "1m");
        l.put(name, value);
        return l;
    }

    private static PipelineStatus pipeline(String name, Map<String, Long> counters,
            Map<String, SourceProgress> sources) {
        return pipeline(name, counters, sources, List.of());
    }

    private static PipelineStatus pipeline(String name, Map<String, Long> counters, Map<String, SourceProgress> sources,
            List<MetricSample> calls) {
        return new PipelineStatus() {
            @Override
            public List<MetricSample> callMetrics() {
                return calls;
            }

            @Override
            public List<MetricSample> windowMetrics() {
                return calls.isEmpty() ? List.of() : WINDOW;
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public PipelineState state() {
                return PipelineState.RUNNING;
            }

            @Override
            public String failure() {
                return null;
            }

            @Override
            public Map<String, SourceProgress> sources() {
                return sources;
            }

            @Override
            public Map<String, Long> counters() {
                return counters;
            }
        };
    }

    private static String render() {
        Map<String, Long> lab = new LinkedHashMap<>();
        lab.put("pkts_received", 4_108_045L);
        lab.put("http_exchanges", 8772L);
        lab.put("q_storage", 12L);
        lab.put("flows_active", 256L);
        lab.put("decoder_probes.openai-chat", 9000L);
        lab.put("decoder_probes.gemini-aistudio", 3L);
        Map<String, Long> tap = new LinkedHashMap<>();
        tap.put("http_exchanges", 5L);
        tap.put("q_storage", 0L);
        Map<String, String> series = new LinkedHashMap<>();
        series.put("wire_api", "openai-chat");
        series.put("model", "gpt-4o-mini");
        Map<String, String> inf = new LinkedHashMap<>(series);
        inf.put("le", "+Inf");
        List<MetricSample> calls = List.of(
                new MetricSample("egret_calls_total", "egret_calls_total", "counter", "Calls.", series, 7),
                new MetricSample("egret_cost_usd_total", "egret_cost_usd_total", "counter", "Cost.", series, 1.5e-4),
                new MetricSample("egret_call_ttft_seconds", "egret_call_ttft_seconds_bucket", "histogram", "TTFT.",
                        inf, 7),
                new MetricSample("egret_call_ttft_seconds", "egret_call_ttft_seconds_sum", "histogram", "TTFT.",
                        series, 2.25),
                new MetricSample("egret_call_ttft_seconds", "egret_call_ttft_seconds_count", "histogram", "TTFT.",
                        series, 7));
        return PrometheusText.render("0.1.0", 42, List.of(
                pipeline("lab", lab, Map.of("pcap:/data/a \"b\".pcap", new SourceProgress(10, 20, 3, 0, false)),
                        calls),
                pipeline("tap", tap, Map.of(), calls)),
                new StorageStatus("duckdb", "/var/lib/egret.duckdb", true, 8772, 8800, 1, null));
    }

    @Test
    void everyLineIsValidTextFormatAndEachFamilyIsTogetherWithOneHelpAndType() {
        String text = render();
        assertThat(text).endsWith("\n");
        Set<String> typed = new HashSet<>();
        List<String> order = new ArrayList<>();
        String current = null;
        for (String line : text.split("\n")) {
            if (line.startsWith("# HELP ")) {
                continue;
            }
            if (line.startsWith("# TYPE ")) {
                String[] f = line.split(" ");
                assertThat(typed.add(f[2])).as("one TYPE for " + f[2]).isTrue();
                assertThat(f[3]).isIn("counter", "gauge", "histogram");
                if (f[3].equals("counter")) {
                    assertThat(f[2]).endsWith("_total");
                }
                current = f[2];
                order.add(current);
                continue;
            }
            assertThat(line).matches(SAMPLE);
            assertThat(line).as("a sample under its own family").startsWith(current);
        }
        assertThat(order).doesNotHaveDuplicates();
    }

    @Test
    void countersGaugesAndPerWireApiTalliesGetTheirNamesAndLabels() {
        String text = render();
        assertThat(text).contains("egret_pipeline_http_exchanges_total{pipeline=\"lab\"} 8772\n",
                "egret_pipeline_http_exchanges_total{pipeline=\"tap\"} 5\n",
                "egret_pipeline_pkts_received_total{pipeline=\"lab\"} 4108045\n",
                "# TYPE egret_pipeline_q_storage gauge\n", "egret_pipeline_q_storage{pipeline=\"lab\"} 12\n",
                "egret_pipeline_flows_active{pipeline=\"lab\"} 256\n",
                "egret_pipeline_decoder_probes_total{pipeline=\"lab\",wire_api=\"gemini-aistudio\"} 3\n",
                "egret_pipeline_decoder_probes_total{pipeline=\"lab\",wire_api=\"openai-chat\"} 9000\n",
                "egret_pipeline_running{pipeline=\"lab\"} 1\n",
                "egret_source_read_bytes_total{pipeline=\"lab\",source=\"pcap:/data/a \\\"b\\\".pcap\"} 10\n",
                "egret_source_finished{pipeline=\"lab\",source=\"pcap:/data/a \\\"b\\\".pcap\"} 0\n",
                "egret_storage_healthy{type=\"duckdb\"} 1\n", "egret_storage_write_errors_total{type=\"duckdb\"} 1\n",
                "egret_build_info{version=\"0.1.0\"} 1\n", "egret_uptime_seconds 42\n",
                "# TYPE egret_call_ttft_seconds histogram\n",
                "egret_calls_total{pipeline=\"lab\",wire_api=\"openai-chat\",model=\"gpt-4o-mini\"} 7\n",
                "egret_calls_total{pipeline=\"tap\",wire_api=\"openai-chat\",model=\"gpt-4o-mini\"} 7\n",
                "egret_cost_usd_total{pipeline=\"lab\",wire_api=\"openai-chat\",model=\"gpt-4o-mini\"} 1.5E-4\n",
                "egret_call_ttft_seconds_bucket{pipeline=\"lab\",wire_api=\"openai-chat\",model=\"gpt-4o-mini\","
                        + "le=\"+Inf\"} 7\n",
                "egret_call_ttft_seconds_sum{pipeline=\"lab\",wire_api=\"openai-chat\",model=\"gpt-4o-mini\"} 2.25\n",
                "# TYPE egret_window_ttft_seconds gauge\n",
                "egret_window_start_seconds{pipeline=\"lab\",window=\"1m\"} 1767225600\n",
                "egret_window_ttft_seconds{pipeline=\"tap\",window=\"1m\",quantile=\"0.95\"} 0.412\n",
                "egret_window_tool_success_ratio{pipeline=\"lab\",window=\"1m\",agent_kind=\"claude-cli\"} 0.75\n");
    }

    @Test
    void theStorageWritersStateIsGaugesWithItsBackendType() {
        Map<String, Long> counters = new LinkedHashMap<>();
        counters.put("storage_bound", 0L);
        counters.put("q_storage_kb_capacity", 131_072L);
        counters.put("storage_backend_buffered_rows", 40L);
        counters.put("storage_dropped_exchanges", 9L);
        PipelineStatus base = pipeline("tap", counters, Map.of());
        PipelineStatus withWriter = new PipelineStatus() {
            @Override
            public String name() {
                return base.name();
            }

            @Override
            public PipelineState state() {
                return base.state();
            }

            @Override
            public String failure() {
                return null;
            }

            @Override
            public Map<String, SourceProgress> sources() {
                return Map.of();
            }

            @Override
            public Map<String, Long> counters() {
                return counters;
            }

            @Override
            public StorageWriterStatus storageWriter() {
                return new StorageWriterStatus("clickhouse", false, false, "no clickhouse storage backend bound", 16,
                        40, 16_384, 131_072, 9, 4, 0, 0, 0);
            }
        };
        String text = PrometheusText.render("v", 1, List.of(withWriter),
                new StorageStatus("clickhouse", "http://127.0.0.1:8123", true, 1, 1, 0, null, 120, 65_536));
        assertThat(text).contains("# TYPE egret_pipeline_storage_bound gauge\n",
                "egret_pipeline_storage_bound{pipeline=\"tap\"} 0\n",
                "egret_pipeline_q_storage_kb_capacity{pipeline=\"tap\"} 131072\n",
                "egret_pipeline_storage_backend_buffered_rows{pipeline=\"tap\"} 40\n",
                "egret_pipeline_storage_dropped_exchanges_total{pipeline=\"tap\"} 9\n",
                "egret_pipeline_storage_backend_info{pipeline=\"tap\",backend=\"clickhouse\"} 0\n",
                "egret_storage_buffered_rows{type=\"clickhouse\"} 120\n",
                "egret_storage_buffered_bytes{type=\"clickhouse\"} 65536\n");
    }

    @Test
    void oddCharactersAreEscapedOrReplaced() {
        assertThat(PrometheusText.escape("a\\b\"c\nd")).isEqualTo("a\\\\b\\\"c\\nd");
        assertThat(PrometheusText.metricName("calls-stored.x")).isEqualTo("calls_stored_x");
        assertThat(PrometheusText.render("v", 0, List.of(), null)).doesNotContain("egret_storage");
        assertThat(PrometheusText.number(3.0)).isEqualTo("3");
        assertThat(PrometheusText.number(0.25)).isEqualTo("0.25");
        assertThat(PrometheusText.number(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
    }
}
