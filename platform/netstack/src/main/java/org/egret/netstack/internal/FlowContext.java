package org.egret.netstack.internal;

import java.nio.ByteBuffer;

import org.egret.api.http.HttpExchange;
import org.egret.netstack.ExchangeListener;
import org.egret.netstack.NetstackConfig;
import org.egret.netstack.NetstackCounter;
import org.egret.netstack.NetstackCounters;

/** What every flow of one table shares: limits, counters, the listener, and reusable buffers (single thread). */
public final class FlowContext {
    /** Body blocks come in sizes 1, 2, 4, 8 and 16 KiB. */
    static final int BLOCK_MIN = 1024;
    static final int BLOCK_CLASSES = 5;
    private static final int FREE_BLOCKS_PER_CLASS = 64;

    private final String sourceId;
    private final NetstackConfig config;
    private final NetstackCounters counters;
    private final ExchangeListener listener;
    /** Payload of the current frame when the frame buffer has no accessible array (direct or read-only). */
    private byte[] frameBytes = new byte[2048];
    /** Free body blocks by size class (see {@link MessageBody}), reused so streaming bodies make no garbage. */
    private final byte[][][] freeBlocks = new byte[BLOCK_CLASSES][FREE_BLOCKS_PER_CLASS][];
    private final int[] freeCount = new int[BLOCK_CLASSES];

    public FlowContext(String sourceId, NetstackConfig config, NetstackCounters counters, ExchangeListener listener) {
        this.sourceId = sourceId;
        this.config = config;
        this.counters = counters;
        this.listener = listener;
    }

    String sourceId() {
        return sourceId;
    }

    NetstackConfig config() {
        return config;
    }

    NetstackCounters counters() {
        return counters;
    }

    /** Copies {@code frame[off, off+len)} into a buffer reused for every frame, at index 0. */
    byte[] frameBytes(ByteBuffer frame, int off, int len) {
        if (len > frameBytes.length) {
            frameBytes = new byte[Math.max(len, frameBytes.length * 2)];
        }
        frame.get(off, frameBytes, 0, len);
        return frameBytes;
    }

    /** A body block of {@code BLOCK_MIN << sizeClass} bytes, not zeroed. */
    byte[] takeBlock(int sizeClass) {
        int n = freeCount[sizeClass];
        if (n == 0) {
            return new byte[BLOCK_MIN << sizeClass];
        }
        byte[][] free = freeBlocks[sizeClass];
        byte[] b = free[--n];
        free[n] = null;
        freeCount[sizeClass] = n;
        return b;
    }

    /** Gives back a block from {@link #takeBlock}; kept for reuse while the free list has room. */
    void giveBlock(byte[] block) {
        int sizeClass = Integer.numberOfTrailingZeros(block.length / BLOCK_MIN);
        int n = freeCount[sizeClass];
        if (n < FREE_BLOCKS_PER_CLASS) {
            freeBlocks[sizeClass][n] = block;
            freeCount[sizeClass] = n + 1;
        }
    }

    void emit(HttpExchange exchange) {
        counters.increment(NetstackCounter.HTTP_EXCHANGES);
        try {
            listener.onExchange(exchange);
        } catch (RuntimeException e) {
            counters.increment(NetstackCounter.LISTENER_ERRORS);
        }
    }
}
