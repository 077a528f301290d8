package org.egret.api.storage;

/**
 * A half-open time range [fromMicros, toMicros) in microseconds since the Unix epoch.
 */
public record TimeRange(long fromMicros, long toMicros) {
    /** Everything ever stored. */
    public static final TimeRange ALL = new TimeRange(Long.MIN_VALUE, Long.MAX_VALUE);

    public boolean isAll() {
        return fromMicros == Long.MIN_VALUE && toMicros == Long.MAX_VALUE;
    }
}
