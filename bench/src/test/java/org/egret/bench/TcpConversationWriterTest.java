package org.egret.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.util.List;
import org.egret.bench.TcpSegments.Segment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TcpConversationWriterTest {
    private static final int CLIENT = 0x0a000002;
    private static final int SERVER = 0x0a000001;
    private static final long C_ISN = 0xfffff000L; // wraps past 2^32 during the exchange
    private static final long S_ISN = 5000;

    @TempDir
    Path dir;

    @Test
    void handshakeDataInMssSegmentsWithAcksAndTeardown() throws Exception {
        Path file = dir.resolve("conv.pcap");
        byte[] request = new byte[3000];
        byte[] response = new byte[100];
        for (int i = 0; i < request.length; i++) {
            request[i] = (byte) i;
        }
        try (PcapWriter out = new PcapWriter(file)) {
            TcpConversationWriter c = new TcpConversationWriter(out, CLIENT, 40000, SERVER, 8000, (int) C_ISN,
                    (int) S_ISN);
            long t = c.open(1_000_000);
            t = c.clientSends(t + 100, request, 0, request.length);
            t = c.serverSends(t + 100, response, 0, response.length);
            c.close(t + 100);
        }

        List<Segment> s = TcpSegments.read(file).segments();

        long c1 = C_ISN + 1;
        long s1 = S_ISN + 1;
        int fa = Segment.FIN | Segment.ACK;
        int pa = Segment.PSH | Segment.ACK;
        assertThat(s).extracting(Segment::fromClient, Segment::flags, Segment::seq, Segment::ack,
                x -> x.payload().length).containsExactly(
                tuple(true, Segment.SYN, C_ISN, 0L, 0),
                tuple(false, Segment.SYN | Segment.ACK, S_ISN, c1, 0),
                tuple(true, Segment.ACK, c1, s1, 0),
                tuple(true, Segment.ACK, c1, s1, 1448),
                tuple(true, Segment.ACK, c1 + 1448, s1, 1448),
                tuple(false, Segment.ACK, s1, wrap(c1 + 2896), 0),
                tuple(true, pa, wrap(c1 + 2896), s1, 104),
                tuple(false, Segment.ACK, s1, wrap(c1 + 3000), 0),
                tuple(false, pa, s1, wrap(c1 + 3000), 100),
                tuple(true, Segment.ACK, wrap(c1 + 3000), s1 + 100, 0),
                tuple(true, fa, wrap(c1 + 3000), s1 + 100, 0),
                tuple(false, fa, s1 + 100, wrap(c1 + 3001), 0),
                tuple(true, Segment.ACK, wrap(c1 + 3001), s1 + 101, 0));
        assertThat(s).allSatisfy(x -> {
            assertThat(x.ipChecksumOk()).as("IPv4 header checksum").isTrue();
            assertThat(x.tcpChecksumOk()).as("TCP checksum").isTrue();
        });
        assertThat(s.get(0).mssOption()).isEqualTo(TcpConversationWriter.MSS);
        assertThat(s.get(1).mssOption()).isEqualTo(TcpConversationWriter.MSS);
        assertThat(s).extracting(Segment::micros).isSorted();
        byte[] reassembled = new byte[3000];
        System.arraycopy(s.get(3).payload(), 0, reassembled, 0, 1448);
        System.arraycopy(s.get(4).payload(), 0, reassembled, 1448, 1448);
        System.arraycopy(s.get(6).payload(), 0, reassembled, 2896, 104);
        assertThat(reassembled).isEqualTo(request);
    }

    private static long wrap(long seq) {
        return seq & 0xffffffffL;
    }
}
