package org.egret.pipeline.internal;

import java.security.SecureRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * UUIDv7 (RFC 9562): 48-bit millisecond timestamp, then random bits, so ids of one pipeline sort by creation and
 * spread evenly. A monotonic counter in the random part keeps ids unique within one millisecond.
 */
final class TimeOrderedIds {
    private final long randomHigh;
    private final AtomicLong sequence;

    TimeOrderedIds() {
        SecureRandom random = new SecureRandom();
        randomHigh = random.nextLong();
        sequence = new AtomicLong(random.nextLong() & 0x0FFF_FFFF_FFFFL);
    }

    String next() {
        long millis = System.currentTimeMillis();
        long seq = sequence.incrementAndGet();
        long msb = (millis << 16) | 0x7000L | ((seq >>> 36) & 0x0FFFL);
        long lsb = 0x8000_0000_0000_0000L | (randomHigh & 0x3FFF_F000_0000_0000L) | (seq & 0x0000_000F_FFFF_FFFFL);
        return new UUID(msb, lsb).toString();
    }
}
