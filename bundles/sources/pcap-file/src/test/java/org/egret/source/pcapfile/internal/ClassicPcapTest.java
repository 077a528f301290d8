package org.egret.source.pcapfile.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.egret.api.packet.LinkType;
import org.egret.source.pcapfile.internal.Replay.Frame;
import org.egret.source.pcapfile.internal.Replay.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ClassicPcapTest {
    private static final int MICROS = 0xa1b2c3d4;
    private static final int NANOS = 0xa1b23c4d;

    @TempDir
    Path dir;

    static Stream<Arguments> variants() {
        return Stream.of(
                Arguments.of(ByteOrder.LITTLE_ENDIAN, MICROS),
                Arguments.of(ByteOrder.BIG_ENDIAN, MICROS),
                Arguments.of(ByteOrder.LITTLE_ENDIAN, NANOS),
                Arguments.of(ByteOrder.BIG_ENDIAN, NANOS));
    }

    @ParameterizedTest(name = "{0} magic {1}")
    @MethodSource("variants")
    void deliversEveryFrameWithItsTimeBytesAndWireLength(ByteOrder order, int magic) throws Exception {
        boolean nanos = magic == NANOS;
        byte[] a = Replay.frame(1, 60);
        byte[] b = Replay.frame(2, 1514);
        byte[] snapped = Replay.frame(3, 96);
        CaptureBytes file = CaptureBytes.classicPcap(order, magic, LinkType.ETHERNET)
                .record(1_700_000_000L, nanos ? 123_456_789 : 123_456, a, a.length)
                .record(1_700_000_001L, nanos ? 999_999_999 : 999_999, b, b.length)
                // seconds past 2^31: the field is unsigned
                .record(0x9000_0000L, nanos ? 1_000 : 1, snapped, 9000);

        Result r = Replay.run(Replay.write(dir, "t.pcap", file.toArray()));

        assertThat(r.frames()).containsExactly(
                Frame.of(LinkType.ETHERNET, 1_700_000_000_123_456L, a, 60),
                Frame.of(LinkType.ETHERNET, 1_700_000_001_999_999L, b, 1514),
                Frame.of(LinkType.ETHERNET, 0x9000_0000L * 1_000_000L + 1, snapped, 9000));
        assertThat(r.progress().packets()).isEqualTo(3);
        assertThat(r.progress().damaged()).isZero();
        assertThat(r.progress().bytesRead()).isEqualTo(file.size());
        assertThat(r.progress().bytesTotal()).isEqualTo(file.size());
        assertThat(r.progress().finished()).isTrue();
    }

    @Test
    void passesTheLinkTypeThroughWithoutItsFcsBits() throws Exception {
        byte[] a = Replay.frame(4, 40);
        int linkTypeWithFcsInfo = LinkType.LINUX_SLL2 | 0x1000_0000 | 0x0400_0000;
        CaptureBytes file = CaptureBytes.classicPcap(ByteOrder.LITTLE_ENDIAN, MICROS, linkTypeWithFcsInfo)
                .record(10, 5, a, 40);

        assertThat(Replay.run(Replay.write(dir, "sll2.pcap", file.toArray())).frames())
                .containsExactly(Frame.of(LinkType.LINUX_SLL2, 10_000_005L, a, 40));
    }

    @Test
    void readsThePatchedFormatWithItsLongerRecordHeaders() throws Exception {
        byte[] a = Replay.frame(5, 50);
        byte[] b = Replay.frame(6, 70);
        // ifindex, protocol, pkt_type and padding follow the usual four fields
        CaptureBytes patched = CaptureBytes.classicPcap(ByteOrder.LITTLE_ENDIAN, 0xa1b2cd34, LinkType.RAW)
                .u32(20).u32(1).u32(a.length).u32(a.length).u32(3).u16(0x0800).u16(0).bytes(a)
                .u32(21).u32(2).u32(b.length).u32(b.length).u32(3).u16(0x0800).u16(0).bytes(b);

        assertThat(Replay.run(Replay.write(dir, "patched.pcap", patched.toArray())).frames()).containsExactly(
                Frame.of(LinkType.RAW, 20_000_001L, a, 50), Frame.of(LinkType.RAW, 21_000_002L, b, 70));
    }

    @Test
    void aFileWithOnlyItsHeaderDeliversNothingAndFinishes() throws Exception {
        CaptureBytes file = CaptureBytes.classicPcap(ByteOrder.BIG_ENDIAN, MICROS, LinkType.ETHERNET);

        Result r = Replay.run(Replay.write(dir, "header-only.pcap", file.toArray()));

        assertThat(r.frames()).isEmpty();
        assertThat(r.progress()).satisfies(p -> {
            assertThat(p.finished()).isTrue();
            assertThat(p.damaged()).isZero();
            assertThat(p.bytesRead()).isEqualTo(24);
        });
    }
}
