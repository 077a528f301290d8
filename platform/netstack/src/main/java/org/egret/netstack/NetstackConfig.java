package org.egret.netstack;

/**
 * Limits of one flow table.
 *
 * @param maxBodyBytes                    decoded body bytes kept per message; beyond, the body is flagged truncated
 * @param maxBufferedSegmentsPerDirection out-of-order segments held per direction before the gap is skipped
 * @param flowIdleTimeoutMicros           a flow silent for longer than this (event time) is expired
 * @param maxSseEvents                    server-sent events kept per response (first ones plus the last 64)
 */
public record NetstackConfig(int maxBodyBytes, int maxBufferedSegmentsPerDirection, long flowIdleTimeoutMicros,
        int maxSseEvents) {

    public NetstackConfig {
        if (maxBodyBytes < 0 || maxBufferedSegmentsPerDirection < 1 || flowIdleTimeoutMicros <= 0 || maxSseEvents < 1) {
            throw new IllegalArgumentException("invalid netstack limits: " + maxBodyBytes + ", "
                    + maxBufferedSegmentsPerDirection + ", " + flowIdleTimeoutMicros + ", " + maxSseEvents);
        }
    }

    /** 16 MiB bodies, 256 buffered segments, 120 s idle timeout, 100 000 events. */
    public static NetstackConfig defaults() {
        return new NetstackConfig(16 << 20, 256, 120_000_000L, 100_000);
    }
}
