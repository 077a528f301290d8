package org.egret.console.internal.rest;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.egret.api.packet.SourceProgress;
import org.egret.api.pipeline.PipelineState;
import org.egret.api.pipeline.PipelineStatus;
import org.egret.api.pipeline.StorageWriterStatus;
import org.egret.api.storage.StorageBackend;
import org.egret.api.storage.StorageStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/health}: Heron's {@code {status, version, uptime_secs, pipelines:[{name, running}]}} plus each
 * pipeline's state, sources, counters and storage writer (backend, bound or not, queue, drops) and the storage
 * health. Answers whether or not storage is bound; degraded while a pipeline cannot write.
 */
final class HealthRoute {

    private static final Logger LOG = LoggerFactory.getLogger(HealthRoute.class);

    private record PipelineSnapshot(String name, PipelineState state, boolean running, String failure,
            Map<String, SourceProgress> sources, Map<String, Long> counters, StorageWriterStatus writer) {
    }

    private final StorageAccess storage;
    private final Supplier<List<PipelineStatus>> pipelines;
    private final RuntimeInfo runtime;
    private final Clock clock;

    HealthRoute(StorageAccess storage, Supplier<List<PipelineStatus>> pipelines, RuntimeInfo runtime, Clock clock) {
        this.storage = storage;
        this.pipelines = pipelines;
        this.runtime = runtime;
        this.clock = clock;
    }

    ApiResponse handle() {
        StorageStatus st = storageStatus();
        List<PipelineSnapshot> snaps = snapshot();
        boolean degraded = st == null || !st.healthy()
                || snaps.stream().anyMatch(p -> p.state() == PipelineState.FAILED
                        || p.writer() != null && !p.writer().healthy());
        long uptime = Math.max(0, clock.millis() - runtime.startMillis()) / 1000;
        return ApiResponse.ok(g -> {
            g.writeStartObject();
            g.writeStringField("status", degraded ? "degraded" : "ready");
            g.writeStringField("version", runtime.version());
            g.writeNumberField("uptime_secs", uptime);
            g.writeArrayFieldStart("pipelines");
            for (PipelineSnapshot p : snaps) {
                writePipeline(g, p);
            }
            g.writeEndArray();
            writeStorage(g, st);
            g.writeEndObject();
        });
    }

    private StorageStatus storageStatus() {
        StorageBackend s = storage.current();
        if (s == null) {
            return null;
        }
        try {
            return s.status();
        } catch (RuntimeException e) {
            LOG.warn("storage backend failed to report its status", e);
            return new StorageStatus(null, null, false, 0, 0, 0, "status unavailable");
        }
    }

    /** Read once per request, so the document is consistent even while a pipeline changes state. */
    private List<PipelineSnapshot> snapshot() {
        List<PipelineStatus> services = pipelines.get();
        List<PipelineSnapshot> out = new ArrayList<>();
        if (services == null) {
            return out;
        }
        for (PipelineStatus p : services) {
            try {
                PipelineState state = p.state();
                Map<String, SourceProgress> sources = p.sources();
                Map<String, Long> counters = p.counters();
                out.add(new PipelineSnapshot(p.name(), state, p.running(), p.failure(),
                        sources == null ? Map.of() : new TreeMap<>(sources),
                        counters == null ? Map.of() : new TreeMap<>(counters), p.storageWriter()));
            } catch (RuntimeException e) {
                LOG.warn("pipeline status service failed to report", e);
            }
        }
        out.sort(Comparator.comparing(PipelineSnapshot::name, Comparator.nullsLast(Comparator.naturalOrder())));
        return out;
    }

    private static void writePipeline(JsonGenerator g, PipelineSnapshot p) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", p.name());
        g.writeBooleanField("running", p.running());
        g.writeStringField("state", p.state() == null ? null : p.state().name().toLowerCase(Locale.ROOT));
        g.writeStringField("failure", p.failure());
        g.writeArrayFieldStart("sources");
        for (Map.Entry<String, SourceProgress> e : p.sources().entrySet()) {
            SourceProgress s = e.getValue();
            g.writeStartObject();
            g.writeStringField("id", e.getKey());
            g.writeNumberField("bytes_read", s.bytesRead());
            g.writeNumberField("bytes_total", s.bytesTotal());
            g.writeNumberField("packets", s.packets());
            g.writeNumberField("damaged", s.damaged());
            g.writeBooleanField("finished", s.finished());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeObjectFieldStart("counters");
        for (Map.Entry<String, Long> e : p.counters().entrySet()) {
            JsonOutput.numberOrNull(g, e.getKey(), e.getValue());
        }
        g.writeEndObject();
        if (p.writer() != null) {
            writeWriter(g, p.writer());
        }
        g.writeEndObject();
    }

    /** The pipeline's storage writer: which backend, bound or not, its queue and what it dropped. */
    private static void writeWriter(JsonGenerator g, StorageWriterStatus w) throws IOException {
        g.writeObjectFieldStart("storage");
        g.writeStringField("backend", w.backend());
        g.writeBooleanField("bound", w.bound());
        g.writeBooleanField("healthy", w.healthy());
        g.writeStringField("last_error", w.lastError());
        g.writeNumberField("queued_rows", w.queuedRows());
        g.writeNumberField("queued_kb", w.queuedKilobytes());
        g.writeNumberField("capacity_rows", w.capacityRows());
        g.writeNumberField("capacity_kb", w.capacityKilobytes());
        g.writeNumberField("dropped_exchanges", w.droppedExchanges());
        g.writeNumberField("dropped_calls", w.droppedCalls());
        g.writeNumberField("dropped_metric_records", w.droppedRecords());
        g.writeNumberField("backend_buffered_rows", w.backendBufferedRows());
        g.writeNumberField("backend_buffered_bytes", w.backendBufferedBytes());
        g.writeEndObject();
    }

    /** Always an object, so {@code storage.healthy} can be read without a null check. */
    private static void writeStorage(JsonGenerator g, StorageStatus st) throws IOException {
        g.writeObjectFieldStart("storage");
        if (st == null) {
            g.writeNullField("type");
            g.writeNullField("location");
            g.writeBooleanField("healthy", false);
            g.writeNumberField("calls_written", 0);
            g.writeNumberField("exchanges_written", 0);
            g.writeNumberField("write_errors", 0);
            g.writeStringField("last_error", "storage unavailable");
            g.writeNumberField("buffered_rows", 0);
            g.writeNumberField("buffered_bytes", 0);
        } else {
            g.writeStringField("type", st.type());
            g.writeStringField("location", st.location());
            g.writeBooleanField("healthy", st.healthy());
            g.writeNumberField("calls_written", st.callsWritten());
            g.writeNumberField("exchanges_written", st.exchangesWritten());
            g.writeNumberField("write_errors", st.writeErrors());
            g.writeStringField("last_error", st.lastError());
            g.writeNumberField("buffered_rows", st.bufferedRows());
            g.writeNumberField("buffered_bytes", st.bufferedBytes());
        }
        g.writeEndObject();
    }
}
