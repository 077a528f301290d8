package org.egret.api.storage;

import java.util.Map;

/**
 * A pipeline's health counters at one moment, kept so that the health history survives the process: how many
 * packets, calls and drops there were, and when the storage was down.
 *
 * @param timeMicros when it was taken, wall clock, µs since the epoch
 * @param pipeline   the pipeline's name
 * @param state      its state then ({@code running}, {@code drained}, …)
 * @param counters   counter name → value, cumulative since the pipeline started
 */
public record HealthSample(long timeMicros, String pipeline, String state, Map<String, Long> counters) {

    public HealthSample {
        counters = Map.copyOf(counters);
    }
}
