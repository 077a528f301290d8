package org.egret.pipeline.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One session's calls that are not final yet, kept in request order, and how they fall into turns. The split is
 * recomputed from the ordered calls whenever one arrives, so a call that arrives late or out of order lands in the
 * turn its request time puts it in, and the turn is written again. A turn opens with a main-agent call that carries
 * new user input and closes with a main-agent call that answers without asking for tools; sub-agent calls fall
 * into the turn they run in.
 */
final class SessionTurns {
    static final Comparator<TurnCall> REQUEST_ORDER = Comparator.comparingLong(TurnCall::requestTime)
            .thenComparing(TurnCall::id);

    /** A retry joins the failed request's turn only this soon after it, and only this often in a row. */
    static final long RETRY_GAP_MICROS = 60_000_000L;
    static final int MAX_RETRIES = 16;

    /** A run of calls forming one turn; {@code idleClosed}: it timed out and no later call may join it. */
    record Segment(String turnId, List<TurnCall> calls, boolean complete, boolean idleClosed) {
        long end() {
            long end = Long.MIN_VALUE;
            for (TurnCall c : calls) {
                end = Math.max(end, c.endTime());
            }
            return end;
        }

        TurnCall last() {
            return calls.get(calls.size() - 1);
        }
    }

    final String key;
    final String sessionId;
    final String sourceId;
    private final List<TurnCall> calls = new ArrayList<>();
    private final Map<String, String> turnIdByCall = new HashMap<>();
    /** calls after which a turn closed by idleness: a boundary whatever comes next */
    private final Set<String> closedAfter = new HashSet<>();
    /** tool-call ids whose result a call of the session already sent back */
    private final Set<String> answered = new HashSet<>();
    /** what was last written of each turn, so an unchanged turn is not written again */
    final Map<String, String> written = new HashMap<>();
    /** the last version written of each turn, handed on when the turn is final */
    final Map<String, org.egret.api.turn.AgentTurn> lastWritten = new HashMap<>();
    /** the greatest last-byte time of its calls */
    long lastActivity = Long.MIN_VALUE;
    /** calls requested before this are final: their turns were written for good and forgotten */
    long finalUntil = Long.MIN_VALUE;
    /** a call arrived since the turns were last looked at */
    boolean changed;
    /** event time at which a turn of it closes by idleness or becomes final, though no call arrives */
    long deadline = Long.MAX_VALUE;
    /** the snapshot of its open turn as of the last look, null when none is open */
    org.egret.api.turn.AgentTurn openTurn;

    SessionTurns(String key, String sessionId, String sourceId) {
        this.key = key;
        this.sessionId = sessionId;
        this.sourceId = sourceId;
    }

    /** Adds a call in request order; false when it comes after its turn was final (a late call). */
    boolean add(TurnCall call) {
        if (call.requestTime() < finalUntil) {
            return false;
        }
        TurnCall c = newResultsOnly(call);
        int i = calls.size();
        while (i > 0 && REQUEST_ORDER.compare(calls.get(i - 1), c) > 0) {
            i--;
        }
        calls.add(i, c);
        lastActivity = Math.max(lastActivity, c.endTime());
        changed = true;
        return true;
    }

    /**
     * A request sends every earlier tool result again; only those the session has not seen are kept, so a long
     * turn's memory and linking work grow with its tool calls, not with their square. Results known by a tool name
     * only (Gemini) cannot be told apart and are all kept (the decoder's list is bounded).
     */
    private TurnCall newResultsOnly(TurnCall c) {
        if (c.toolResults().isEmpty()) {
            return c;
        }
        List<TurnCall.Result> fresh = new ArrayList<>(c.toolResults().size());
        for (TurnCall.Result r : c.toolResults()) {
            boolean byName = r.toolCallId() == null || r.toolCallId().equals(r.name());
            if (byName || answered.add(r.toolCallId())) {
                fresh.add(r);
            }
        }
        return fresh.size() == c.toolResults().size() ? c : c.withResults(List.copyOf(fresh));
    }

