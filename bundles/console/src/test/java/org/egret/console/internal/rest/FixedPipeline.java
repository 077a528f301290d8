package org.egret.console.internal.rest;

import java.util.List;
import java.util.Map;
import org.egret.api.packet.SourceProgress;
import org.egret.api.pipeline.PipelineState;
import org.egret.api.pipeline.PipelineStatus;
import org.egret.api.turn.AgentTurn;

/** A pipeline status that reports fixed values, and the turns it has open. */
record FixedPipeline(String name, PipelineState state, String failure, Map<String, SourceProgress> sources,
        Map<String, Long> counters, List<AgentTurn> activeTurns) implements PipelineStatus {

    FixedPipeline(String name, PipelineState state, String failure, Map<String, SourceProgress> sources,
            Map<String, Long> counters) {
        this(name, state, failure, sources, counters, List.of());
    }

    /** A running pipeline with these turns open. */
    static FixedPipeline running(String name, List<AgentTurn> open) {
        return new FixedPipeline(name, PipelineState.RUNNING, null, Map.of(), Map.of(), open);
    }
}
