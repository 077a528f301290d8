package org.egret.console.internal.rest;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.egret.api.pipeline.PipelineStatus;
import org.egret.api.storage.HealthQuery;
import org.egret.api.storage.HealthSample;
import org.egret.api.storage.StorageBackend;
import org.egret.api.storage.StorageException;
import org.egret.api.storage.StorageStatus;
import org.egret.api.storage.TimeRange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/internal-metrics}: every pipeline's health counters and queues in Heron's shape, the storage
 * backend's under {@code global}; {@code GET /api/internal-metrics/series}: their history, read from the health
 * samples the pipelines store every few seconds, one series per pipeline and counter.
 */
final class InternalMetricsRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(InternalMetricsRoutes.class);

    /** Heron's name for the open turns, summed in {@code global} and served as a series. */
    static final String TURNS_OPEN = "agent_turns_open";
    private static final String TURNS_IN_PROGRESS = "turns_in_progress";
    private static final String FLOWS_ACTIVE = "flows_active";
    private static final List<String> DEFAULT_SERIES = List.of(FLOWS_ACTIVE, TURNS_OPEN);
    private static final Pattern METRIC_NAME = Pattern.compile("[a-z0-9_.\\-]{1,80}");
    private static final int MAX_SERIES_METRICS = 32;
    /** Samples read per request, newest first: a day of one pipeline sampled every 10 s, with room for a few. */
    static final int MAX_SAMPLES = 20_000;
    private static final long DAY_MILLIS = 86_400_000L;
    /** Epoch ms of 2100-01-01: a larger {@code since} is a unit mistake (µs). */
    private static final long MAX_SINCE_MILLIS = 4_102_444_800_000L;

    private final Supplier<List<PipelineStatus>> pipelines;
    private final StorageAccess storage;
    private final Clock clock;

    InternalMetricsRoutes(Supplier<List<PipelineStatus>> pipelines, StorageAccess storage, Clock clock) {
        this.pipelines = pipelines;
        this.storage = storage;
        this.clock = clock;
    }

    private record Metric(String name, String group, String kind, long value, Long capacity) {
    }

    private record PipelineMetrics(String name, List<Metric> metrics) {
    }

    ApiResponse current() {
        List<PipelineMetrics> all = new ArrayList<>();
        long flows = 0;
        long turnsOpen = 0;
        List<PipelineStatus> services = pipelines.get();
        for (PipelineStatus p : services == null ? List.<PipelineStatus>of() : services) {
            try {
                Map<String, Long> counters = p.counters();
                Map<String, Long> c = counters == null ? Map.of() : new TreeMap<>(counters);
                all.add(new PipelineMetrics(p.name(), metrics(c)));
                flows += c.getOrDefault(FLOWS_ACTIVE, 0L);
                turnsOpen += c.getOrDefault(TURNS_IN_PROGRESS, 0L);
            } catch (RuntimeException e) {
                LOG.warn("pipeline status service failed to report its counters", e);
            }
        }
        all.sort(Comparator.comparing(PipelineMetrics::name, Comparator.nullsLast(Comparator.naturalOrder())));
        List<Metric> global = new ArrayList<>();
        global.add(new Metric(FLOWS_ACTIVE, "protocol", "gauge", flows, null));
        global.add(new Metric(TURNS_OPEN, "turn", "gauge", turnsOpen, null));
        global.addAll(storageMetrics());
        long ts = clock.millis() / 1000;
        return ApiResponse.ok(g -> {
            g.writeStartObject();
            g.writeNumberField("ts", ts);
            g.writeArrayFieldStart("pipelines");
            for (PipelineMetrics p : all) {
                g.writeStartObject();
                g.writeStringField("name", p.name());
                writeMetrics(g, p.metrics());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeObjectFieldStart("global");
            writeMetrics(g, global);
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    /** The counters, a queue and its {@code _capacity} companion folded into one gauge with its capacity. */
    private static List<Metric> metrics(Map<String, Long> counters) {
        List<Metric> out = new ArrayList<>();
        for (Map.Entry<String, Long> e : counters.entrySet()) {
            String name = e.getKey();
            if (e.getValue() == null || name.endsWith(InternalMetricCatalog.CAPACITY_SUFFIX)
                    && counters.containsKey(name.substring(0, name.length()
                            - InternalMetricCatalog.CAPACITY_SUFFIX.length()))) {
                continue;
            }
            Long capacity = counters.get(name + InternalMetricCatalog.CAPACITY_SUFFIX);
            out.add(new Metric(name, InternalMetricCatalog.group(name), capacity != null ? "gauge"
                    : InternalMetricCatalog.kind(name), e.getValue(), capacity));
        }
        return out;
    }

    private List<Metric> storageMetrics() {
        StorageBackend s = storage.current();
        StorageStatus st = null;
        if (s != null) {
            try {
                st = s.status();
            } catch (RuntimeException e) {
                LOG.warn("storage backend failed to report its status", e);
            }
        }
        List<Metric> out = new ArrayList<>();
        out.add(new Metric("storage_healthy", "storage", "gauge", st != null && st.healthy() ? 1 : 0, null));
        out.add(new Metric("calls_written", "storage", "counter", st == null ? 0 : st.callsWritten(), null));
        out.add(new Metric("exchanges_written", "storage", "counter", st == null ? 0 : st.exchangesWritten(),
                null));
        out.add(new Metric("write_errors", "storage", "counter", st == null ? 0 : st.writeErrors(), null));
        out.add(new Metric("buffered_rows", "storage", "gauge", st == null ? 0 : st.bufferedRows(), null));
        out.add(new Metric("buffered_bytes", "storage", "gauge", st == null ? 0 : st.bufferedBytes(), null));
        return out;
    }

    private static void writeMetrics(JsonGenerator g, List<Metric> metrics) throws IOException {
        g.writeArrayFieldStart("metrics");
        for (Metric m : metrics) {
            g.writeStartObject();
            g.writeStringField("name", m.name());
            g.writeStringField("group", m.group());
            g.writeStringField("kind", m.kind());
            g.writeNumberField("value", m.value());
            if (m.capacity() != null) {
                g.writeNumberField("capacity", m.capacity());
            }
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private record Point(long t, long v) {
    }

    private record Series(String name, String pipeline, List<Point> points) {
    }

    /** {@code since} ms (default: a day ago), {@code metrics} CSV of counter names (default the two gauges). */
    ApiResponse series(QueryParams q) throws ApiException, StorageException {
        long now = clock.millis();
        long since = sinceMillis(q.single("since"), now);
        List<String> names = metricNames(q.csv("metrics"));
        StorageBackend s = storage.require();
        List<HealthSample> samples = new ArrayList<>(s.queryHealthSamples(new HealthQuery(
                new TimeRange(since * 1000, Long.MAX_VALUE), List.of(), 0, MAX_SAMPLES)).items());
        samples.sort(Comparator.comparingLong(HealthSample::timeMicros));
        // by metric, then pipeline in the order first seen
        Map<String, Map<String, Series>> byMetric = new LinkedHashMap<>();
        for (String n : names) {
            byMetric.put(n, new LinkedHashMap<>());
        }
        for (HealthSample sample : samples) {
            for (String n : names) {
                Long v = sample.counters().get(n.equals(TURNS_OPEN) ? TURNS_IN_PROGRESS : n);
                if (v == null) {
                    continue;
                }
                byMetric.get(n).computeIfAbsent(sample.pipeline(), p -> new Series(n, p, new ArrayList<>()))
                        .points().add(new Point(sample.timeMicros() / 1000, v));
            }
        }
        return ApiResponse.ok(g -> {
            g.writeStartObject();
            g.writeNumberField("ts", now);
            g.writeArrayFieldStart("series");
            for (Map<String, Series> perPipeline : byMetric.values()) {
                for (Series series : perPipeline.values()) {
                    g.writeStartObject();
                    g.writeStringField("name", series.name());
                    g.writeStringField("group", InternalMetricCatalog.group(series.name()));
                    g.writeStringField("pipeline", series.pipeline());
                    g.writeArrayFieldStart("points");
                    for (Point p : series.points()) {
                        g.writeStartObject();
                        g.writeNumberField("t", p.t());
                        g.writeNumberField("v", p.v());
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                    g.writeEndObject();
                }
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    private static long sinceMillis(String text, long now) throws ApiException {
        if (text == null || text.isBlank()) {
            return Math.max(0, now - DAY_MILLIS);
        }
        long v;
        try {
            v = Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw ApiException.invalidParameter("since must be epoch milliseconds, got '" + QueryParams.clip(text)
                    + "'");
        }
        if (v < 0 || v > MAX_SINCE_MILLIS) {
            throw ApiException.invalidParameter("since must be epoch milliseconds between 0 and "
                    + MAX_SINCE_MILLIS + ", got " + v);
        }
        return v;
    }

    private static List<String> metricNames(List<String> csv) throws ApiException {
        Set<String> names = new LinkedHashSet<>();
        for (String n : csv) {
            if (!METRIC_NAME.matcher(n).matches()) {
                throw ApiException.invalidParameter("metrics: '" + QueryParams.clip(n) + "' is not a metric name "
                        + "(lower-case letters, digits, '_', '.', '-')");
            }
            names.add(n);
        }
        if (names.size() > MAX_SERIES_METRICS) {
            throw ApiException.invalidParameter("metrics: at most " + MAX_SERIES_METRICS + " names, got "
                    + names.size());
        }
        return names.isEmpty() ? DEFAULT_SERIES : List.copyOf(names);
    }
}
