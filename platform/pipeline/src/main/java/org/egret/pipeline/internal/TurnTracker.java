package org.egret.pipeline.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.egret.api.decode.LlmCall;
import org.egret.api.turn.AgentTurn;
import org.egret.api.turn.TurnStatus;

/**
 * Groups a pipeline's calls into agent turns and sessions, in event time. Calls are bucketed by session (the session
 * id, or the conversation anchor, seen from one client towards one host: the two legs of a proxy never share a
 * bucket); a call sending back tool results joins the session that asked for those tools whatever its key says; a
 * sub-agent call naming no session joins its client's open turn. Turns close on an answer, on the next user input,
 * after an idle timeout in event time, or at the end of the capture, and stay amendable by late calls for a while
 * after they close. Not thread-safe: the pipeline's storage writer is its only caller; {@link #active()} may be read
 * from any thread.
 */
final class TurnTracker {

    /** Tunables, all in event time. */
    record Settings(long idleTimeoutMicros, long lateWindowMicros, long proxyGapMicros, int planLoopRepeats,
            int maxSessions, boolean live) {
        static Settings defaults() {
            return new Settings(600_000_000L, 60_000_000L, 2_000_000L, 3, 100_000, false);
        }
    }

    /**
     * A source's event time: its latest call time, and for a live source the wall-clock time since that call
     * arrived, so that turns idle out when the link goes quiet. Each source keeps its own: captures of different days
     * replayed side by side must not close each other's turns.
     */
    private static final class SourceClock {
        long latest = Long.MIN_VALUE;
        long arrivalNanos;
    }


    static final String TERMINAL = "terminal";
    static final String NEXT_USER_TURN = "next_user_turn";
    static final String IDLE_TIMEOUT = "idle_timeout";
    static final String CAPTURE_END = "capture_end";
    static final String EVICTED = "evicted";
    private static final int MAX_TOOL_OWNERS = 200_000;
    private static final int MAX_CLIENTS = 100_000;

