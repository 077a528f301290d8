package org.egret.api.pipeline;

import java.util.List;
import java.util.Map;
import org.egret.api.packet.SourceProgress;
import org.egret.api.turn.AgentTurn;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A running pipeline, registered as a service by the pipeline manager with the properties {@link #NAME_PROPERTY}
 * and {@link #STATE_PROPERTY}; the state property is updated on every change, so a watcher needs no class of this
 * package to follow it.
 */
@ProviderType
public interface PipelineStatus {

    String NAME_PROPERTY = "egret.pipeline.name";
    String STATE_PROPERTY = "egret.pipeline.state";

    String name();

    PipelineState state();

    /** True while the pipeline still has input to read or work to drain (Heron's {@code running}). */
    default boolean running() {
        PipelineState s = state();
        return s == PipelineState.STARTING || s == PipelineState.RUNNING;
    }

    /** The fatal error that stopped it, for the user, or null. */
    String failure();

    /** Progress of each source by source id. */
    Map<String, SourceProgress> sources();

    /** Health counters by short name (e.g. {@code pkts_received}, {@code http_exchanges}, {@code calls_stored}). */
    Map<String, Long> counters();

    /**
     * Metrics of the calls the pipeline has decoded since it started, cumulative (counts, tokens, cost, latency
     * histograms by wire API, model, server and agent kind), as samples for {@code /metrics}.
     */
    default List<MetricSample> callMetrics() {
        return List.of();
    }

    /** Its storage writer's state, for the health API; null when the implementation has none. */
    default StorageWriterStatus storageWriter() {
        return null;
    }

    /** Snapshots of the turns still open (status in progress), newest first; served before they finish. */
    default List<AgentTurn> activeTurns() {
        return List.of();
    }

    /**
     * The event-time windows of the calls the pipeline decoded that a query asks for, by window start, then by the
     * kept dimensions; windows without calls (or calls in flight) are left out.
     */
    default List<MetricWindow> metricWindows(MetricWindowQuery query) {
        return List.of();
    }

    /**
     * The event-time windows of the agent turns the pipeline closed, per agent kind when the query keeps
     * {@link MetricDimension#AGENT_KIND}, else one row per window; of the filters only the agent kinds apply.
     */
    default List<AgentWindow> agentWindows(MetricWindowQuery query) {
        return List.of();
    }

    /**
     * Gauges read from the recent windows (e.g. the last minute's latency percentiles, tool success rate), as
     * samples for {@code /metrics}.
     */
    default List<MetricSample> windowMetrics() {
        return List.of();
    }
}
