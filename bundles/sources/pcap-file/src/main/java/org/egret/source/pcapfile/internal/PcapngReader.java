package org.egret.source.pcapfile.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.function.BooleanSupplier;
import org.egret.api.packet.FrameSink;

/**
 * pcapng: any number of sections, each in its own byte order with its own interfaces; Enhanced, Simple and obsolete
 * Packet Blocks carry frames, every other block is skipped. A block whose framing is broken (length not a multiple of
 * 4, past the end, or not repeated at its end) is counted as damaged and the reader scans forward, byte by byte, for
 * the next block that frames correctly.
 */
final class PcapngReader implements CaptureReader {
    static final int SECTION_HEADER = 0x0a0d0d0a;
    static final int MIN_SECTION_HEADER_LENGTH = 28;
    private static final int BYTE_ORDER_MAGIC = 0x1a2b3c4d;
    private static final int INTERFACE_DESCRIPTION = 1;
    private static final int OBSOLETE_PACKET = 2;
    private static final int SIMPLE_PACKET = 3;
    private static final int ENHANCED_PACKET = 6;
    private static final int DECRYPTION_SECRETS = 0x0a;
    private static final int CUSTOM = 0x0bad;
    private static final int CUSTOM_DO_NOT_COPY = 0x40000bad;
    private static final int OPTION_END = 0;
    private static final int OPTION_TS_RESOLUTION = 9;
    private static final int OPTION_TS_OFFSET = 14;
    /** Blocks whose body is read must fit one mapping; real ones are a few hundred KiB at most. */
    private static final int MAX_PARSED_BLOCK_LENGTH = 16 << 20;

    private final MappedCapture file;
    private final ReplayProgress progress;
    private final BooleanSupplier stop;
    private final long size;
    private PcapngInterface[] interfaces = new PcapngInterface[4];
    private int interfaceCount;
    private long offset;
    /** Simple Packet Blocks carry no timestamp: they get the one of the packet before them. */
    private long lastMicros;

    PcapngReader(MappedCapture file, ReplayProgress progress, BooleanSupplier stop) {
        this.file = file;
        this.progress = progress;
        this.stop = stop;
        this.size = file.size();
    }

    static boolean isByteOrderMagic(int bigEndianRead) {
        return bigEndianRead == BYTE_ORDER_MAGIC || bigEndianRead == Integer.reverseBytes(BYTE_ORDER_MAGIC);
    }

    @Override
    public boolean next(FrameSink sink) throws IOException {
        long remaining = size - offset;
        if (remaining <= 0) {
            return false;
        }
        if (remaining < 12) {
            progress.damagedRecord();
            offset = size;
            progress.reachedOffset(offset);
            return false;
        }
        long length = framedLength(offset, false);
        if (length < 0) {
            progress.damagedRecord();
            resync(offset + 1);
            progress.reachedOffset(offset);
            return offset < size;
        }
        int at = file.map(offset, 12); // checking the trailer of a big block may have moved the window
        int type = file.buffer().getInt(at);
        switch (type) {
            case SECTION_HEADER -> interfaceCount = 0;
            case INTERFACE_DESCRIPTION -> describeInterface(length);
            case ENHANCED_PACKET -> packet(sink, length, false);
            case OBSOLETE_PACKET -> packet(sink, length, true);
            case SIMPLE_PACKET -> simplePacket(sink, length);
            default -> {
                // statistics, name resolution, secrets, custom and future blocks carry no frames
            }
        }
        offset += length;
        progress.reachedOffset(offset);
        return true;
    }