    /** Closes the turn that ends with {@code last} for good. */
    void closeAfter(TurnCall last) {
        closedAfter.add(last.id());
        changed = true;
    }

    boolean isEmpty() {
        return calls.isEmpty();
    }

    int size() {
        return calls.size();
    }

    /** The turns the calls fall into, in order, each with a stable id: the one its calls had, else a new one. */
    List<Segment> segments(Supplier<String> newId) {
        List<List<TurnCall>> runs = new ArrayList<>();
        List<Boolean> complete = new ArrayList<>();
        List<Boolean> idle = new ArrayList<>();
        List<TurnCall> run = null;
        for (TurnCall c : calls) {
            if (run != null && c.opensTurn() && !retries(run, c)) {
                runs.add(run);
                complete.add(false);
                idle.add(false);
                run = null;
            }
            if (run == null) {
                if (!c.mainAgent() && !runs.isEmpty()) {
                    // a sub-agent call ordered after its turn's answer still belongs to that turn
                    runs.get(runs.size() - 1).add(c);
                    continue;
                }
                run = new ArrayList<>();
            }
            run.add(c);
            if (c.endsTurn() || closedAfter.contains(c.id())) {
                runs.add(run);
                complete.add(c.endsTurn());
                idle.add(!c.endsTurn());
                run = null;
            }
        }
        if (run != null) {
            runs.add(run);
            complete.add(false);
            idle.add(false);
        }
        List<Segment> out = new ArrayList<>(runs.size());
        Set<String> used = new HashSet<>();
        for (int r = 0; r < runs.size(); r++) {
            List<TurnCall> rc = runs.get(r);
            String id = null;
            for (TurnCall c : rc) {
                String known = turnIdByCall.get(c.id());
                if (known != null && !used.contains(known)) {
                    id = known;
                    break;
                }
            }
            if (id == null) {
                id = newId.get();
            }
            used.add(id);
            for (TurnCall c : rc) {
                turnIdByCall.put(c.id(), id);
            }
            out.add(new Segment(id, List.copyOf(rc), complete.get(r), idle.get(r)));
        }
        return out;
    }

    /**
     * A client retrying the request that failed (the same user input after an error) stays in the turn the failed
     * request opened.
     */
    private static boolean retries(List<TurnCall> run, TurnCall c) {
        if (run.size() >= MAX_RETRIES) {
            return false;
        }
        TurnCall lastMain = null;
        for (TurnCall x : run) {
            if (x.mainAgent()) {
                lastMain = x;
            }
        }
        return lastMain != null && lastMain.failed() && lastMain.opensTurn() && c.facts().userInput() != null
                && c.facts().userInput().equals(lastMain.facts().userInput())
                && c.requestTime() - lastMain.endTime() <= RETRY_GAP_MICROS;
    }

    /**
     * Forgets the calls of turns that are final, in one pass over the session; calls requested before their last
     * one are late from now on. Returns the turns' last written versions (never-written turns have none).
     */
    List<org.egret.api.turn.AgentTurn> finalize(List<Segment> segments) {
        Set<String> gone = new HashSet<>();
        List<org.egret.api.turn.AgentTurn> out = new ArrayList<>(segments.size());
        for (Segment seg : segments) {
            for (TurnCall c : seg.calls()) {
                gone.add(c.id());
                turnIdByCall.remove(c.id());
                closedAfter.remove(c.id());
                for (TurnCall.Tool t : c.toolCalls()) {
                    if (t.toolCallId() != null) {
                        answered.remove(t.toolCallId());
                    }
                }
                finalUntil = Math.max(finalUntil, c.requestTime() + 1);
            }
            written.remove(seg.turnId());
            org.egret.api.turn.AgentTurn last = lastWritten.remove(seg.turnId());
            if (last != null) {
                out.add(last);
            }
        }
        calls.removeIf(c -> gone.contains(c.id()));
        return out;
    }
}
