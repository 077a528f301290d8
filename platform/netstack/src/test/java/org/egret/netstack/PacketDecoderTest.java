package org.egret.netstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import org.egret.api.packet.LinkType;
import org.junit.jupiter.api.Test;

class PacketDecoderTest {
    private final NetstackCounters counters = new NetstackCounters();
    private final PacketDecoder decoder = new PacketDecoder(counters);
    private final DecodedPacket p = new DecodedPacket();

    private static final byte[] PAYLOAD = "GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private static byte[] segment() {
        return Frames.tcp(40000, 443, 0x01020304, 0x0A0B0C0D, Frames.PSH | Frames.ACK, PAYLOAD);
    }

    private static byte[] ipv4() {
        return Frames.ipv4("192.168.1.10", "10.1.2.3", 6, segment());
    }

    private boolean decode(int linkType, byte[] frame) {
        return decoder.decode(linkType, ByteBuffer.wrap(frame), p);
    }

    private void assertIpv4Segment(ByteBuffer frame) {
        assertThat(p.ipVersion()).isEqualTo(4);
        assertThat(p.srcIp()).isEqualTo("192.168.1.10");
        assertThat(p.dstIp()).isEqualTo("10.1.2.3");
        assertThat(p.srcPort()).isEqualTo(40000);
        assertThat(p.dstPort()).isEqualTo(443);
        assertThat(p.seq()).isEqualTo(0x01020304);
        assertThat(p.ack()).isEqualTo(0x0A0B0C0D);
        assertThat(p.isAck()).isTrue();
        assertThat(p.isSyn() || p.isFin() || p.isRst()).isFalse();
        assertThat(p.payloadLength()).isEqualTo(PAYLOAD.length);
        byte[] got = new byte[p.payloadLength()];
        frame.get(p.payloadOffset(), got);
        assertThat(got).isEqualTo(PAYLOAD);
    }

    @Test
    void ethernetIpv4() {
        byte[] f = Frames.ethernet(0x0800, ipv4());
        assertThat(decode(LinkType.ETHERNET, f)).isTrue();
        assertIpv4Segment(ByteBuffer.wrap(f));
        assertThat(counters.get(NetstackCounter.PKTS_PARSED)).isEqualTo(1);
    }

    @Test
    void vlanAndQinqTagsAreWalked() {
        for (int[] tags : new int[][] {{0x8100}, {0x88A8, 0x8100}, {0x9100, 0x8100}, {0x88A8, 0x8100, 0x8100}}) {
            byte[] f = Frames.ethernet(0x0800, ipv4(), tags);
            assertThat(decode(LinkType.ETHERNET, f)).as(Arrays.toString(tags)).isTrue();
            assertIpv4Segment(ByteBuffer.wrap(f));
        }
    }

    @Test
    void linuxCookedCaptureV1AndV2() {
        byte[] sll = Frames.sll(0x0800, ipv4());
        assertThat(decode(LinkType.LINUX_SLL, sll)).isTrue();
        assertIpv4Segment(ByteBuffer.wrap(sll));
        byte[] sll2 = Frames.sll2(0x0800, ipv4());
        assertThat(decode(LinkType.LINUX_SLL2, sll2)).isTrue();
        assertIpv4Segment(ByteBuffer.wrap(sll2));
        byte[] sll2v6 = Frames.sll2(0x86DD, Frames.ipv6("fe80::1", "fe80::2", segment()));
        assertThat(decode(LinkType.LINUX_SLL2, sll2v6)).isTrue();
        assertThat(p.srcIp()).isEqualTo("fe80::1");
    }

    @Test
    void bsdLoopbackInBothByteOrders() {
        byte[] le = Frames.nullLoopback(2, true, ipv4());
        assertThat(decode(LinkType.NULL, le)).isTrue();
        assertIpv4Segment(ByteBuffer.wrap(le));
        byte[] be = Frames.nullLoopback(2, false, ipv4());
        assertThat(decode(LinkType.LOOP, be)).isTrue();
        assertIpv4Segment(ByteBuffer.wrap(be));
        for (int family : new int[] {24, 28, 30}) {
            byte[] v6 = Frames.nullLoopback(family, true, Frames.ipv6("::1", "::1", segment()));
            assertThat(decode(LinkType.NULL, v6)).as("AF " + family).isTrue();
            assertThat(p.ipVersion()).isEqualTo(6);
            assertThat(p.srcIp()).isEqualTo("::1");
        }
        assertThat(decode(LinkType.NULL, Frames.nullLoopback(7, true, ipv4()))).isFalse();
        assertThat(counters.get(NetstackCounter.PKTS_DROPPED_NOT_IP)).isEqualTo(1);
    }

    @Test
    void rawIpLinkTypes() {
        for (int lt : new int[] {LinkType.RAW, LinkType.IPV4}) {
            byte[] f = ipv4();
            assertThat(decode(lt, f)).isTrue();
            assertIpv4Segment(ByteBuffer.wrap(f));
        }
        assertThat(decode(LinkType.IPV6, Frames.ipv6("2001:db8:0:0:1:0:0:1", "2001:db8::2", segment()))).isTrue();
        assertThat(p.srcIp()).isEqualTo("2001:db8::1:0:0:1");
    }

    @Test
    void rawIpv6WithExtensionHeadersIsWalked() {
        byte[] ext = Frames.concat(Frames.ext8(43, 0), Frames.ext8(60, 1), Frames.ext8(51, 0), Frames.authHeader(44),
                Frames.fragmentHeader(6, 0, false)); // hop-by-hop, routing, destination options, AH, atomic fragment
        byte[] f = Frames.ipv6("2001:db8::a", "2001:db8::b", 0, ext, segment());
        assertThat(decode(LinkType.RAW, f)).isTrue();
        assertThat(p.ipVersion()).isEqualTo(6);
        assertThat(p.dstIp()).isEqualTo("2001:db8::b");
        assertThat(p.payloadLength()).isEqualTo(PAYLOAD.length);
        byte[] got = new byte[PAYLOAD.length];
        ByteBuffer.wrap(f).get(p.payloadOffset(), got);
        assertThat(got).isEqualTo(PAYLOAD);
    }

    @Test
    void ipFragmentsAreCountedAndDropped() {
        byte[] v6frag = Frames.ipv6("2001:db8::a", "2001:db8::b", 0, Frames.concat(Frames.ext8(44, 0),
                Frames.fragmentHeader(6, 0, true)), segment());
        assertThat(decode(LinkType.RAW, v6frag)).isFalse();
        byte[] v6later = Frames.ipv6("2001:db8::a", "2001:db8::b", 44, Frames.fragmentHeader(6, 100, false), segment());
        assertThat(decode(LinkType.RAW, v6later)).isFalse();
        byte[] v4more = Frames.ipv4("1.2.3.4", "5.6.7.8", 6, new byte[0], 0x2000, segment());
        assertThat(decode(LinkType.RAW, v4more)).isFalse();
        byte[] v4offset = Frames.ipv4("1.2.3.4", "5.6.7.8", 6, new byte[0], 0x0010, segment());
        assertThat(decode(LinkType.RAW, v4offset)).isFalse();
        assertThat(counters.get(NetstackCounter.PKTS_IP_FRAGMENTS)).isEqualTo(4);
        byte[] dontFragment = Frames.ipv4("1.2.3.4", "5.6.7.8", 6, new byte[0], 0x4000, segment());
        assertThat(decode(LinkType.RAW, dontFragment)).isTrue();
    }

    @Test
    void ipv4OptionsPaddingAndOffloadedLength() {
        byte[] withOptions = Frames.ipv4("192.168.1.10", "10.1.2.3", 6, new byte[] {1, 1, 1, 0}, 0, segment());
        assertThat(decode(LinkType.RAW, withOptions)).isTrue();
        assertIpv4Segment(ByteBuffer.wrap(withOptions));

        byte[] padded = Frames.concat(Frames.ethernet(0x0800, ipv4()), new byte[] {0, 0, 0, 0, 0, 0});
        assertThat(decode(LinkType.ETHERNET, padded)).isTrue();
        assertThat(p.payloadLength()).isEqualTo(PAYLOAD.length);

        byte[] tso = ipv4();
        tso[2] = 0;
        tso[3] = 0;
        assertThat(decode(LinkType.RAW, tso)).isTrue();
        assertThat(p.payloadLength()).isEqualTo(PAYLOAD.length);
    }

    @Test
    void truncatedCaptureKeepsWhatWasCapturedAndCountsIt() {
        byte[] full = Frames.ethernet(0x0800, ipv4());
        byte[] cut = Arrays.copyOf(full, full.length - 6);
        assertThat(decode(LinkType.ETHERNET, cut)).isTrue();
        assertThat(p.payloadLength()).isEqualTo(PAYLOAD.length - 6);
        assertThat(p.payloadMissing()).isEqualTo(6);
        assertThat(counters.get(NetstackCounter.PKTS_TRUNCATED)).isEqualTo(1);
        byte[] headerCut = Arrays.copyOf(full, 14 + 20 + 10);
        assertThat(decode(LinkType.ETHERNET, headerCut)).isFalse();
        assertThat(counters.get(NetstackCounter.PKTS_DROPPED_MALFORMED)).isEqualTo(1);
    }

    @Test
    void nonIpAndNonTcpAreCounted() {
        assertThat(decode(LinkType.ETHERNET, Frames.ethernet(0x0806, new byte[28]))).isFalse(); // ARP
        assertThat(decode(LinkType.ETHERNET, Frames.ethernet(0xFFFF, new byte[0]))).isFalse(); // heartbeat
        assertThat(decode(147, new byte[40])).isFalse(); // a link type not understood
        assertThat(counters.get(NetstackCounter.PKTS_DROPPED_NOT_IP)).isEqualTo(3);
        assertThat(decode(LinkType.RAW, Frames.ipv4("1.1.1.1", "2.2.2.2", 17, new byte[12]))).isFalse(); // UDP
        assertThat(decode(LinkType.RAW, Frames.ipv6("::1", "::2", 59, new byte[0], new byte[0]))).isFalse();
        assertThat(decode(LinkType.RAW, Frames.ipv6("::1", "::2", 50, new byte[0], new byte[16]))).isFalse(); // ESP
        assertThat(counters.get(NetstackCounter.PKTS_DROPPED_NOT_TCP)).isEqualTo(3);
    }

    @Test
    void mplsLabelStackIsWalked() {
        byte[] labels = {0, 0x10, 0x00, 64, 0, 0x20, 0x01, 64}; // two labels, bottom of stack on the second
        byte[] f = Frames.ethernet(0x8847, Frames.concat(labels, ipv4()));
        assertThat(decode(LinkType.ETHERNET, f)).isTrue();
        assertIpv4Segment(ByteBuffer.wrap(f));
    }

    @Test
    void decodingReadsFromThePositionWithoutMovingIt() {
        byte[] inner = Frames.ethernet(0x0800, ipv4());
        byte[] big = Frames.concat(new byte[7], inner, new byte[5]);
        ByteBuffer buf = ByteBuffer.wrap(big).position(7).limit(7 + inner.length);
        assertThat(decoder.decode(LinkType.ETHERNET, buf, p)).isTrue();
        assertThat(buf.position()).isEqualTo(7);
        assertIpv4Segment(buf);
        ByteBuffer direct = ByteBuffer.allocateDirect(inner.length).put(inner).flip();
        assertThat(decoder.decode(LinkType.ETHERNET, direct, p)).isTrue();
        assertIpv4Segment(direct);
    }

    @Test
    void flowHashIsTheSameInBothDirections() {
        assertThat(decode(LinkType.RAW, Frames.ipv4("1.2.3.4", "5.6.7.8", 6, Frames.tcp(1111, 80, 1, 1, Frames.ACK, new byte[0])))).isTrue();
        int forward = p.flowHash();
        assertThat(decode(LinkType.RAW, Frames.ipv4("5.6.7.8", "1.2.3.4", 6, Frames.tcp(80, 1111, 1, 1, Frames.ACK, new byte[0])))).isTrue();
        assertThat(p.flowHash()).isEqualTo(forward);
        assertThat(decode(LinkType.RAW, Frames.ipv4("1.2.3.4", "5.6.7.8", 6, Frames.tcp(1112, 80, 1, 1, Frames.ACK, new byte[0])))).isTrue();
        assertThat(p.flowHash()).isNotEqualTo(forward);
    }

    @Test
    void randomGarbageNeverThrows() {
        Random random = new Random(42);
        int[] linkTypes = {LinkType.NULL, LinkType.ETHERNET, LinkType.RAW, LinkType.LOOP, LinkType.LINUX_SLL,
                LinkType.IPV4, LinkType.IPV6, LinkType.LINUX_SLL2, 9999};
        byte[][] seeds = {Frames.ethernet(0x0800, ipv4()), Frames.ethernet(0x86DD, Frames.ipv6("::1", "::2", 0,
                Frames.concat(Frames.ext8(60, 0), Frames.authHeader(6)), segment())), Frames.sll2(0x0800, ipv4())};
        NetstackCounters tableCounters = new NetstackCounters();
        TcpFlowTable table = new TcpFlowTable("fuzz", new NetstackConfig(4096, 8, 1_000_000, 100), tableCounters, e -> { });
        for (int i = 0; i < 200_000; i++) {
            byte[] frame;
            if (i % 2 == 0) {
                frame = new byte[random.nextInt(120)];
                random.nextBytes(frame);
            } else {
                // a valid frame with a few bytes flipped: reaches deeper layers than pure noise
                byte[] seed = seeds[random.nextInt(seeds.length)];
                frame = Arrays.copyOf(seed, random.nextInt(seed.length + 8));
                for (int k = random.nextInt(4); k >= 0; k--) {
                    if (frame.length > 0) {
                        frame[random.nextInt(frame.length)] = (byte) random.nextInt(256);
                    }
                }
            }
            int linkType = i % 2 == 0 ? linkTypes[random.nextInt(linkTypes.length)] : LinkType.ETHERNET;
            ByteBuffer buf = ByteBuffer.wrap(frame);
            if (linkType == LinkType.LINUX_SLL2 && i % 2 == 1) {
                linkType = LinkType.ETHERNET;
            }
            if (decoder.decode(linkType, buf, p)) {
                table.onPacket(p, buf, i);
            }
            if (i % 10_000 == 0) {
                table.advanceTime(i);
            }
        }
        table.closeAll();
        long accounted = 0;
        for (NetstackCounter c : new NetstackCounter[] {NetstackCounter.PKTS_PARSED, NetstackCounter.PKTS_DROPPED_NOT_IP,
                NetstackCounter.PKTS_DROPPED_NOT_TCP, NetstackCounter.PKTS_DROPPED_MALFORMED, NetstackCounter.PKTS_IP_FRAGMENTS}) {
            accounted += counters.get(c);
        }
        assertThat(accounted).isEqualTo(200_000);
        assertThat(counters.get(NetstackCounter.PKTS_PARSED)).isPositive();
        assertThat(tableCounters.get(NetstackCounter.INTERNAL_ERRORS)).isZero();
        assertThat(table.activeFlows()).isZero();
    }

    @Test
    void ipv6TextIsCanonical() {
        String[][] cases = {{"2001:db8:0:0:0:0:2:1", "2001:db8::2:1"}, {"2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"},
                {"2001:0:0:1:0:0:0:1", "2001:0:0:1::1"}, {"2001:db8::", "2001:db8::"}, {"::", "::"},
                {"fe80:0:0:0:abcd:0:0:0", "fe80::abcd:0:0:0"}};
        for (String[] c : cases) {
            assertThat(decode(LinkType.RAW, Frames.ipv6(c[0], "::1", segment()))).isTrue();
            assertThat(p.srcIp()).as(c[0]).isEqualTo(c[1]);
        }
    }
}
