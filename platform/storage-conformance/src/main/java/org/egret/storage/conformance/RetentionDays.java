package org.egret.storage.conformance;

/**
 * Retention settings of a store under test, as the backends' configurations name them.
 *
 * @param enabled      {@code retention_enabled}
 * @param callDays     {@code retention_days}: calls and turns
 * @param bodyDays     {@code retention_body_days}: raw exchanges and body blocks
 * @param metricsDays  {@code retention_metrics_days}: metric rollups and health samples
 */
public record RetentionDays(boolean enabled, int callDays, int bodyDays, int metricsDays) {

    /** Retention off ({@code --no-retention}): every row stays, however old. */
    public static final RetentionDays OFF = new RetentionDays(false, 30, 7, 90);

    /** The shipped defaults, on. */
    public static final RetentionDays DEFAULTS = new RetentionDays(true, 30, 7, 90);
}
