package org.egret.pipeline.internal;

import java.nio.ByteBuffer;

/**
 * Frames copied out of a source's buffer and handed to one worker in one queue operation, so queue costs are paid
 * per batch, not per packet. Batches are recycled.
 */
final class FrameBatch {
    /** Marks the end of one source's input for the receiving worker. */
    static final int END_OF_SOURCE = -1;

    final byte[] data;
    final int[] offsets;
    final int[] lengths;
    final int[] linkTypes;
    final long[] timestamps;
    int count;
    int used;
    int sourceIndex;
    /** {@link #END_OF_SOURCE} or the number of frames (same as count). */
    int kind;

    FrameBatch(int bytes, int maxFrames) {
        data = new byte[bytes];
        offsets = new int[maxFrames];
        lengths = new int[maxFrames];
        linkTypes = new int[maxFrames];
        timestamps = new long[maxFrames];
    }

    boolean fits(int frameLength) {
        return count < offsets.length && used + frameLength <= data.length;
    }

    void add(int linkType, long ts, ByteBuffer frame) {
        int len = frame.remaining();
        frame.get(frame.position(), data, used, len);
        offsets[count] = used;
        lengths[count] = len;
        linkTypes[count] = linkType;
        timestamps[count] = ts;
        used += len;
        count++;
    }

    void reset(int source) {
        count = 0;
        used = 0;
        sourceIndex = source;
        kind = 0;
    }

    long lastTimestamp() {
        return count == 0 ? 0 : timestamps[count - 1];
    }
}
