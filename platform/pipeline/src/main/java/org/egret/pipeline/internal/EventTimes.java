package org.egret.pipeline.internal;

/** What the pipeline takes for event time: a packet's capture time, unless it cannot be one. */
final class EventTimes {
    /** A time more than a day past the wall clock is a broken timestamp, not event time. */
    private static final long MAX_FUTURE_MICROS = 86_400_000_000L;

    private EventTimes() {
    }

    /** True for a time (epoch µs) that can be event time: set, and not far past the wall clock. */
    static boolean plausible(long micros) {
        return micros > 0 && micros <= System.currentTimeMillis() * 1000 + MAX_FUTURE_MICROS;
    }
}
