package org.egret.source.pcapfile.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A capture file mapped read-only in windows, so files larger than 2 GiB work. A window always starts at the record
 * being read, so a record never straddles two mappings; a record larger than the window gets a window of its own.
 */
final class MappedCapture {
    private final FileChannel channel;
    private final long size;
    private final int windowSize;
    private ByteOrder order = ByteOrder.LITTLE_ENDIAN;
    private MappedByteBuffer window;
    private ByteBuffer frameView;
    private long windowStart;
    private int windowLength;

    MappedCapture(FileChannel channel, long size, int windowSize) {
        this.channel = channel;
        this.size = size;
        this.windowSize = windowSize;
    }

    long size() {
        return size;
    }

    /**
     * Makes {@code [offset, offset + length)} readable through {@link #buffer()}; the caller guarantees the range lies
     * inside the file.
     *
     * @return the index of {@code offset} in {@link #buffer()}
     */
    int map(long offset, int length) throws IOException {
        long relative = offset - windowStart;
        if (window != null && relative >= 0 && relative + length <= windowLength) {
            return (int) relative;
        }
        int mapped = (int) Math.min(Math.max(windowSize, length), size - offset);
        window = channel.map(FileChannel.MapMode.READ_ONLY, offset, mapped);
        window.order(order);
        frameView = window.duplicate();
        windowStart = offset;
        windowLength = mapped;
        return 0;
    }

    /** The current window, in the byte order of the section being read; index with what {@link #map} returned. */
    ByteBuffer buffer() {
        return window;
    }

    void order(ByteOrder byteOrder) {
        order = byteOrder;
        if (window != null) {
            window.order(byteOrder);
        }
    }

    ByteOrder order() {
        return order;
    }

    /**
     * The reused view handed to sinks: the same object for every frame of a window, reset here because a sink may
     * have moved its position, limit or byte order.
     */
    ByteBuffer frame(int index, int length) {
        frameView.limit(index + length).position(index);
        frameView.order(ByteOrder.BIG_ENDIAN);
        return frameView;
    }
}
