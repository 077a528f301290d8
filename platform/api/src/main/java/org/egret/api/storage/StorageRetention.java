package org.egret.api.storage;

/**
 * How long a backend keeps what it stores, as configured.
 *
 * @param enabled     false when nothing is ever removed (e.g. replayed captures, whose times are old)
 * @param callsDays   days calls, exchanges and turns are kept
 * @param bodiesDays  days their bodies are kept
 * @param metricsDays days metric rollups and health samples are kept
 * @since 1.4
 */
public record StorageRetention(boolean enabled, int callsDays, int bodiesDays, int metricsDays) {
}
