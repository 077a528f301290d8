package org.egret.source.pcapfile.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.BooleanSupplier;
import org.egret.api.packet.FrameSink;

/**
 * Classic libpcap files: microsecond and nanosecond magic, either byte order, and the 24-byte record headers of the
 * old patched ("Kuznetzov") format. A damaged record header has no block marker to resync on, so the reader looks
 * for the next position where two consecutive record headers both make sense.
 */
final class ClassicPcapReader implements CaptureReader {
    static final int FILE_HEADER_LENGTH = 24;
    private static final int MAGIC_MICROS = 0xa1b2c3d4;
    private static final int MAGIC_NANOS = 0xa1b23c4d;
    private static final int MAGIC_PATCHED = 0xa1b2cd34;
    /** Upper bits of the link-type field carry FCS information (libpcap's LT_LINKTYPE mask). */
    private static final int LINK_TYPE_MASK = 0x03ffffff;
    /** A resync candidate whose clock is further than this from the last good record is noise. */
    private static final long RESYNC_CLOCK_SLACK_SECONDS = 86_400;
    /** Wire lengths above this are not real frames (GRO/TSO super-packets stay far below). */
    private static final long MAX_WIRE_LENGTH = 16L << 20;

    private final MappedCapture file;
    private final ReplayProgress progress;
    private final BooleanSupplier stop;
    private final long size;
    private final int linkType;
    private final boolean nanosecond;
    private final int recordHeaderLength;
    private long offset = FILE_HEADER_LENGTH;
    private long lastSeconds = -1;

    ClassicPcapReader(MappedCapture file, ReplayProgress progress, BooleanSupplier stop) throws IOException {
        this.file = file;
        this.progress = progress;
        this.stop = stop;
        this.size = file.size();
        int i = file.map(0, FILE_HEADER_LENGTH);
        ByteBuffer b = file.buffer();
        int magic = b.order(ByteOrder.BIG_ENDIAN).getInt(i);
        ByteOrder order = isWrittenMagic(magic) ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        file.order(order);
        magic = b.getInt(i);
        this.nanosecond = magic == MAGIC_NANOS;
        this.recordHeaderLength = magic == MAGIC_PATCHED ? 24 : 16;
        this.linkType = b.getInt(i + 20) & LINK_TYPE_MASK;
        progress.reachedOffset(offset);
    }

    /** @param firstFourBytes the file's first four bytes read big-endian */
    static boolean isMagic(int firstFourBytes) {
        return isWrittenMagic(firstFourBytes) || isWrittenMagic(Integer.reverseBytes(firstFourBytes));
    }

    private static boolean isWrittenMagic(int value) {
        return value == MAGIC_MICROS || value == MAGIC_NANOS || value == MAGIC_PATCHED;
    }

    @Override
    public boolean next(FrameSink sink) throws IOException {
        long remaining = size - offset;
        if (remaining <= 0) {
            return false;
        }
        if (remaining < recordHeaderLength) {
            // cut off inside the last record header
            progress.damagedRecord();
            offset = size;
            progress.reachedOffset(offset);
            return false;
        }
        int i = file.map(offset, recordHeaderLength);
        int capturedLength = file.buffer().getInt(i + 8);
        if (capturedLength < 0 || capturedLength > MAX_CAPTURED_LENGTH
                || capturedLength > remaining - recordHeaderLength) {
            progress.damagedRecord();
            resync(offset + 1);
            progress.reachedOffset(offset);
            return offset < size;
        }
        i = file.map(offset, recordHeaderLength + capturedLength);
        ByteBuffer b = file.buffer();
        long seconds = Integer.toUnsignedLong(b.getInt(i));
        long fraction = Integer.toUnsignedLong(b.getInt(i + 4));
        int wireLength = b.getInt(i + 12);
        long micros = seconds * 1_000_000L + (nanosecond ? fraction / 1000 : fraction);
        lastSeconds = seconds;
        sink.frame(linkType, micros, file.frame(i + recordHeaderLength, capturedLength),
                wireLength < capturedLength ? capturedLength : wireLength);
        offset += recordHeaderLength + capturedLength;
        progress.packetDelivered();
        progress.reachedOffset(offset);
        return true;
    }

    /** Moves {@link #offset} to the next position that starts two plausible records in a row, or to the end. */
    private void resync(long from) throws IOException {
        for (long p = from; p + recordHeaderLength <= size; p++) {
            if ((p & 0xffff) == 0 && stop.getAsBoolean()) {
                break;
            }
            int length = plausibleCapturedLength(p);
            if (length < 0) {
                continue;
            }
            long following = p + recordHeaderLength + length;
            if (following == size || following + recordHeaderLength <= size
                    && plausibleCapturedLength(following) >= 0) {
                offset = p;
                return;
            }
        }
        offset = size;
    }

    /** @return the captured length of a believable record header at {@code p}, or -1 */
    private int plausibleCapturedLength(long p) throws IOException {
        int i = file.map(p, recordHeaderLength);
        ByteBuffer b = file.buffer();
        long seconds = Integer.toUnsignedLong(b.getInt(i));
        long fraction = Integer.toUnsignedLong(b.getInt(i + 4));
        long captured = Integer.toUnsignedLong(b.getInt(i + 8));
        long wire = Integer.toUnsignedLong(b.getInt(i + 12));
        boolean believable = fraction < (nanosecond ? 1_000_000_000L : 1_000_000L)
                && captured <= MAX_CAPTURED_LENGTH && captured <= wire && wire <= MAX_WIRE_LENGTH
                && p + recordHeaderLength + captured <= size
                && (lastSeconds < 0 || Math.abs(seconds - lastSeconds) <= RESYNC_CLOCK_SLACK_SECONDS);
        return believable ? (int) captured : -1;
    }
}
