package org.egret.pipeline.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.egret.api.decode.LlmCall;
import org.egret.api.pipeline.AgentWindow;
import org.egret.api.pipeline.LatencyStats;
import org.egret.api.pipeline.MetricDimension;
import org.egret.api.pipeline.MetricGranularity;
import org.egret.api.pipeline.MetricSample;
import org.egret.api.pipeline.MetricWindow;
import org.egret.api.pipeline.MetricWindowQuery;
import org.egret.api.turn.AgentTurn;

/**
 * Event-time metric windows of one pipeline's calls and turns: 10 s, 1 min, 5 min and 1 h windows, keyed by each
 * call's request time (each turn's start), per wire API, model, server and agent kind. Memory is bounded by the
 * retention of each granularity (relative to the newest event time seen, so a replayed capture keeps its windows),
 * by {@link #MAX_SERIES} label sets and by closed windows keeping their sketches encoded. A call older than the
 * retained 10 s windows is counted in {@link #lateCalls()}: the finest windows miss it (coarser ones still count it
 * while they retain its window).
 * <p>
 * Workers record concurrently without sharing a lock per call: each thread buffers what it records (a few hundred
 * bytes per call, no bodies) and applies a batch at a time under the one lock of the windows; a read applies every
 * thread's buffer first, so it sees every call recorded before it.
 */
public final class MetricWindows {

    /** Fewer than CallMetrics allows: each label set costs a row in every window of every granularity. */
    static final int MAX_SERIES = 200;
    static final int BATCH = 64;
    /** A window this long past its end (in event time) keeps its sketches encoded. */
    static final long COMPACT_AFTER = 2 * 60 * 1_000_000L;
    /**
     * A one-minute window is closed (handed on as a rollup) once event time is this far past its end: calls are
     * decoded when they end, so a minute's streamed calls keep arriving for a while after it.
     */
    static final long ROLLUP_LATENESS = 2 * 60 * 1_000_000L;
    private static final Map<MetricGranularity, Long> RETENTION = new EnumMap<>(Map.of(
            MetricGranularity.TEN_SECONDS, 6 * 3600 * 1_000_000L,
            MetricGranularity.ONE_MINUTE, 2 * 86_400 * 1_000_000L,
            MetricGranularity.FIVE_MINUTES, 7 * 86_400 * 1_000_000L,
            MetricGranularity.ONE_HOUR, 30 * 86_400 * 1_000_000L));
    private static final Comparator<SeriesKey> KEY_ORDER = Comparator.comparing(SeriesKey::wireApi)
            .thenComparing(SeriesKey::model).thenComparing(SeriesKey::serverKind)
            .thenComparing(SeriesKey::agentKind);

    private static final class Window {
        final Map<SeriesKey, CallWindowCell> calls = new HashMap<>();
        final Map<String, TurnWindowCell> turns = new HashMap<>();
        /** Peaks of calls in flight of the final 10 s windows within, by series key projection. */
        final Map<SeriesKey, Long> peaks = new HashMap<>();
        boolean open;
    }

    /** One thread's calls not yet applied; guarded by itself. */
    private static final class Buffer {
        List<CallPoint> points = new ArrayList<>(BATCH);
    }

    private final Map<MetricGranularity, TreeMap<Long, Window>> windows = new EnumMap<>(MetricGranularity.class);
    /** Starts of the windows whose sketches are not encoded, per granularity. */
    private final Map<MetricGranularity, TreeSet<Long>> open = new EnumMap<>(MetricGranularity.class);
    private final Map<SeriesKey, SeriesKey> series = new HashMap<>();
    private final ActiveCallLedger ledger = new ActiveCallLedger();
    /** Starts of the one-minute windows whose calls changed since they were last handed on as rollups. */
    private final TreeSet<Long> changedMinutes = new TreeSet<>();
    private final List<Buffer> buffers = new CopyOnWriteArrayList<>();
    private final ThreadLocal<Buffer> buffer = ThreadLocal.withInitial(() -> {
        Buffer b = new Buffer();
        buffers.add(b);
        return b;
    });
    /** The window written last per granularity: most calls land in the one before them. */
    private final Window[] lastWindow = new Window[MetricGranularity.values().length];
    private final long[] lastStart = new long[MetricGranularity.values().length];
    private long newest = Long.MIN_VALUE;
    private long maintainedStep = Long.MIN_VALUE;
    private long lateCalls;
    private long lateTurns;

