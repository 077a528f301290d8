package org.egret.console.internal.rest;

import java.util.Set;

/**
 * Group and kind of each pipeline health counter, by its short name (Heron's groups: capture, protocol, llm, turn,
 * metrics, storage). A counter this table does not know is still served, as a counter of the group its prefix says.
 */
final class InternalMetricCatalog {

    /** Values that go up and down; every other counter only grows while the pipeline runs. */
    private static final Set<String> GAUGES = Set.of("flows_active", "turns_in_progress", "turn_sessions",
            "decoders", "storage_bound", "storage_healthy", "storage_backend_buffered_rows",
            "storage_backend_buffered_bytes", "agent_turns_open", "buffered_rows", "buffered_bytes");

    private static final Set<String> CAPTURE = Set.of("pkts_received", "bytes_received", "pkts_dropped_backpressure",
            "read_errors", "pkts_truncated");

    /** Queue gauges carry their bound in a companion counter named {@code <queue>_capacity}. */
    static final String CAPACITY_SUFFIX = "_capacity";

    private InternalMetricCatalog() {
    }

    static String group(String name) {
        if (CAPTURE.contains(name)) {
            return "capture";
        }
        if (name.startsWith("q_storage") || name.startsWith("flushed_") || name.startsWith("storage_")
                || name.equals("flush_errors")) {
            return "storage";
        }
        if (name.startsWith("turn") || name.equals("agent_turns_open")) {
            return "turn";
        }
        if (name.startsWith("metric_")) {
            return "metrics";
        }
        if (name.startsWith("wires_") || name.startsWith("decode") || name.startsWith("calls_")) {
            return "llm";
        }
        if (name.equals("worker_errors")) {
            return "pipeline";
        }
        return "protocol";
    }

    static String kind(String name) {
        return GAUGES.contains(name) || name.startsWith("q_") ? "gauge" : "counter";
    }
}
