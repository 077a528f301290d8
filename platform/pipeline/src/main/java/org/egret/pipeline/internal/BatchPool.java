package org.egret.pipeline.internal;

import java.util.concurrent.ArrayBlockingQueue;

/** Recycles frame batches, so steady-state replay allocates nothing per packet. */
final class BatchPool {
    private final ArrayBlockingQueue<FrameBatch> free;
    private final int batchBytes;
    private final int maxFrames;

    BatchPool(int capacity, int batchBytes) {
        this.free = new ArrayBlockingQueue<>(Math.max(1, capacity));
        this.batchBytes = batchBytes;
        // frames are at least ~54 bytes (Ethernet+IP+TCP); small frames are the common case on a busy link
        this.maxFrames = Math.max(16, batchBytes / 64);
    }

    FrameBatch take(int sourceIndex) {
        FrameBatch b = free.poll();
        if (b == null) {
            b = new FrameBatch(batchBytes, maxFrames);
        }
        b.reset(sourceIndex);
        return b;
    }

    /** A batch big enough for one oversized frame; not pooled. */
    FrameBatch oversized(int sourceIndex, int frameLength) {
        FrameBatch b = new FrameBatch(frameLength, 1);
        b.reset(sourceIndex);
        return b;
    }

    int batchBytes() {
        return batchBytes;
    }

    void give(FrameBatch b) {
        if (b.data.length == batchBytes) {
            free.offer(b);
        }
    }
}
