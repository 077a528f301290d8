package org.egret.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.egret.netstack.DecodedPacket;
import org.egret.netstack.ExchangeListener;
import org.egret.netstack.NetstackConfig;
import org.egret.netstack.NetstackCounters;
import org.egret.netstack.PacketDecoder;
import org.egret.netstack.TcpFlowTable;

/** A classic pcap loaded whole into memory, so a benchmark measures parsing, not I/O. */
final class CaptureFrames {
    final byte[] data;
    final int[] offsets;
    final int[] lengths;
    final long[] timestamps;
    final int linkType;
    final int count;
    final long frameBytes;

    private CaptureFrames(byte[] data, int[] offsets, int[] lengths, long[] timestamps, int linkType, int count,
            long frameBytes) {
        this.data = data;
        this.offsets = offsets;
        this.lengths = lengths;
        this.timestamps = timestamps;
        this.linkType = linkType;
        this.count = count;
        this.frameBytes = frameBytes;
    }

    /** What a worker does with every frame: decode, reassemble, parse HTTP, split SSE; exchanges go to listener. */
    void replay(ExchangeListener listener) {
        NetstackCounters counters = new NetstackCounters();
        TcpFlowTable table = new TcpFlowTable("bench", NetstackConfig.defaults(), counters, listener);
        PacketDecoder decoder = new PacketDecoder(counters);
        DecodedPacket p = new DecodedPacket();
        ByteBuffer buf = ByteBuffer.wrap(data);
        for (int i = 0; i < count; i++) {
            buf.limit(offsets[i] + lengths[i]).position(offsets[i]);
            if (decoder.decode(linkType, buf, p)) {
                table.onPacket(p, buf, timestamps[i]);
            }
        }
        table.closeAll();
    }

    static CaptureFrames load(Path file) throws IOException {
        byte[] data = Files.readAllBytes(file);
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        int magic = b.getInt(0);
        if (magic != 0xA1B2C3D4) {
            b.order(ByteOrder.BIG_ENDIAN);
            if (b.getInt(0) != 0xA1B2C3D4) {
                throw new IOException(file + " is not a microsecond classic pcap");
            }
        }
        int linkType = b.getInt(20) & 0xFFFF;
        int n = 0;
        for (int pos = 24; pos + 16 <= data.length; pos += 16 + b.getInt(pos + 8)) {
            n++;
        }
        int[] offsets = new int[n];
        int[] lengths = new int[n];
        long[] ts = new long[n];
        long bytes = 0;
        int i = 0;
        for (int pos = 24; pos + 16 <= data.length && i < n; i++) {
            int caplen = b.getInt(pos + 8);
            ts[i] = (b.getInt(pos) & 0xFFFFFFFFL) * 1_000_000L + (b.getInt(pos + 4) & 0xFFFFFFFFL);
            offsets[i] = pos + 16;
            lengths[i] = caplen;
            bytes += caplen;
            pos += 16 + caplen;
        }
        return new CaptureFrames(data, offsets, lengths, ts, linkType, n, bytes);
    }
}
