package org.egret.console.internal.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.egret.api.packet.SourceProgress;
import org.egret.api.pipeline.MetricSample;
import org.egret.api.pipeline.PipelineStatus;
import org.egret.api.pipeline.StorageWriterStatus;
import org.egret.api.storage.StorageStatus;

/**
 * The appliance's health in Prometheus' text exposition format (version 0.0.4), so existing dashboards can scrape
 * {@code /metrics}: every pipeline counter as {@code egret_pipeline_<name>_total} (a gauge such as a queue depth as
 * {@code egret_pipeline_<name>}) labelled by pipeline, the call metrics of each pipeline (calls, errors, tokens,
 * cost, latency histograms by wire API, model, server and agent kind), gauges of the last minute's event-time
 * window (TTFT and E2E percentiles per wire API and model, tool success rate per agent kind), each source's
 * progress, storage health and build info. A counter kept per wire API ({@code decoder_probes.openai-chat})
 * becomes one family with a {@code wire_api} label.
 */
public final class PrometheusText {

    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    /** Pipeline counters that go up and down: queue depths and sizes, active flows, bound decoders, health. */
    private static final Set<String> GAUGES = Set.of("flows_active", "decoders", "storage_healthy",
            "q_worker_batches", "q_worker_batches_capacity", "q_storage", "q_storage_capacity", "q_storage_kb",
            "q_storage_kb_capacity", "storage_bound", "storage_backend_buffered_rows", "storage_backend_buffered_bytes");

    private record Family(String type, String help, List<String> samples) {
    }

    private final Map<String, Family> families = new LinkedHashMap<>();

    private PrometheusText() {
    }

    /** The whole exposition: pipelines in name order, then storage (null when no backend is bound). */
    public static String render(String version, long uptimeSeconds, List<PipelineStatus> pipelines,
            StorageStatus storage) {
        PrometheusText t = new PrometheusText();
        t.sample("egret_build_info", "gauge", "The appliance's version.", labels("version", version), 1);
        t.sample("egret_uptime_seconds", "gauge", "Seconds since the appliance started.", "", uptimeSeconds);
        for (PipelineStatus p : pipelines) {
            t.pipeline(p);
        }
        if (storage != null) {
            String sl = labels("type", storage.type());
            t.sample("egret_storage_healthy", "gauge", "1 when the storage backend accepts writes.", sl,
                    storage.healthy() ? 1 : 0);
            t.sample("egret_storage_calls_written_total", "counter", "LLM calls the storage has written.", sl,
                    storage.callsWritten());
            t.sample("egret_storage_exchanges_written_total", "counter", "HTTP exchanges the storage has written.",
                    sl, storage.exchangesWritten());
            t.sample("egret_storage_write_errors_total", "counter", "Storage writes that failed.", sl,
                    storage.writeErrors());
            t.sample("egret_storage_buffered_rows", "gauge", "Rows the backend accepted but has not yet sent to its "
                    + "database.", sl, storage.bufferedRows());
            t.sample("egret_storage_buffered_bytes", "gauge", "Estimated size of those rows.", sl,
                    storage.bufferedBytes());
        }
        return t.text();
    }

    private void pipeline(PipelineStatus p) {
        String name = p.name();
        String pl = labels("pipeline", name);
        sample("egret_pipeline_running", "gauge", "1 while the pipeline has input to read or work to drain.", pl,
                p.running() ? 1 : 0);
        for (Map.Entry<String, Long> c : new TreeMap<>(p.counters()).entrySet()) {
            if (c.getValue() == null) {
                continue;
            }
            String counter = c.getKey();
            String extra = "";
            int dot = counter.indexOf('.');
            if (dot > 0) {
                extra = "," + label("wire_api", counter.substring(dot + 1));
                counter = counter.substring(0, dot);
            }
            String metric = "egret_pipeline_" + metricName(counter);
            boolean gauge = GAUGES.contains(counter);
            sample(gauge ? metric : metric + "_total", gauge ? "gauge" : "counter",
                    "Pipeline health counter " + counter + ".", "{" + label("pipeline", name) + extra + "}",
                    c.getValue());
        }
        StorageWriterStatus writer = p.storageWriter();
        if (writer != null) {
            sample("egret_pipeline_storage_backend_info", "gauge", "The storage backend type a pipeline writes to; "
                    + "1 while one is bound, else 0.", "{" + label("pipeline", name) + "," + label("backend",
                            writer.backend()) + "}", writer.bound() ? 1 : 0);
        }
        for (MetricSample m : p.callMetrics()) {
            callSample(name, m);
        }
        for (MetricSample m : p.windowMetrics()) {
            callSample(name, m);
        }
        for (Map.Entry<String, SourceProgress> s : new TreeMap<>(p.sources()).entrySet()) {
            String sl = "{" + label("pipeline", name) + "," + label("source", s.getKey()) + "}";
            SourceProgress sp = s.getValue();
            sample("egret_source_read_bytes_total", "counter", "Bytes a source has read.", sl, sp.bytesRead());
            sample("egret_source_size_bytes", "gauge", "Bytes a source holds in all (a capture file's size), "
                    + "0 when unknown.", sl, sp.bytesTotal());
            sample("egret_source_packets_total", "counter", "Packets a source has delivered.", sl, sp.packets());
            sample("egret_source_damaged_total", "counter", "Damaged records a source skipped.", sl, sp.damaged());
            sample("egret_source_finished", "gauge", "1 once a source has ended.", sl, sp.finished() ? 1 : 0);
        }
    }

    private void sample(String metric, String type, String help, String labels, long value) {
        families.computeIfAbsent(metric, m -> new Family(type, help, new ArrayList<>()))
                .samples().add(metric + labels + " " + value);
    }

    /** A pipeline's call or window metric, under its family, with the pipeline as the first label. */
    private void callSample(String pipeline, MetricSample m) {
        StringBuilder l = new StringBuilder("{").append(label("pipeline", pipeline));
        m.labels().forEach((k, v) -> l.append(',').append(label(metricName(k), v)));
        l.append('}');
        families.computeIfAbsent(m.family(), f -> new Family(m.type(), m.help(), new ArrayList<>()))
                .samples().add(m.name() + l + " " + number(m.value()));
    }

    /** Whole numbers without a fraction; others as Java writes doubles, which the format reads. */
    static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    private String text() {
        StringBuilder out = new StringBuilder(4096);
        families.forEach((metric, f) -> {
            out.append("# HELP ").append(metric).append(' ').append(f.help()).append('\n');
            out.append("# TYPE ").append(metric).append(' ').append(f.type()).append('\n');
            f.samples().forEach(s -> out.append(s).append('\n'));
        });
        return out.toString();
    }

    private static String labels(String name, String value) {
        return "{" + label(name, value) + "}";
    }

    private static String label(String name, String value) {
        return name + "=\"" + escape(value == null ? "" : value) + "\"";
    }

    /** Label values escape backslash, double quote and newline, as the format requires. */
    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    /** A metric name has only [a-zA-Z0-9_:]; anything else in a counter's name becomes '_'. */
    static String metricName(String counter) {
        StringBuilder b = new StringBuilder(counter.length());
        for (int i = 0; i < counter.length(); i++) {
            char c = counter.charAt(i);
            b.append(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' ? c : '_');
        }
        return b.toString();
    }
}
