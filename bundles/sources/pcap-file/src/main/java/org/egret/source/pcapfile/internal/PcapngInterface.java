package org.egret.source.pcapfile.internal;

/**
 * One Interface Description Block: the link type of its packets and how to turn their timestamps into microseconds
 * ({@code if_tsresol}, a power of 10 or of 2, and {@code if_tsoffset} in seconds).
 */
final class PcapngInterface {
    /** {@code if_tsresol} when the option is absent: microseconds. */
    static final int DEFAULT_RESOLUTION = 6;
    private static final long[] POWERS_OF_TEN = new long[19];

    static {
        POWERS_OF_TEN[0] = 1;
        for (int n = 1; n < POWERS_OF_TEN.length; n++) {
            POWERS_OF_TEN[n] = POWERS_OF_TEN[n - 1] * 10;
        }
    }

    private final int linkType;
    private final long snapLength;
    private final boolean binary;
    private final int exponent;
    private final long offsetMicros;

    /**
     * @param resolution the raw {@code if_tsresol} byte: top bit clear means 10^-n seconds, set means 2^-n
     * @param offsetSeconds the {@code if_tsoffset} value
     */
    PcapngInterface(int linkType, long snapLength, int resolution, long offsetSeconds) {
        this.linkType = linkType;
        this.snapLength = snapLength;
        this.binary = (resolution & 0x80) != 0;
        this.exponent = resolution & 0x7f;
        this.offsetMicros = offsetSeconds * 1_000_000L;
    }

    int linkType() {
        return linkType;
    }

    /** The interface's snapshot length, 0 when unlimited. */
    long snapLength() {
        return snapLength;
    }

    /** @param ticks the block's 64-bit timestamp, unsigned, in units of this interface's resolution */
    long micros(long ticks) {
        return (binary ? binaryMicros(ticks) : decimalMicros(ticks)) + offsetMicros;
    }

    private long decimalMicros(long ticks) {
        if (exponent == 6) {
            return ticks;
        }
        if (exponent > 6) {
            int shift = exponent - 6;
            return shift < POWERS_OF_TEN.length ? Long.divideUnsigned(ticks, POWERS_OF_TEN[shift]) : 0;
        }
        return ticks * POWERS_OF_TEN[6 - exponent];
    }

    private long binaryMicros(long ticks) {
        if (exponent == 0) {
            return ticks * 1_000_000L;
        }
        if (exponent >= 64) {
            return 0; // a tick this fine cannot count a whole microsecond within 64 bits
        }
        long seconds = ticks >>> exponent;
        long fraction = ticks & ((1L << exponent) - 1);
        // below 2^44 the fraction times 10^6 still fits in a signed long
        long fractionMicros = exponent <= 43 ? (fraction * 1_000_000L) >>> exponent
                : (long) (Math.scalb((double) fraction, -exponent) * 1_000_000d);
        return seconds * 1_000_000L + fractionMicros;
    }
}
