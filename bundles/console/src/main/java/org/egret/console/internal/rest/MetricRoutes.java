package org.egret.console.internal.rest;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.egret.api.pipeline.AgentWindow;
import org.egret.api.pipeline.MetricDimension;
import org.egret.api.pipeline.MetricGranularity;
import org.egret.api.pipeline.MetricWindow;
import org.egret.api.pipeline.MetricWindowQuery;
import org.egret.api.pipeline.PipelineStatus;
import org.egret.api.storage.MetricRollup;
import org.egret.api.storage.RollupQuery;
import org.egret.api.storage.StorageBackend;
import org.egret.api.storage.StorageException;
import org.egret.api.storage.TimeRange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/metrics/timeseries}, {@code /api/metrics/summary} and the agent layer ({@code /api/metrics/agents},
 * also served as Heron's {@code /api/traces/summary}): read from the pipelines' event-time windows and merged across
 * pipelines (counts added, latency distributions merged).
 * <p>
 * Windows start empty when a pipeline starts, and an appliance that only serves the API has none: when they hold no
 * call of the range, timeseries and summary read the stored one-minute rollups instead (same shape; {@code source}
 * says which), so a restart does not blank the charts. Rollups are one minute wide: a 10s series is then served at
 * 1m (the answer's {@code granularity} and {@code timestamps} say so), 5m and 1h are merged from them. At most
 * {@link #MAX_ROLLUPS} rollups are read, oldest first; {@code truncated} says the range held more. Rollups carry no
 * turns, so the agent layer stays on the windows. Neither windows nor rollups are kept per server address, so the
 * global {@code server_ip} filter does not apply here (only {@code server_kind}).
 */
final class MetricRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(MetricRoutes.class);
    /** Heron's limit: a longer grid asks for a coarser granularity. */
    static final int MAX_BUCKETS = 20_000;
    /** Rollups read for one answer at most: a day of one-minute windows for some 35 dimension combinations. */
    static final int MAX_ROLLUPS = 50_000;

    /** The windows an answer is built from, and where they came from. */
    private record Source(String name, MetricGranularity granularity, List<MetricWindow> windows, boolean truncated) {
    }

    private final StorageAccess storage;
    private final Supplier<List<PipelineStatus>> pipelines;

    MetricRoutes(StorageAccess storage, Supplier<List<PipelineStatus>> pipelines) {
        this.storage = storage;
        this.pipelines = pipelines;
    }

    /**
     * Heron's {@code {timestamps:[s], series:[{name, group, values}]}} on the grid of the granularity's multiples
     * from the start (rounded up) to before the end; without a range, from the first window with calls to the
     * last. Each series also has {@code labels}: the kept dimensions' values.
     */
    ApiResponse timeseries(QueryParams q) throws ApiException, StorageException {
        String gName = q.single("granularity");
        MetricGranularity g = gName == null ? null : MetricGranularity.ofApiName(gName);
        if (g == null) {
            throw ApiException.invalidParameter("granularity: required, one of 10s, 1m, 5m, 1h"
                    + (gName == null ? "" : " (got '" + QueryParams.clip(gName) + "')"));
        }
        List<MetricFields.Field> fields = MetricFields.parse(q.csv("fields"));
        TimeRange range = ListParams.timeRange(q);
        long from = gridStart(range, g);
        checkGrid(from, range.toMicros(), g);
        MetricWindowQuery query = query(q, g, from, range.toMicros(), groupBy(q));
        Source source = read(query);
        if (source.granularity() != g) {
            // the stored width is coarser: the grid follows it, from the range's start rounded up to it
            g = source.granularity();
            from = gridStart(range, g);
        }
        // window start → kept dimension values → the pipelines' rows added up
        TreeMap<Long, Map<List<String>, MetricWindow>> grid = new TreeMap<>();
        Set<List<String>> groups = new TreeSet<>(MetricRoutes::compareGroups);
        for (MetricWindow w : source.windows()) {
            if (w.start() < from) {
                continue;
            }
            List<String> key = Arrays.asList(w.wireApi(), w.model(), w.serverKind(), w.agentKind());
            grid.computeIfAbsent(w.start(), s -> new LinkedHashMap<>()).merge(key, w, MetricWindow::plus);
            groups.add(key);
        }
        long first = from != Long.MIN_VALUE ? from : grid.isEmpty() ? 0 : grid.firstKey();
        long end = range.toMicros() != Long.MAX_VALUE ? range.toMicros() : grid.isEmpty() ? 0
                : grid.lastKey() + g.micros();
        checkGrid(first, end, g);
        List<Long> starts = new ArrayList<>();
        for (long s = first; s < end; s += g.micros()) {
            starts.add(s);
        }
        Set<MetricDimension> kept = query.groupBy();
        MetricGranularity served = g;
        return ApiResponse.ok(gen -> {
            gen.writeStartObject();
            gen.writeStringField("granularity", served.apiName());
            gen.writeArrayFieldStart("timestamps");
            for (long s : starts) {
                gen.writeNumber(s / 1_000_000L);
            }
            gen.writeEndArray();
            gen.writeArrayFieldStart("series");
            for (List<String> key : groups) {
                for (MetricFields.Field f : fields) {
                    gen.writeStartObject();
                    gen.writeStringField("name", f.name());
                    writeGroup(gen, key, kept);
                    gen.writeArrayFieldStart("values");
                    for (long s : starts) {
                        MetricWindow w = grid.getOrDefault(s, Map.of()).get(key);
                        Double v = w != null ? f.read(w, served.seconds()) : f.additive() ? Double.valueOf(0) : null;
                        writeNumber(gen, v);
                    }
                    gen.writeEndArray();
                    gen.writeEndObject();
                }
            }
            gen.writeEndArray();
            writeSource(gen, source);
            gen.writeEndObject();
        });
    }

    /**
     * Totals over the range (every window whose start lies in it, at the finest granularity that still holds the
     * whole range): Heron's summary fields and every other field of the timeseries, rates and averages over the
     * seconds from the first window's start to the last one's end.
     */
    ApiResponse summary(QueryParams q) throws ApiException, StorageException {
        TimeRange range = ListParams.timeRange(q);
        MetricWindowQuery query = query(q, null, range.fromMicros(), range.toMicros(), Set.of());
        Source source = read(query);
        MetricWindow total = null;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (MetricWindow w : source.windows()) {
            total = total == null ? w : total.plus(w);
            first = Math.min(first, w.start());
            last = Math.max(last, w.start() + w.granularity().micros());
        }
        MetricWindow t = total;
        double seconds = t == null ? 0 : (last - first) / 1e6;
        return ApiResponse.ok(gen -> {
            gen.writeStartObject();
            gen.writeStringField("granularity", t == null ? null : t.granularity().apiName());
            for (MetricFields.Field f : MetricFields.ALL.values()) {
                gen.writeFieldName(f.name());
                writeNumber(gen, t != null ? f.read(t, seconds) : f.additive() ? Double.valueOf(0) : null);
            }
            writeSource(gen, source);
            gen.writeEndObject();
        });
    }

    /**
     * Heron's {@code {summary:[{agent_kind, turn_count, total_input_tokens, total_output_tokens, avg_duration_ms,
     * last_seen_ms}]}} over the range, with the agent layer Heron names but does not compute: calls per turn,
     * tool-call success rate, plan loops, turns without an answer, duration percentiles.
     */
    ApiResponse agents(QueryParams q) throws ApiException {
        TimeRange range = ListParams.timeRange(q);
        MetricWindowQuery query = new MetricWindowQuery(null, range.fromMicros(), range.toMicros(), List.of(),
                List.of(), List.of(), q.csv("agent_kind"), Set.of(MetricDimension.AGENT_KIND));
        Map<String, AgentWindow> byKind = new TreeMap<>();
        for (PipelineStatus p : live()) {
            try {
                for (AgentWindow a : p.agentWindows(query)) {
                    byKind.merge(a.agentKind(), a, AgentWindow::plus);
                }
            } catch (RuntimeException e) {
                LOG.warn("pipeline {} failed to read its agent windows", p.name(), e);
            }
        }
        return ApiResponse.ok(gen -> {
            gen.writeStartObject();
            gen.writeArrayFieldStart("summary");
            for (AgentWindow a : byKind.values()) {
                writeAgent(gen, a);
            }
            gen.writeEndArray();
            gen.writeStringField("source", "windows");
            gen.writeEndObject();
        });
    }

    private static void writeSource(JsonGenerator g, Source s) throws IOException {
        g.writeStringField("source", s.name());
        if (s.truncated()) {
            g.writeBooleanField("truncated", true);
            g.writeNumberField("rollup_limit", MAX_ROLLUPS);
        }
    }

    private static long gridStart(TimeRange range, MetricGranularity g) {
        return range.fromMicros() == Long.MIN_VALUE ? Long.MIN_VALUE
                : Math.floorDiv(range.fromMicros() + g.micros() - 1, g.micros()) * g.micros();
    }

    /**
     * The pipelines' windows when one of them holds a call, else the stored rollups when the storage keeps them
     * (re-cut to the query's width and dimensions), else the empty windows.
     */
    private Source read(MetricWindowQuery query) throws StorageException {
        List<MetricWindow> windows = calls(query);
        MetricGranularity asked = query.granularity();
        Source fromWindows = new Source("windows", asked, windows, false);
        if (windows.stream().anyMatch(w -> w.calls() > 0)) {
            return fromWindows;
        }
        StorageBackend b = storage.current();
        if (b == null || !b.storesMetrics()) {
            return fromWindows;
        }
        RollupQuery rq = new RollupQuery(new TimeRange(query.from(), query.to()), List.of(), query.wireApis(),
                query.models(), query.agentKinds(), MAX_ROLLUPS + 1);
        List<MetricRollup> rollups = b.queryRollups(rq);
        boolean truncated = rollups.size() > MAX_ROLLUPS;
        // a 10s series cannot be cut finer than the stored minute; a summary (no width asked) sums minutes
        MetricGranularity width = asked == null || asked.seconds() < MetricGranularity.ONE_MINUTE.seconds()
                ? MetricGranularity.ONE_MINUTE : asked;
        Set<MetricDimension> kept = query.groupBy();
        List<MetricWindow> out = new ArrayList<>();
        for (MetricRollup r : rollups.subList(0, Math.min(MAX_ROLLUPS, rollups.size()))) {
            MetricWindow w = r.window();
            // the storage filters neither by server kind nor exactly as the windows do: filter here too
            if (matches(query, MetricDimension.WIRE_API, w.wireApi()) && matches(query, MetricDimension.MODEL,
                    w.model()) && matches(query, MetricDimension.SERVER_KIND, w.serverKind())
                    && matches(query, MetricDimension.AGENT_KIND, w.agentKind())) {
                out.add(recut(w, width, kept));
            }
        }
        if (out.isEmpty() && !truncated) {
            return fromWindows;
        }
        return new Source("storage", asked == null ? null : width, out, truncated);
    }

    private static boolean matches(MetricWindowQuery q, MetricDimension d, String value) {
        List<String> allowed = q.filter(d);
        return allowed.isEmpty() || allowed.contains(value);
    }

    /** A stored minute as a row of the window of {@code width} holding it, the dimensions not kept merged away. */
    private static MetricWindow recut(MetricWindow w, MetricGranularity width, Set<MetricDimension> kept) {
        return new MetricWindow(width.windowStart(w.start()), width,
                kept.contains(MetricDimension.WIRE_API) ? w.wireApi() : null,
                kept.contains(MetricDimension.MODEL) ? w.model() : null,
                kept.contains(MetricDimension.SERVER_KIND) ? w.serverKind() : null,
                kept.contains(MetricDimension.AGENT_KIND) ? w.agentKind() : null, w.calls(), w.streamCalls(),
                w.errors4xx(), w.errors429(), w.errors5xx(), w.partialCalls(), w.inputTokens(), w.inputTokenCalls(),
                w.outputTokens(), w.outputTokenCalls(), w.cacheReadTokens(), w.cacheWriteTokens(),
                w.reasoningTokens(), w.promptTokens(), w.costUsd(), w.activeCallMicros(), w.activeCallsPeak(),
                w.ttftStream(), w.ttftNonStream(), w.e2e(), w.tpot());
    }

    private static void writeAgent(JsonGenerator g, AgentWindow a) throws IOException {
        g.writeStartObject();
        g.writeStringField("agent_kind", a.agentKind());
        g.writeNumberField("turn_count", a.turns());
        g.writeNumberField("total_input_tokens", a.inputTokens());
        g.writeNumberField("total_output_tokens", a.outputTokens());
        JsonOutput.numberOrNull(g, "avg_duration_ms", a.duration().avgMs());
        JsonOutput.numberOrNull(g, "last_seen_ms", a.lastSeen() == 0 ? null : a.lastSeen() / 1000);
        g.writeNumberField("complete_turn_count", a.completeTurns());
        writeDuration(g, "duration_p50_ms", a, a.duration().p50Ms());
        writeDuration(g, "duration_p95_ms", a, a.duration().p95Ms());
        writeDuration(g, "duration_p99_ms", a, a.duration().p99Ms());
        writeDuration(g, "duration_max_ms", a, a.duration().maxMs());
        g.writeNumberField("call_count", a.calls());
        g.writeNumberField("error_call_count", a.errorCalls());
        JsonOutput.numberOrNull(g, "calls_per_turn", a.callsPerTurn());
        g.writeNumberField("tool_call_count", a.toolCalls());
        g.writeNumberField("tool_result_count", a.toolResults());
        g.writeNumberField("tool_error_count", a.toolErrors());
        JsonOutput.numberOrNull(g, "tool_success_rate", a.toolSuccessRate());
        g.writeNumberField("plan_loop_turns", a.planLoopTurns());
        g.writeNumberField("no_submit_turns", a.noSubmitTurns());
        g.writeNumberField("cost_usd", a.costUsd());
        g.writeEndObject();
    }

    private static void writeDuration(JsonGenerator g, String name, AgentWindow a, double ms) throws IOException {
        JsonOutput.numberOrNull(g, name, a.duration().count() == 0 ? null : ms);
    }

    private static void writeGroup(JsonGenerator g, List<String> key, Set<MetricDimension> kept) throws IOException {
        List<String> values = new ArrayList<>();
        for (MetricDimension d : MetricDimension.values()) {
            if (kept.contains(d)) {
                values.add(key.get(d.ordinal()));
            }
        }
        g.writeStringField("group", values.isEmpty() ? null : String.join(" · ", values));
        g.writeObjectFieldStart("labels");
        for (MetricDimension d : MetricDimension.values()) {
            if (kept.contains(d)) {
                g.writeStringField(d.apiName(), key.get(d.ordinal()));
            }
        }
        g.writeEndObject();
    }

    /** Whole numbers as integers (counts read as counts), others as doubles, null as null. */
    private static void writeNumber(JsonGenerator g, Double v) throws IOException {
        if (v == null || v.isNaN() || v.isInfinite()) {
            g.writeNull();
        } else if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            g.writeNumber(v.longValue());
        } else {
            g.writeNumber(v.doubleValue());
        }
    }

    private static MetricWindowQuery query(QueryParams q, MetricGranularity g, long from, long to,
            Set<MetricDimension> groupBy) {
        return new MetricWindowQuery(g, from, to, q.csv("wire_api"), q.csv("model"), q.csv("server_kind"),
                q.csv("agent_kind"), groupBy);
    }

    /** {@code group_by}: a comma-separated list of wire_api, model, server_kind, agent_kind. */
    private static Set<MetricDimension> groupBy(QueryParams q) throws ApiException {
        Set<MetricDimension> dims = EnumSet.noneOf(MetricDimension.class);
        for (String v : q.csv("group_by")) {
            MetricDimension d = MetricDimension.ofApiName(v);
            if (d == null) {
                throw ApiException.invalidParameter("group_by: '" + QueryParams.clip(v)
                        + "' is not one of wire_api, model, server_kind, agent_kind");
            }
            dims.add(d);
        }
        return dims;
    }

    private static void checkGrid(long from, long to, MetricGranularity g) throws ApiException {
        if (from == Long.MIN_VALUE || to == Long.MAX_VALUE || to <= from) {
            return;
        }
        if ((to - from) / g.micros() > MAX_BUCKETS) {
            throw ApiException.invalidParameter("granularity: " + g.apiName() + " makes more than " + MAX_BUCKETS
                    + " buckets over this range; pick a coarser one");
        }
    }

    private List<MetricWindow> calls(MetricWindowQuery query) {
        List<MetricWindow> out = new ArrayList<>();
        for (PipelineStatus p : live()) {
            try {
                out.addAll(p.metricWindows(query));
            } catch (RuntimeException e) {
                LOG.warn("pipeline {} failed to read its metric windows", p.name(), e);
            }
        }
        return out;
    }

    private List<PipelineStatus> live() {
        List<PipelineStatus> ps = pipelines.get();
        return ps == null ? List.of() : List.copyOf(ps);
    }

    private static int compareGroups(List<String> a, List<String> b) {
        for (int i = 0; i < a.size(); i++) {
            String x = a.get(i);
            String y = b.get(i);
            int c = x == null ? (y == null ? 0 : -1) : y == null ? 1 : x.compareTo(y);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}
