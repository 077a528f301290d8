package org.egret.console.internal.rest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.egret.api.packet.SourceProgress;
import org.egret.api.pipeline.AgentWindow;
import org.egret.api.pipeline.MetricGranularity;
import org.egret.api.pipeline.MetricWindow;
import org.egret.api.pipeline.MetricWindowQuery;
import org.egret.api.pipeline.PipelineState;
import org.egret.api.pipeline.PipelineStatus;
import org.egret.api.turn.AgentTurn;

/**
 * A pipeline status that reports fixed values and the turns it has open; its metric windows are the given rows of
 * the asked granularity (1 min when the pipeline is to pick) starting in the range, and it keeps the queries it was
 * asked.
 */
record FixedPipeline(String name, PipelineState state, String failure, Map<String, SourceProgress> sources,
        Map<String, Long> counters, List<AgentTurn> activeTurns, List<MetricWindow> rows, List<AgentWindow> agents,
        List<MetricWindowQuery> queries) implements PipelineStatus {

    FixedPipeline(String name, PipelineState state, String failure, Map<String, SourceProgress> sources,
            Map<String, Long> counters) {
        this(name, state, failure, sources, counters, List.of(), new ArrayList<>(), new ArrayList<>(),
                new ArrayList<>());
    }

    /** A running pipeline with these turns open. */
    static FixedPipeline running(String name, List<AgentTurn> open) {
        return new FixedPipeline(name, PipelineState.RUNNING, null, Map.of(), Map.of(), open, new ArrayList<>(),
                new ArrayList<>(), new ArrayList<>());
    }

    /** A running pipeline with windows to add. */
    static FixedPipeline windowed(String name) {
        return new FixedPipeline(name, PipelineState.RUNNING, null, Map.of(), Map.of());
    }

    @Override
    public List<MetricWindow> metricWindows(MetricWindowQuery q) {
        queries.add(q);
        MetricGranularity g = q.granularity() == null ? MetricGranularity.ONE_MINUTE : q.granularity();
        return rows.stream().filter(w -> w.granularity() == g && w.start() >= q.from() && w.start() < q.to())
                .toList();
    }

    @Override
    public List<AgentWindow> agentWindows(MetricWindowQuery q) {
        queries.add(q);
        return agents;
    }
}