    public MetricWindows() {
        for (MetricGranularity g : MetricGranularity.values()) {
            windows.put(g, new TreeMap<>());
            open.put(g, new TreeSet<>());
        }
    }

    /** Called by any worker thread for every decoded call. */
    public void recordCall(LlmCall call) {
        CallPoint p = CallPoint.of(call, SeriesKey.of(call));
        Buffer b = buffer.get();
        boolean full;
        synchronized (b) {
            b.points.add(p);
            full = b.points.size() >= BATCH;
        }
        if (full) {
            synchronized (this) {
                apply(b);
                maintain();
            }
        }
    }

    /** Called with each closed turn. */
    public synchronized void recordTurn(AgentTurn turn) {
        long start = turn.getStartTime();
        if (!EventTimes.plausible(start)) {
            lateTurns++;
            return;
        }
        newest = Math.max(newest, start);
        if (start < retainedFrom(MetricGranularity.TEN_SECONDS)) {
            lateTurns++;
        }
        String kind = SeriesKey.label(turn.getAgentKind());
        for (MetricGranularity g : MetricGranularity.values()) {
            Window w = window(g, g.windowStart(start));
            if (w != null) {
                w.turns.computeIfAbsent(kind, k -> new TurnWindowCell()).record(turn);
            }
        }
        maintain();
    }

    /**
     * The one-minute windows, every dimension kept apart, that changed since last taken and are closed: event time
     * (the newest call's, or {@code eventTimeFloor} when later, e.g. a live source's wall clock) is
     * {@link #ROLLUP_LATENESS} past their end. A window a late call changes is handed on again.
     */
    public synchronized List<MetricWindow> takeClosedMinutes(long eventTimeFloor) {
        applyAll();
        long now = Math.max(newest, eventTimeFloor);
        if (now == Long.MIN_VALUE) {
            return List.of();
        }
        long minute = MetricGranularity.ONE_MINUTE.micros();
        return takeMinutes(changedMinutes.headSet(now - ROLLUP_LATENESS - minute, true));
    }

    /** Every changed one-minute window, the last, partial one included (the pipeline drained). */
    public synchronized List<MetricWindow> takeAllMinutes() {
        applyAll();
        return takeMinutes(changedMinutes);
    }

    private List<MetricWindow> takeMinutes(java.util.SortedSet<Long> starts) {
        MetricGranularity g = MetricGranularity.ONE_MINUTE;
        // copied first: reading a window applies buffered calls, which may mark a minute changed again
        List<Long> taken = new ArrayList<>(starts);
        starts.clear();
        List<MetricWindow> out = new ArrayList<>();
        for (long start : taken) {
            out.addAll(windows(new MetricWindowQuery(g, start, start + g.micros(), List.of(), List.of(), List.of(),
                    List.of(), java.util.EnumSet.allOf(MetricDimension.class))));
        }
        return out;
    }

    synchronized long lateCalls() {
        applyAll();
        return lateCalls;
    }

    synchronized long lateTurns() {
        return lateTurns;
    }

    /** Calls that began before the windows whose peaks were final (in flight longer than the ledger's horizon). */
    synchronized long lateActiveCalls() {
        applyAll();
        return ledger.lateCalls();
    }

    public synchronized List<MetricWindow> windows(MetricWindowQuery q) {
        applyAll();
        MetricGranularity g = granularity(q);
        int mask = SeriesKey.mask(q.groupBy());
        int peakMask = mask;
        for (MetricDimension d : MetricDimension.values()) {
            if (!q.filter(d).isEmpty()) {
                peakMask |= 1 << d.ordinal();
            }
        }
        List<MetricWindow> out = new ArrayList<>();
        for (Map.Entry<Long, Window> e : range(g, q).entrySet()) {
            long start = e.getKey();
            Window w = e.getValue();
            TreeMap<SeriesKey, CallWindowCell> rows = new TreeMap<>(KEY_ORDER);
            w.calls.forEach((key, cell) -> {
                if (key.matches(q)) {
                    rows.computeIfAbsent(key.project(mask), k -> new CallWindowCell()).add(cell);
                }
            });
            if (rows.isEmpty()) {
                continue;
            }
            Map<SeriesKey, Long> peaks = new HashMap<>();
            int pm = peakMask;
            w.peaks.forEach((key, peak) -> {
                if (key.mask() == pm && key.matches(q)) {
                    peaks.merge(key.project(mask), peak, Math::max);
                }
            });
            ledger.pendingPeaks(start, start + g.micros(), k -> k.matches(q), mask)
                    .forEach((k, v) -> peaks.merge(k, v, Math::max));
            rows.forEach((key, cell) -> out.add(cell.toWindow(start, g, key, peaks.getOrDefault(key, 0L))));
        }
        return out;
    }

