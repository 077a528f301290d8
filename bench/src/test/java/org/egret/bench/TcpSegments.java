package org.egret.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.egret.api.packet.PacketSource;
import org.egret.api.packet.SourceException;
import org.egret.api.packet.SourceProgress;
import org.egret.source.pcapfile.internal.PcapFileSourceFactory;

/** Reads a capture back with the real pcap-file source and decodes Ethernet/IPv4/TCP, checking both checksums. */
final class TcpSegments {

    record Segment(long micros, int linkType, int srcIp, int srcPort, int dstIp, int dstPort, long seq, long ack,
            int flags, int mssOption, byte[] payload, boolean ipChecksumOk, boolean tcpChecksumOk) {
        static final int FIN = 0x01;
        static final int SYN = 0x02;
        static final int PSH = 0x08;
        static final int ACK = 0x10;

        boolean has(int flag) {
            return (flags & flag) != 0;
        }

        boolean fromClient() {
            return dstPort == SimulationContext.SERVER_PORT;
        }
    }

    record Capture(List<Segment> segments, SourceProgress progress) {
    }

    static Capture read(Path file) throws IOException, SourceException {
        List<Segment> segments = new ArrayList<>();
        try (PacketSource source = new PcapFileSourceFactory().open(file.toString(), Map.of())) {
            source.run((linkType, micros, frame, wireLength) -> segments.add(decode(linkType, micros, frame)));
            return new Capture(segments, source.progress());
        }
    }

    private static Segment decode(int linkType, long micros, ByteBuffer frame) {
        ByteBuffer f = frame.slice();
        if (f.getShort(12) != 0x0800) {
            throw new AssertionError("not IPv4");
        }
        int ip = 14;
        int ihl = (f.get(ip) & 0x0f) * 4;
        int total = f.getShort(ip + 2) & 0xffff;
        int tcp = ip + ihl;
        int tcpLength = ((f.get(tcp + 12) & 0xff) >>> 4) * 4;
        byte[] all = new byte[f.remaining()];
        f.get(0, all);
        byte[] payload = new byte[total - ihl - tcpLength];
        f.get(tcp + tcpLength, payload);
        int srcIp = f.getInt(ip + 12);
        int dstIp = f.getInt(ip + 16);
        int pseudo = (srcIp >>> 16) + (srcIp & 0xffff) + (dstIp >>> 16) + (dstIp & 0xffff) + 6 + total - ihl;
        int mss = tcpLength > 20 && f.get(tcp + 20) == 2 ? f.getShort(tcp + 22) & 0xffff : -1;
        return new Segment(micros, linkType, srcIp, f.getShort(tcp) & 0xffff, dstIp, f.getShort(tcp + 2) & 0xffff,
                Integer.toUnsignedLong(f.getInt(tcp + 4)), Integer.toUnsignedLong(f.getInt(tcp + 8)),
                f.get(tcp + 13) & 0xff, mss, payload, sum(all, ip, ihl, 0) == 0xffff,
                sum(all, tcp, total - ihl, pseudo) == 0xffff);
    }

    private static int sum(byte[] b, int offset, int length, int initial) {
        long s = initial;
        for (int i = 0; i + 1 < length; i += 2) {
            s += ((b[offset + i] & 0xff) << 8) | (b[offset + i + 1] & 0xff);
        }
        if ((length & 1) != 0) {
            s += (b[offset + length - 1] & 0xff) << 8;
        }
        while ((s >>> 16) != 0) {
            s = (s & 0xffff) + (s >>> 16);
        }
        return (int) s;
    }

    private TcpSegments() {
    }
}
