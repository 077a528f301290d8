package org.egret.api.pipeline;

/** Life of a pipeline. */
public enum PipelineState {
    /** Sources are being opened. */
    STARTING,
    /** Sources are delivering packets. */
    RUNNING,
    /** Every source has ended and every stage has drained: everything seen is stored. */
    DRAINED,
    /** A source or the storage failed fatally; see {@link PipelineStatus#failure()}. */
    FAILED,
    /** The pipeline was stopped. */
    STOPPED
}
