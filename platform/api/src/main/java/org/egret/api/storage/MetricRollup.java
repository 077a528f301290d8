package org.egret.api.storage;

import org.egret.api.pipeline.MetricGranularity;
import org.egret.api.pipeline.MetricWindow;

/**
 * One closed one-minute metric window of one pipeline, as stored: the history the in-memory windows forget on a
 * restart. Windows of one minute merge into any coarser window ({@link MetricWindow#plus}).
 *
 * @param pipeline the pipeline that counted it
 * @param window   the window, granularity {@link MetricGranularity.ONE_MINUTE}
 */
public record MetricRollup(String pipeline, MetricWindow window) {

    public MetricRollup {
        if (window.granularity() != MetricGranularity.ONE_MINUTE) {
            throw new IllegalArgumentException("a rollup is a one-minute window, not " + window.granularity());
        }
    }
}
