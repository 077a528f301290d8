package org.egret.api.http;

import java.util.Arrays;

/**
 * When each part of a decoded body arrived: for streams that are not server-sent events (a JSON array of chunks,
 * NDJSON, binary event frames), so a decoder can tell the time of the element that carried the first token.
 * Entry {@code i} says that decoded bytes from {@code offsets[i]} on came in the packet captured at
 * {@code micros[i]} (epoch µs). Offsets ascend. A timeline has at most {@link #MAX_ENTRIES}; bytes after the last
 * entry's offset are dated by it, so the early bytes, where first tokens are, are always dated exactly.
 */
public final class BodyTimeline {

    /** Entries kept per body: one per packet that brought body bytes, up to this many. */
    public static final int MAX_ENTRIES = 4096;

    public static final BodyTimeline EMPTY = new BodyTimeline(new long[0], new long[0], 0);

    private final long[] offsets;
    private final long[] micros;
    private final int size;

    private BodyTimeline(long[] offsets, long[] micros, int size) {
        this.offsets = offsets;
        this.micros = micros;
        this.size = size;
    }

    /** A timeline of the first {@code size} entries of these arrays (copied). */
    public static BodyTimeline of(long[] offsets, long[] micros, int size) {
        if (size == 0) {
            return EMPTY;
        }
        if (size > offsets.length || size > micros.length || size > MAX_ENTRIES) {
            throw new IllegalArgumentException("timeline of " + size + " entries from arrays of " + offsets.length
                    + " and " + micros.length);
        }
        return new BodyTimeline(Arrays.copyOf(offsets, size), Arrays.copyOf(micros, size), size);
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** The capture time of the packet that brought the decoded body byte at {@code offset}; 0 when unknown. */
    public long microsAt(long offset) {
        if (size == 0 || offset < offsets[0]) {
            return 0;
        }
        int i = Arrays.binarySearch(offsets, 0, size, offset);
        if (i < 0) {
            i = -i - 2; // the last entry starting before offset
        }
        return micros[i];
    }
}
