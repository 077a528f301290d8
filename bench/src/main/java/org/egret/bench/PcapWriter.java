package org.egret.bench;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes a classic pcap file: little-endian, microsecond timestamps, Ethernet link type. Timestamps never go
 * backwards: a frame stamped earlier than the one before it gets the earlier frame's time, as a capture would.
 */
public final class PcapWriter implements Closeable {
    public static final int LINKTYPE_ETHERNET = 1;
    public static final int SNAPLEN = 262_144;
    public static final int FILE_HEADER_LENGTH = 24;
    public static final int RECORD_HEADER_LENGTH = 16;
    private static final int BUFFER_SIZE = 4 << 20;

    private final FileChannel out;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    private long lastMicros = Long.MIN_VALUE;
    private long packets;
    private long bytes;

    public PcapWriter(Path file) throws IOException {
        out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        buffer.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(SNAPLEN)
                .putInt(LINKTYPE_ETHERNET);
        bytes = FILE_HEADER_LENGTH;
    }

    /**
     * Appends one frame made of {@code head} followed by {@code body}.
     *
     * @return the timestamp written, which is {@code micros} unless that would go back in time
     */
    public long write(long micros, byte[] head, int headLength, byte[] body, int bodyOffset, int bodyLength)
            throws IOException {
        int length = headLength + bodyLength;
        if (length > SNAPLEN) {
            throw new IllegalArgumentException("frame of " + length + " bytes exceeds the snapshot length");
        }
        if (buffer.remaining() < RECORD_HEADER_LENGTH + length) {
            flush();
        }
        long stamp = Math.max(micros, lastMicros);
        lastMicros = stamp;
        buffer.putInt((int) (stamp / 1_000_000)).putInt((int) (stamp % 1_000_000)).putInt(length).putInt(length);
        buffer.put(head, 0, headLength).put(body, bodyOffset, bodyLength);
        packets++;
        bytes += RECORD_HEADER_LENGTH + length;
        return stamp;
    }

    public long packets() {
        return packets;
    }

    /** Bytes in the file once closed, header included. */
    public long bytes() {
        return bytes;
    }

    private void flush() throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
        buffer.clear();
    }

    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            out.close();
        }
    }
}