    synchronized List<AgentWindow> agentWindows(MetricWindowQuery q) {
        MetricGranularity g = granularity(q);
        boolean byKind = q.groupBy().contains(MetricDimension.AGENT_KIND);
        List<AgentWindow> out = new ArrayList<>();
        for (Map.Entry<Long, Window> e : range(g, q).entrySet()) {
            TreeMap<String, TurnWindowCell> rows = new TreeMap<>();
            e.getValue().turns.forEach((kind, cell) -> {
                if (q.agentKinds().isEmpty() || q.agentKinds().contains(kind)) {
                    rows.computeIfAbsent(byKind ? kind : "", k -> new TurnWindowCell()).add(cell);
                }
            });
            rows.forEach((kind, cell) -> out.add(cell.toWindow(e.getKey(), g, byKind ? kind : null)));
        }
        return out;
    }

    /**
     * Gauges of the last minute of event time: latency percentiles per wire API and model, tool success rate per
     * agent kind. The last minute is the one before the newest event's while the pipeline runs (that one is still
     * filling), the newest event's once it has drained.
     */
    List<MetricSample> samples(boolean running) {
        long newestSeen;
        synchronized (this) {
            applyAll();
            newestSeen = newest;
        }
        List<MetricSample> out = new ArrayList<>();
        if (newestSeen == Long.MIN_VALUE) {
            return out;
        }
        MetricGranularity g = MetricGranularity.ONE_MINUTE;
        long start = g.windowStart(newestSeen) - (running ? g.micros() : 0);
        MetricWindowQuery q = new MetricWindowQuery(g, start, start + g.micros(), List.of(), List.of(), List.of(),
                List.of(), java.util.Set.of(MetricDimension.WIRE_API, MetricDimension.MODEL));
        out.add(new MetricSample("egret_window_start_seconds", "egret_window_start_seconds", "gauge",
                "Start of the window the egret_window_* gauges describe, Unix seconds.", Map.of("window", "1m"),
                start / 1_000_000L));
        for (MetricWindow w : windows(q)) {
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put("window", "1m");
            labels.put("wire_api", w.wireApi());
            labels.put("model", w.model());
            out.add(new MetricSample("egret_window_calls", "egret_window_calls", "gauge",
                    "Calls whose request fell in the window.", labels, w.calls()));
            quantiles(out, "egret_window_ttft_seconds", "Time to first token over the window.", labels, w.ttft());
            quantiles(out, "egret_window_e2e_seconds", "Request to last response byte over the window.", labels,
                    w.e2e());
        }
        q = new MetricWindowQuery(g, start, start + g.micros(), List.of(), List.of(), List.of(), List.of(),
                java.util.Set.of(MetricDimension.AGENT_KIND));
        for (AgentWindow a : agentWindows(q)) {
            if (a.toolSuccessRate() != null) {
                Map<String, String> labels = new LinkedHashMap<>();
                labels.put("window", "1m");
                labels.put("agent_kind", a.agentKind());
                out.add(new MetricSample("egret_window_tool_success_ratio", "egret_window_tool_success_ratio",
                        "gauge", "Share of the tool results returned in the window's turns that succeeded.", labels,
                        a.toolSuccessRate()));
            }
        }
        return out;
    }

    private static void quantiles(List<MetricSample> out, String name, String help, Map<String, String> labels,
            LatencyStats s) {
        if (s.count() == 0) {
            return;
        }
        double[][] qs = {{0.5, s.p50Ms()}, {0.95, s.p95Ms()}, {0.99, s.p99Ms()}};
        for (double[] q : qs) {
            Map<String, String> l = new LinkedHashMap<>(labels);
            l.put("quantile", Double.toString(q[0]));
            out.add(new MetricSample(name, name, "gauge", help, l, q[1] / 1000.0));
        }
    }

    private NavigableMap<Long, Window> range(MetricGranularity g, MetricWindowQuery q) {
        if (q.from() >= q.to()) {
            return new TreeMap<>();
        }
        return windows.get(g).subMap(q.from(), true, q.to(), false);
    }

    /** The query's granularity, else the finest whose retained windows reach back to the query's start. */
    private MetricGranularity granularity(MetricWindowQuery q) {
        if (q.granularity() != null) {
            return q.granularity();
        }
        for (MetricGranularity g : MetricGranularity.values()) {
            if (q.from() != Long.MIN_VALUE && q.from() >= retainedFrom(g)) {
                return g;
            }
        }
        return MetricGranularity.ONE_HOUR;
    }

