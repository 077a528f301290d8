package org.egret.source.pcapfile.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.function.BooleanSupplier;
import org.egret.api.packet.SourceException;

/** The capture formats this source reads, told apart by the file's first bytes. */
enum CaptureFormat {
    PCAP {
        @Override
        CaptureReader reader(MappedCapture file, ReplayProgress progress, BooleanSupplier stop) throws IOException {
            return new ClassicPcapReader(file, progress, stop);
        }
    },
    PCAPNG {
        @Override
        CaptureReader reader(MappedCapture file, ReplayProgress progress, BooleanSupplier stop) {
            return new PcapngReader(file, progress, stop);
        }
    };

    /** How many leading bytes {@link #probe} needs to accept a file: the larger of the two file headers. */
    private static final int PROBE_LENGTH = 28;

    abstract CaptureReader reader(MappedCapture file, ReplayProgress progress, BooleanSupplier stop)
            throws IOException;

    /**
     * Decides the format from the first bytes of a non-empty file.
     *
     * @param location the file as the user named it, for messages
     * @throws SourceException when the file is neither pcap nor pcapng, or ends inside its file header
     */
    static CaptureFormat probe(FileChannel channel, String location) throws IOException, SourceException {
        ByteBuffer head = ByteBuffer.allocate(PROBE_LENGTH);
        while (head.hasRemaining() && channel.read(head, head.position()) > 0) {
            // a file may hand out its bytes in several reads
        }
        head.flip();
        if (head.remaining() >= 4) {
            if (ClassicPcapReader.isMagic(head.getInt(0))) {
                requireLength(head, ClassicPcapReader.FILE_HEADER_LENGTH, location, "pcap file header");
                return PCAP;
            }
            if (head.getInt(0) == PcapngReader.SECTION_HEADER) {
                requireLength(head, 12, location, "pcapng section header");
                if (!PcapngReader.isByteOrderMagic(head.getInt(8))) {
                    throw new SourceException(location + " starts like pcapng but its section header is damaged "
                            + "(byte-order magic 0x" + hex(head, 8, 4) + ")");
                }
                requireLength(head, PcapngReader.MIN_SECTION_HEADER_LENGTH, location, "pcapng section header");
                return PCAPNG;
            }
        }
        throw new SourceException(location + " is not a pcap or pcapng capture (starts with 0x"
                + hex(head, 0, Math.min(4, head.remaining())) + hint(head) + ")");
    }

    private static void requireLength(ByteBuffer head, int length, String location, String what)
            throws SourceException {
        if (head.remaining() < length) {
            throw new SourceException(location + " is cut off inside its " + what + " (" + head.remaining()
                    + " bytes)");
        }
    }

    private static String hex(ByteBuffer b, int from, int length) {
        byte[] bytes = new byte[length];
        b.get(from, bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** Names the two look-alikes users most often hand over by mistake. */
    private static String hint(ByteBuffer head) {
        byte[] start = new byte[head.remaining()];
        head.get(0, start);
        String text = new String(start, StandardCharsets.ISO_8859_1);
        if (text.startsWith("version https://git-lfs")) {
            return "; it is a Git LFS pointer, fetch the capture itself with git lfs pull";
        }
        if (start.length >= 2 && (start[0] & 0xff) == 0x1f && (start[1] & 0xff) == 0x8b) {
            return "; it is gzip-compressed, decompress it first";
        }
        return "";
    }
}
