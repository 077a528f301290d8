package org.egret.console.internal.rest;

import java.util.Map;
import org.egret.api.packet.SourceProgress;
import org.egret.api.pipeline.PipelineState;
import org.egret.api.pipeline.PipelineStatus;

/** A pipeline status that reports fixed values. */
record FixedPipeline(String name, PipelineState state, String failure, Map<String, SourceProgress> sources,
        Map<String, Long> counters) implements PipelineStatus {
}
