package org.egret.console.internal.rest;

import java.util.List;
import org.egret.api.decode.LlmCall;

/**
 * Until agent turns are assembled, every call is served as a trace of its own: the trace id is the call id and the
 * trace covers exactly the call's time span.
 */
final class CallAsTrace {

    static final String COMPLETE = "complete";
    static final String INCOMPLETE = "incomplete";
    /** Heron's statuses; in-progress traces come from a live turn registry, which call-traces never are. */
    static final List<String> STATUSES = List.of(COMPLETE, INCOMPLETE, "in_progress");

    private CallAsTrace() {
    }

    /** Complete: the whole exchange was seen and the provider answered with a success status. */
    static boolean isComplete(LlmCall c) {
        return !c.isPartial() && c.getStatusCode() >= 200 && c.getStatusCode() < 400;
    }

    static String status(LlmCall c) {
        return isComplete(c) ? COMPLETE : INCOMPLETE;
    }

    static long startMillis(LlmCall c) {
        return Math.floorDiv(c.getRequestTime(), 1000L);
    }

    /** The last response byte, or the request time when no response was seen. */
    static long endMillis(LlmCall c) {
        return c.getCompleteTime() > 0 ? Math.floorDiv(c.getCompleteTime(), 1000L) : startMillis(c);
    }

    /** Whole milliseconds, as Heron's turn {@code duration_ms} is an integer. */
    static long durationMillis(LlmCall c) {
        long micros = c.getCompleteTime() > c.getRequestTime() ? c.getCompleteTime() - c.getRequestTime() : 0;
        return Math.round(micros / 1000.0);
    }

    /** The served model, else the requested one. */
    static String primaryModel(LlmCall c) {
        return c.getModel() != null ? c.getModel() : c.getRequestModel();
    }

    static List<String> modelsUsed(LlmCall c) {
        String m = primaryModel(c);
        return m == null ? List.of() : List.of(m);
    }

    static long orZero(Integer tokens) {
        return tokens == null ? 0 : tokens.longValue();
    }
}