    private void applyAll() {
        for (Buffer b : buffers) {
            apply(b);
        }
        maintain();
    }

    private void apply(Buffer b) {
        List<CallPoint> points;
        synchronized (b) {
            if (b.points.isEmpty()) {
                return;
            }
            points = b.points;
            b.points = new ArrayList<>(BATCH);
        }
        for (CallPoint p : points) {
            apply(p);
        }
    }

    private void apply(CallPoint p) {
        long t = p.requestTime();
        if (!EventTimes.plausible(t)) {
            lateCalls++;
            return;
        }
        SeriesKey key = bounded(p.key());
        newest = Math.max(newest, t);
        if (t < retainedFrom(MetricGranularity.TEN_SECONDS)) {
            lateCalls++;
        }
        for (MetricGranularity g : MetricGranularity.values()) {
            boolean minute = g == MetricGranularity.ONE_MINUTE;
            Window w = window(g, g.windowStart(t));
            if (w != null) {
                w.calls.computeIfAbsent(key, k -> new CallWindowCell()).record(p);
                if (minute) {
                    changedMinutes.add(g.windowStart(t));
                }
            }
            // in flight in every window the call overlaps, not only in the one of its request
            long end = p.activeEnd();
            for (long s = g.windowStart(t); s < end; s += g.micros()) {
                Window a = window(g, s);
                if (a != null) {
                    long overlap = Math.min(end, s + g.micros()) - Math.max(t, s);
                    a.calls.computeIfAbsent(key, k -> new CallWindowCell()).activeCallMicros += overlap;
                    if (minute) {
                        changedMinutes.add(s);
                    }
                }
            }
        }
        ledger.add(key, t, p.activeEnd());
    }

    /** The label set as kept: past the cap, new ones are counted under {@code other}. */
    private SeriesKey bounded(SeriesKey key) {
        SeriesKey known = series.get(key);
        if (known != null) {
            return known;
        }
        if (series.size() >= MAX_SERIES) {
            return SeriesKey.OVERFLOW;
        }
        series.put(key, key);
        return key;
    }

    /** The window to write, created if need be and no longer encoded; null when older than retained. */
    private Window window(MetricGranularity g, long start) {
        if (start < retainedFrom(g)) {
            return null;
        }
        int i = g.ordinal();
        Window w = lastWindow[i] != null && lastStart[i] == start ? lastWindow[i]
                : windows.get(g).computeIfAbsent(start, s -> new Window());
        lastWindow[i] = w;
        lastStart[i] = start;
        if (!w.open) {
            w.open = true;
            open.get(g).add(start);
        }
        return w;
    }

    private long retainedFrom(MetricGranularity g) {
        return newest == Long.MIN_VALUE ? Long.MIN_VALUE : g.windowStart(newest - RETENTION.get(g));
    }

    /** Hands on final peaks; once per 10 s of event time, drops what retention no longer holds and encodes. */
    private void maintain() {
        ledger.finalizeWindows(this::finalPeaks);
        long step = MetricGranularity.TEN_SECONDS.windowStart(newest);
        if (step == maintainedStep) {
            return;
        }
        maintainedStep = step;
        java.util.Arrays.fill(lastWindow, null); // one of them may be dropped now
        for (MetricGranularity g : MetricGranularity.values()) {
            long retained = retainedFrom(g);
            windows.get(g).headMap(retained, false).clear();
            if (g == MetricGranularity.ONE_MINUTE) {
                changedMinutes.headSet(retained, false).clear();
            }
            TreeSet<Long> o = open.get(g);
            o.headSet(retained, false).clear();
            for (var it = o.headSet(newest - COMPACT_AFTER - g.micros(), true).iterator(); it.hasNext();) {
                Window w = windows.get(g).get(it.next());
                it.remove();
                if (w != null) {
                    w.open = false;
                    w.calls.values().forEach(CallWindowCell::compact);
                    w.turns.values().forEach(c -> c.duration.compact());
                }
            }
        }
    }

    private void finalPeaks(long start10s, Map<SeriesKey, Long> peaks) {
        for (MetricGranularity g : MetricGranularity.values()) {
            Window w = windows.get(g).get(g.windowStart(start10s));
            if (w != null) {
                peaks.forEach((k, v) -> w.peaks.merge(k, v, Math::max));
            }
        }
    }
}