    /**
     * Checks the block at {@code p}: a known type when {@code strict}, a length that is a multiple of 4, fits the
     * file and is repeated at the block's end. A section header also switches the byte order to its own.
     *
     * @return the block length, or -1 when the block does not frame (the byte order is then left as it was)
     */
    private long framedLength(long p, boolean strict) throws IOException {
        ByteOrder previous = file.order();
        int i = file.map(p, 12);
        ByteBuffer b = file.buffer();
        int type = b.getInt(i);
        if (type == SECTION_HEADER) {
            int magic = b.order(ByteOrder.BIG_ENDIAN).getInt(i + 8);
            b.order(previous);
            if (!isByteOrderMagic(magic)) {
                return -1;
            }
            file.order(magic == BYTE_ORDER_MAGIC ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        } else if (strict && !isKnownType(type)) {
            return -1;
        }
        long length = Integer.toUnsignedLong(file.buffer().getInt(i + 4));
        if (length < minimumLength(type) || (length & 3) != 0 || length > size - p
                || trailingLength(p, length) != length) {
            file.order(previous);
            return -1;
        }
        return length;
    }

    private long trailingLength(long p, long length) throws IOException {
        if (length <= MAX_PARSED_BLOCK_LENGTH) {
            int i = file.map(p, (int) length); // the body is read next, so map all of it at once
            return Integer.toUnsignedLong(file.buffer().getInt(i + (int) length - 4));
        }
        int i = file.map(p + length - 4, 4);
        return Integer.toUnsignedLong(file.buffer().getInt(i));
    }

    private static int minimumLength(int type) {
        return switch (type) {
            case SECTION_HEADER -> MIN_SECTION_HEADER_LENGTH;
            case INTERFACE_DESCRIPTION -> 20;
            case SIMPLE_PACKET -> 16;
            case ENHANCED_PACKET, OBSOLETE_PACKET -> 32;
            default -> 12;
        };
    }

    private static boolean isKnownType(int type) {
        return type >= INTERFACE_DESCRIPTION && type <= DECRYPTION_SECRETS || type == CUSTOM
                || type == CUSTOM_DO_NOT_COPY;
    }

    /** Moves {@link #offset} to the next position where a known block frames correctly, or to the end. */
    private void resync(long from) throws IOException {
        for (long p = from; p + 12 <= size; p++) {
            if ((p & 0xffff) == 0 && stop.getAsBoolean()) {
                break;
            }
            if (framedLength(p, true) >= 0) {
                offset = p;
                return;
            }
        }
        offset = size;
    }

    private void describeInterface(long length) throws IOException {
        if (length > MAX_PARSED_BLOCK_LENGTH) {
            progress.damagedRecord();
            return;
        }
        int i = file.map(offset, (int) length);
        ByteBuffer b = file.buffer();
        int linkType = b.getShort(i + 8) & 0xffff;
        long snapLength = Integer.toUnsignedLong(b.getInt(i + 12));
        int resolution = PcapngInterface.DEFAULT_RESOLUTION;
        long offsetSeconds = 0;
        int end = i + (int) length - 4;
        int o = i + 16;
        while (o + 4 <= end) {
            int code = b.getShort(o) & 0xffff;
            int valueLength = b.getShort(o + 2) & 0xffff;
            if (code == OPTION_END || o + 4 + valueLength > end) {
                break;
            }
            if (code == OPTION_TS_RESOLUTION && valueLength >= 1) {
                resolution = b.get(o + 4) & 0xff;
            } else if (code == OPTION_TS_OFFSET && valueLength >= 8) {
                offsetSeconds = b.getLong(o + 4);
            }
            o += 4 + ((valueLength + 3) & ~3);
        }
        if (interfaceCount == interfaces.length) {
            interfaces = Arrays.copyOf(interfaces, interfaceCount * 2);
        }
        interfaces[interfaceCount++] = new PcapngInterface(linkType, snapLength, resolution, offsetSeconds);
    }

    /** Enhanced Packet Block, or with {@code obsolete} the old Packet Block (16-bit interface id, drop count). */
    private void packet(FrameSink sink, long length, boolean obsolete) throws IOException {
        if (length > MAX_PARSED_BLOCK_LENGTH) {
            progress.damagedRecord();
            return;
        }
        int i = file.map(offset, (int) length);
        ByteBuffer b = file.buffer();
        long interfaceId = obsolete ? b.getShort(i + 8) & 0xffff : Integer.toUnsignedLong(b.getInt(i + 8));
        int capturedLength = b.getInt(i + 20);
        if (interfaceId >= interfaceCount || capturedLength < 0 || capturedLength > MAX_CAPTURED_LENGTH
                || capturedLength > length - 32) {
            progress.damagedRecord();
            return;
        }
        PcapngInterface in = interfaces[(int) interfaceId];
        long ticks = Integer.toUnsignedLong(b.getInt(i + 12)) << 32 | Integer.toUnsignedLong(b.getInt(i + 16));
        deliver(sink, in.linkType(), in.micros(ticks), i + 28, capturedLength, b.getInt(i + 24));
    }

    private void simplePacket(FrameSink sink, long length) throws IOException {
        if (interfaceCount == 0 || length > MAX_PARSED_BLOCK_LENGTH) {
            progress.damagedRecord();
            return;
        }
        int i = file.map(offset, (int) length);
        long wireLength = Integer.toUnsignedLong(file.buffer().getInt(i + 8));
        PcapngInterface in = interfaces[0];
        long captured = Math.min(wireLength, length - 16);
        if (in.snapLength() > 0) {
            captured = Math.min(captured, in.snapLength());
        }
        if (captured > MAX_CAPTURED_LENGTH) {
            progress.damagedRecord();
            return;
        }
        deliver(sink, in.linkType(), lastMicros, i + 12, (int) captured,
                (int) Math.min(wireLength, Integer.MAX_VALUE));
    }

    private void deliver(FrameSink sink, int linkType, long micros, int index, int capturedLength, int wireLength) {
        lastMicros = micros;
        sink.frame(linkType, micros, file.frame(index, capturedLength),
                wireLength < capturedLength ? capturedLength : wireLength);
        progress.packetDelivered();
    }
}
