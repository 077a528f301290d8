package org.egret.source.pcapfile.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Map;
import org.egret.api.packet.LinkType;
import org.egret.source.pcapfile.internal.Replay.Frame;
import org.egret.source.pcapfile.internal.Replay.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PcapngTest {
    private static final long T0 = 1_700_000_000L;

    @TempDir
    Path dir;

    enum Order {
        LITTLE(ByteOrder.LITTLE_ENDIAN), BIG(ByteOrder.BIG_ENDIAN);

        final ByteOrder order;

        Order(ByteOrder order) {
            this.order = order;
        }
    }

    @ParameterizedTest
    @EnumSource(Order.class)
    void twoInterfacesWithTheirOwnLinkTypeAndResolution(Order o) throws Exception {
        byte[] a = Replay.frame(1, 74);
        byte[] b = Replay.frame(2, 41);
        byte[] c = Replay.frame(3, 1500);
        byte[] d = Replay.frame(4, 3);
        CaptureBytes file = new CaptureBytes(o.order).sectionHeader()
                .interfaceBlock(LinkType.ETHERNET, -1, 0)     // default: microseconds
                .interfaceBlock(LinkType.RAW, 9, 0)           // 10^-9: nanoseconds
                .enhancedPacket(0, T0 * 1_000_000L + 250_001, a, 74)
                .enhancedPacket(1, T0 * 1_000_000_000L + 250_002_999, b, 41)
                .enhancedPacket(0, T0 * 1_000_000L + 250_003, c, 4000)
                .enhancedPacket(1, (T0 + 1) * 1_000_000_000L + 7_000, d, 3);

        Result r = Replay.run(Replay.write(dir, "two-ifaces.pcapng", file.toArray()));

        assertThat(r.frames()).containsExactly(
                Frame.of(LinkType.ETHERNET, T0 * 1_000_000L + 250_001, a, 74),
                Frame.of(LinkType.RAW, T0 * 1_000_000L + 250_002, b, 41),
                Frame.of(LinkType.ETHERNET, T0 * 1_000_000L + 250_003, c, 4000),
                Frame.of(LinkType.RAW, (T0 + 1) * 1_000_000L + 7, d, 3));
        assertThat(r.progress().damaged()).isZero();
        assertThat(r.progress().bytesRead()).isEqualTo(file.size());
    }

    @Test
    void resolutionsInPowersOfTwoAndOfTenAndTheTimestampOffset() throws Exception {
        byte[] a = Replay.frame(5, 20);
        CaptureBytes file = new CaptureBytes(ByteOrder.LITTLE_ENDIAN).sectionHeader()
                .interfaceBlock(LinkType.LINUX_SLL, 0x80 | 20, 0) // 2^-20 s
                .interfaceBlock(LinkType.LINUX_SLL2, 3, 0)       // milliseconds
                .interfaceBlock(LinkType.NULL, 0x80 | 48, 0)     // 2^-48 s, finer than a long can scale exactly
                .interfaceBlock(LinkType.LOOP, 6, 3600)          // microseconds, one hour later
                .enhancedPacket(0, (T0 << 20) | (1 << 19), a, 20) // T0 + 0.5 s
                .enhancedPacket(1, T0 * 1000 + 42, a, 20)
                .enhancedPacket(2, (1000L << 48) | (1L << 46), a, 20) // 1000.25 s: 16 bits of seconds at 2^-48
                .enhancedPacket(3, T0 * 1_000_000L + 9, a, 20);

        Result r = Replay.run(Replay.write(dir, "resolutions.pcapng", file.toArray()));

        assertThat(r.frames()).extracting(Frame::linkType, Frame::micros).containsExactly(
                tuple(LinkType.LINUX_SLL, T0 * 1_000_000L + 500_000),
                tuple(LinkType.LINUX_SLL2, T0 * 1_000_000L + 42_000),
                tuple(LinkType.NULL, 1_000_250_000L),
                tuple(LinkType.LOOP, (T0 + 3600) * 1_000_000L + 9));
    }

    @Test
    void simpleAndObsoletePacketBlocksAndUnknownBlocksSkipped() throws Exception {
        byte[] a = Replay.frame(6, 100);
        byte[] b = Replay.frame(7, 61);
        byte[] c = Replay.frame(8, 33);
        CaptureBytes file = new CaptureBytes(ByteOrder.BIG_ENDIAN).sectionHeader()
                .block(0x0bad, new CaptureBytes(ByteOrder.BIG_ENDIAN).u32(32473).bytes("vendor".getBytes()).pad4())
                .interfaceBlock(LinkType.ETHERNET, 6, 0)
                .block(4, new CaptureBytes(ByteOrder.BIG_ENDIAN).u16(0).u16(0)) // name resolution, empty
                .obsoletePacket(0, T0 * 1_000_000L + 11, a, 100)
                .simplePacket(b, 61)                                        // no timestamp: the previous one
                .block(5, new CaptureBytes(ByteOrder.BIG_ENDIAN).u32(0).u32(0).u32(0)) // interface statistics
                .block(0x4242_4242, new CaptureBytes(ByteOrder.BIG_ENDIAN).u64(7))    // a type from the future
                .enhancedPacket(0, T0 * 1_000_000L + 12, c, 33);

        Result r = Replay.run(Replay.write(dir, "blocks.pcapng", file.toArray()));

        assertThat(r.frames()).containsExactly(
                Frame.of(LinkType.ETHERNET, T0 * 1_000_000L + 11, a, 100),
                Frame.of(LinkType.ETHERNET, T0 * 1_000_000L + 11, b, 61),
                Frame.of(LinkType.ETHERNET, T0 * 1_000_000L + 12, c, 33));
        assertThat(r.progress().damaged()).isZero();
    }

    @Test
    void aSimplePacketBlockIsCutToItsBlockWhenTheWireLengthIsLarger() throws Exception {
        byte[] snapped = Replay.frame(9, 64);
        CaptureBytes file = new CaptureBytes(ByteOrder.LITTLE_ENDIAN).sectionHeader()
                .interfaceBlock(LinkType.ETHERNET, -1, 0)
                .simplePacket(snapped, 1514);

        assertThat(Replay.run(Replay.write(dir, "spb.pcapng", file.toArray())).frames())
                .containsExactly(Frame.of(LinkType.ETHERNET, 0, snapped, 1514));
    }

    @Test
    void everySectionHasItsOwnByteOrderAndInterfaces() throws Exception {
        byte[] a = Replay.frame(10, 30);
        byte[] b = Replay.frame(11, 31);
        CaptureBytes little = new CaptureBytes(ByteOrder.LITTLE_ENDIAN).sectionHeader()
                .interfaceBlock(LinkType.ETHERNET, -1, 0)
                .interfaceBlock(LinkType.RAW, -1, 0)
                .enhancedPacket(1, 5_000_000L, a, 30);
        CaptureBytes big = new CaptureBytes(ByteOrder.BIG_ENDIAN).sectionHeader()
                .interfaceBlock(LinkType.LINUX_SLL2, 9, 0)
                .enhancedPacket(0, 6_000_000_000L, b, 31)
                .enhancedPacket(1, 7_000_000_000L, b, 31); // interface 1 belonged to the first section only
        byte[] both = concat(little.toArray(), big.toArray());

        Result r = Replay.run(Replay.write(dir, "sections.pcapng", both));

        assertThat(r.frames()).containsExactly(
                Frame.of(LinkType.RAW, 5_000_000L, a, 30),
                Frame.of(LinkType.LINUX_SLL2, 6_000_000L, b, 31));
        assertThat(r.progress().damaged()).isEqualTo(1);
        assertThat(r.progress().bytesRead()).isEqualTo(both.length);
    }

    @Test
    void aBlockTooLargeForOneMappingIsSteppedOver() throws Exception {
        byte[] a = Replay.frame(12, 64);
        byte[] b = Replay.frame(13, 65);
        CaptureBytes file = new CaptureBytes(ByteOrder.LITTLE_ENDIAN).sectionHeader()
                .interfaceBlock(LinkType.ETHERNET, -1, 0)
                .enhancedPacket(0, 1, a, 64)
                .block(0x0bad, new CaptureBytes(ByteOrder.LITTLE_ENDIAN).u32(1).bytes(new byte[17 << 20]))
                .enhancedPacket(0, 2, b, 65)
                // a packet block this large is damage, but its framing holds, so reading goes on after it
                .block(6, new CaptureBytes(ByteOrder.LITTLE_ENDIAN).u32(0).u64(3).u32(17 << 20).u32(17 << 20)
                        .bytes(new byte[17 << 20]))
                .enhancedPacket(0, 4, a, 64);

        for (int window : new int[] {4096, PcapFileSourceFactory.DEFAULT_WINDOW_SIZE}) {
            Result r = Replay.run(Replay.write(dir, "big-block.pcapng", file.toArray()), Map.of(), window);
            assertThat(r.frames()).containsExactly(Frame.of(LinkType.ETHERNET, 1, a, 64),
                    Frame.of(LinkType.ETHERNET, 2, b, 65), Frame.of(LinkType.ETHERNET, 4, a, 64));
            assertThat(r.progress().damaged()).isEqualTo(1);
        }
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