    private final String pipeline;
    private final Consumer<AgentTurn> onFinal;
    private final Settings settings;
    private final Supplier<String> ids;
    private final TurnBuilder builder;
    private final ProxyLegs proxies;
    /** sessions by bucket key, least recently active first */
    private final LinkedHashMap<String, SessionTurns> sessions = new LinkedHashMap<>(16, 0.75f, true);
    /** the session that asked for each tool call, so the call answering it joins that session */
    private final LinkedHashMap<String, SessionTurns> toolOwners = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SessionTurns> eldest) {
            return size() > MAX_TOOL_OWNERS;
        }
    };
    /** the session of each client's latest main-agent call, for sub-agent calls that name no session */
    private final LinkedHashMap<String, SessionTurns> latestByClient = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SessionTurns> eldest) {
            return size() > MAX_CLIENTS;
        }
    };
    private final Map<String, SourceClock> clocks = new HashMap<>();
    /** event time every source has reached at least ({@link #advance}) */
    private long floor = Long.MIN_VALUE;
    private final List<AgentTurn> closed = new ArrayList<>();
    private volatile List<AgentTurn> active = List.of();
    private volatile Map<String, Long> counterSnapshot = Map.of();

    long callsAssembled;
    long sideCalls;
    long callsUnassigned;
    long callsLate;
    long turnsComplete;
    long turnsIncomplete;
    long sessionsEvicted;
    long sessionFailures;

    TurnTracker(String pipeline, Settings settings, Supplier<String> ids) {
        this(pipeline, settings, ids, t -> { });
    }

    /**
     * @param onFinal gets every turn once, in its last version, when it can no longer change (the late window
     *                passed, or the capture ended): turn metrics count it there, so a turn written again is not
     *                counted twice
     */
    TurnTracker(String pipeline, Settings settings, Supplier<String> ids, Consumer<AgentTurn> onFinal) {
        this.onFinal = t -> {
            // counted once, when final, and a proxied turn on its client's leg only
            if (!ProxyLegs.PROXY_OUT.equals(t.getProxyRole())) {
                if (t.getStatus() == TurnStatus.COMPLETE) {
                    turnsComplete++;
                } else {
                    turnsIncomplete++;
                }
            }
            onFinal.accept(t);
        };
        this.pipeline = pipeline;
        this.settings = settings;
        this.ids = ids;
        this.builder = new TurnBuilder(settings.planLoopRepeats());
        this.proxies = new ProxyLegs(settings.proxyGapMicros());
    }

    /** Takes one stored call. */
    void accept(LlmCall call) {
        tick(call.getSourceId(), Math.max(call.getRequestTime(), call.getCompleteTime()));
        if (call.getAuxiliary() != null) {
            sideCalls++;
            return;
        }
        SessionTurns s = route(call);
        if (s == null) {
            callsUnassigned++;
            return;
        }
        TurnCall tc = TurnCall.of(call, s.sessionId);
        if (!s.add(tc)) {
            callsLate++;
            return;
        }
        callsAssembled++;
        for (TurnCall.Tool t : tc.toolCalls()) {
            if (t.toolCallId() != null) {
                toolOwners.put(viewKey(call) + '|' + t.toolCallId(), s);
            }
        }
        if (tc.mainAgent()) {
            latestByClient.put(clientKey(call), s);
        }
    }

    private SessionTurns route(LlmCall call) {
        String sessionId = call.getSessionId();
        SessionTurns own = sessionId == null ? null : sessions.get(bucket(call, sessionId));
        if (own == null || own.isEmpty()) {
            for (var r : call.getToolResults() == null ? List.<org.egret.api.decode.ToolResult>of()
                    : call.getToolResults()) {
                SessionTurns owner = r.toolCallId() == null ? null
                        : toolOwners.get(viewKey(call) + '|' + r.toolCallId());
                if (owner != null && sessions.get(owner.key) == owner) {
                    return owner;
                }
            }
        }
        if (call.getSubagent() != null) {
            SessionTurns bySession = sessionId == null ? null : sessions.get(bucket(call, sessionId));
            if (bySession == null || bySession.isEmpty()) {
                SessionTurns parent = latestByClient.get(clientKey(call));
                if (parent != null && sessions.get(parent.key) == parent) {
                    return parent;
                }
            }
        }
        if (sessionId == null) {
            return null;
        }
        String key = bucket(call, sessionId);
        SessionTurns s = sessions.get(key);
        if (s == null) {
            if (sessions.size() >= settings.maxSessions()) {
                evictOldest();
            }
            s = new SessionTurns(key, sessionId, call.getSourceId());
            sessions.put(key, s);
        }
        return s;
    }

    private static String bucket(LlmCall call, String sessionId) {
        return viewKey(call) + '|' + sessionId;
    }

    /** One client towards one host: an agent's calls of a session, never the other leg of a proxy. */
    private static String viewKey(LlmCall call) {
        return call.getSourceId() + '|' + call.getClientIp() + '|' + call.getHost();
    }

    private static String clientKey(LlmCall call) {
        return call.getSourceId() + '|' + call.getClientIp() + '|' + call.getAgentKind();
    }

    private void tick(String sourceId, long micros) {
        if (!EventTimes.plausible(micros)) {
            return;
        }
        SourceClock c = clocks.computeIfAbsent(sourceId, k -> new SourceClock());
        if (micros > c.latest) {
            c.latest = micros;
            c.arrivalNanos = System.nanoTime();
        }
    }

    /** Event time of a source now. */
    private long now(String sourceId) {
        SourceClock c = clocks.get(sourceId);
        long t = c == null ? Long.MIN_VALUE : c.latest;
        if (c != null && settings.live()) {
            t += (System.nanoTime() - c.arrivalNanos) / 1000;
        }
        return Math.max(t, floor);
    }

    /**
     * Writes turns that closed or changed, closes turns idle too long and forgets turns past the late window, at
     * each source's event time.
     */
    void advance() {
        sweep(false);
    }

    /** As {@link #advance()}, with every source's event time moved to at least {@code nowMicros}. */
    void advance(long nowMicros) {
        floor = Math.max(floor, nowMicros);
        sweep(false);
    }

    /** The capture ended: every open turn closes as incomplete. */
    void finish() {
        sweep(true);
    }

    private void sweep(boolean end) {
        List<AgentTurn> open = new ArrayList<>();
        Map<SessionTurns, List<SessionTurns.Segment>> finals = new LinkedHashMap<>();
        for (Iterator<SessionTurns> it = sessions.values().iterator(); it.hasNext();) {
            SessionTurns s = it.next();
            long now = now(s.sourceId);
            try {
                if (s.changed || end || now >= s.deadline) {
                    settle(s, end, now, open, finals);
                } else if (s.openTurn != null) {
                    open.add(s.openTurn);
                }
            } catch (RuntimeException e) {
                // a bug must not stop the rest: the session is dropped (its calls are stored all the same)
                sessionFailures++;
                finals.remove(s);
                it.remove();
            }
        }
        // only now: a turn written in this sweep may have given a proxy role to one that is final in it
        finals.forEach((s, segments) -> s.finalize(segments).forEach(onFinal));
        for (Iterator<SessionTurns> it = sessions.values().iterator(); it.hasNext();) {
            SessionTurns s = it.next();
            if (s.isEmpty() && (end
                    || s.lastActivity < saturatedMinus(now(s.sourceId), 2 * settings.idleTimeoutMicros()))) {
                it.remove();
            }
        }
        proxies.expire(source -> saturatedMinus(now(source), 2 * settings.lateWindowMicros() + settings.proxyGapMicros()));
        open.sort(Comparator.comparingLong(AgentTurn::getStartTime).reversed());
        active = List.copyOf(open);
        counterSnapshot = snapshotCounters();
    }

    /**
     * Writes what changed in a session's turns and picks the turns that are final. Only a leading run of turns
     * becomes final, in order: forgetting a later turn first would let the turns around it run together.
     */
    private void settle(SessionTurns s, boolean end, long now, List<AgentTurn> open,
            Map<SessionTurns, List<SessionTurns.Segment>> finals) {
        List<SessionTurns.Segment> segments = s.segments(ids);
        long deadline = Long.MAX_VALUE;
        boolean leading = true;
        s.openTurn = null;
        for (int i = 0; i < segments.size(); i++) {
            SessionTurns.Segment seg = segments.get(i);
            boolean lastOne = i == segments.size() - 1;
            if (seg.complete()) {
                write(s, seg, TurnStatus.COMPLETE, TERMINAL);
            } else if (seg.idleClosed()) {
                write(s, seg, TurnStatus.INCOMPLETE, IDLE_TIMEOUT);
            } else if (!lastOne) {
                write(s, seg, TurnStatus.INCOMPLETE, NEXT_USER_TURN);
            } else if (end) {
                write(s, seg, TurnStatus.INCOMPLETE, CAPTURE_END);
            } else if (s.lastActivity <= saturatedMinus(now, settings.idleTimeoutMicros())
                    && now != Long.MIN_VALUE) {
                // closed for good: a call after it opens another turn
                s.closeAfter(seg.last());
                write(s, seg, TurnStatus.INCOMPLETE, IDLE_TIMEOUT);
            } else {
                s.openTurn = builder.build(seg.turnId(), pipeline, s.sessionId, seg.calls(), TurnStatus.IN_PROGRESS,
                        null);
                open.add(s.openTurn);
                deadline = Math.min(deadline, s.lastActivity + settings.idleTimeoutMicros());
                leading = false;
                continue;
            }
            boolean past = end || seg.end() < saturatedMinus(now, settings.lateWindowMicros());
            if (past && leading) {
                finals.computeIfAbsent(s, k -> new ArrayList<>()).add(seg);
            } else {
                leading = false;
                deadline = Math.min(deadline, past ? Long.MIN_VALUE : seg.end() + settings.lateWindowMicros() + 1);
            }
        }
        s.deadline = deadline;
        s.changed = false;
    }

    /** {@code a - b} without wrapping below Long.MIN_VALUE (a source with no event time yet). */
    private static long saturatedMinus(long a, long b) {
        return a < Long.MIN_VALUE + b ? Long.MIN_VALUE : a - b;
    }

    /** Queues a closed turn for writing unless it was written unchanged before. */
    private void write(SessionTurns s, SessionTurns.Segment seg, TurnStatus status, String reason) {
        // calls are in request order and never replaced: count and ends tell two versions of a turn apart
        String signature = status + "|" + reason + "|" + seg.calls().size() + "|" + seg.calls().get(0).id() + "|"
                + seg.last().id();
        if (signature.equals(s.written.get(seg.turnId()))) {
            return;
        }
        s.written.put(seg.turnId(), signature);
        AgentTurn t = builder.build(seg.turnId(), pipeline, s.sessionId, seg.calls(), status, reason);
        s.lastWritten.put(seg.turnId(), t);
        TurnCall first = seg.calls().get(0);
        List<AgentTurn> again = proxies.link(t, new ProxyLegs.View(first.clientIp(), first.serverIp(), first.host()));
        closed.add(t);
        for (AgentTurn peer : again) {
            closed.add(peer.copy());
        }
    }

    private void evictOldest() {
        Iterator<SessionTurns> it = sessions.values().iterator();
        if (!it.hasNext()) {
            return;
        }
        SessionTurns s = it.next();
        List<SessionTurns.Segment> segments = s.segments(ids);
        for (int i = 0; i < segments.size(); i++) {
            SessionTurns.Segment seg = segments.get(i);
            String reason = seg.complete() ? TERMINAL : seg.idleClosed() ? IDLE_TIMEOUT
                    : i < segments.size() - 1 ? NEXT_USER_TURN : EVICTED;
            write(s, seg, seg.complete() ? TurnStatus.COMPLETE : TurnStatus.INCOMPLETE, reason);
        }
        s.finalize(segments).forEach(onFinal);
        it.remove();
        sessionsEvicted++;
    }

    /** Closed turns to write since the last call, oldest first; a turn may come again when it changed. */
    List<AgentTurn> takeClosed() {
        if (closed.isEmpty()) {
            return List.of();
        }
        List<AgentTurn> out = new ArrayList<>(closed);
        closed.clear();
        return out;
    }

    /** Snapshots of the turns still open, newest first. */
    List<AgentTurn> active() {
        return active;
    }

    int sessions() {
        return sessions.size();
    }

    /** The turn counters as of the last sweep; any thread. */
    Map<String, Long> counters() {
        return counterSnapshot;
    }

    private Map<String, Long> snapshotCounters() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("turn_calls_assembled", callsAssembled);
        m.put("turn_side_calls", sideCalls);
        m.put("turn_calls_unassigned", callsUnassigned);
        m.put("turn_calls_late", callsLate);
        m.put("turns_complete", turnsComplete);
        m.put("turns_incomplete", turnsIncomplete);
        m.put("turns_in_progress", (long) active.size());
        m.put("turn_proxy_pairs", proxies.paired());
        m.put("turn_proxy_ambiguous", proxies.ambiguous());
        m.put("turn_sessions", (long) sessions.size());
        m.put("turn_sessions_evicted", sessionsEvicted);
        m.put("turn_session_failures", sessionFailures);
        return java.util.Collections.unmodifiableMap(m);
    }
}
