package org.egret.console.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.egret.api.pipeline.PipelineStatus;
import org.egret.console.internal.rest.JsonOutput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code status} event of {@code /api/live}: {@code {ts, pipelines:[{name, running, calls, turns_open,
 * flows_active}], calls_total, turns_total}}. Calls are the LLM calls a pipeline decoded, turns the turns it closed.
 * The part after {@code ts} is what tells whether anything changed.
 */
final class LiveStatusJson {

    private static final Logger LOG = LoggerFactory.getLogger(LiveStatusJson.class);

    private record Row(String name, boolean running, long calls, long turnsOpen, long flowsActive, long turns) {
    }

    private final Supplier<List<PipelineStatus>> pipelines;

    LiveStatusJson(Supplier<List<PipelineStatus>> pipelines) {
        this.pipelines = pipelines;
    }

    /** The JSON after {@code "ts":…}, without the opening brace: {@code "pipelines":[…],…}}. */
    String body() {
        List<Row> rows = new ArrayList<>();
        List<PipelineStatus> services = pipelines.get();
        for (PipelineStatus p : services == null ? List.<PipelineStatus>of() : services) {
            try {
                Map<String, Long> c = p.counters();
                Map<String, Long> counters = c == null ? Map.of() : c;
                rows.add(new Row(p.name(), p.running(), counters.getOrDefault("wires_detected", 0L),
                        counters.getOrDefault("turns_in_progress", 0L), counters.getOrDefault("flows_active", 0L),
                        counters.getOrDefault("turns_complete", 0L) + counters.getOrDefault("turns_incomplete", 0L)));
            } catch (RuntimeException e) {
                LOG.warn("pipeline status service failed to report", e);
            }
        }
        rows.sort(Comparator.comparing(Row::name, Comparator.nullsLast(Comparator.naturalOrder())));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JsonOutput.generator(out)) {
            g.writeStartObject();
            g.writeArrayFieldStart("pipelines");
            long calls = 0;
            long turns = 0;
            for (Row r : rows) {
                g.writeStartObject();
                g.writeStringField("name", r.name());
                g.writeBooleanField("running", r.running());
                g.writeNumberField("calls", r.calls());
                g.writeNumberField("turns_open", r.turnsOpen());
                g.writeNumberField("flows_active", r.flowsActive());
                g.writeEndObject();
                calls += r.calls();
                turns += r.turns();
            }
            g.writeEndArray();
            g.writeNumberField("calls_total", calls);
            g.writeNumberField("turns_total", turns);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8).substring(1);
    }

    /** The whole event: {@code event: status} and one data line (JSON has no raw newlines). */
    static String event(long tsMillis, String body) {
        return "event: status\ndata: {\"ts\":" + tsMillis + "," + body + "\n\n";
    }
}
