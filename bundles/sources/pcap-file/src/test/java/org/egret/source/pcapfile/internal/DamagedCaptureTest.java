package org.egret.source.pcapfile.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.egret.api.packet.LinkType;
import org.egret.source.pcapfile.internal.Replay.Frame;
import org.egret.source.pcapfile.internal.Replay.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DamagedCaptureTest {
    private static final long T0 = 1_700_000_000L;
    private static final int CLASSIC_HEADER = 24;
    private static final int RECORD_HEADER = 16;

    @TempDir
    Path dir;

    private final byte[] a = Replay.frame(1, 80);
    private final byte[] b = Replay.frame(2, 90);
    private final byte[] c = Replay.frame(3, 100);
    private final byte[] d = Replay.frame(4, 110);

    private CaptureBytes fourClassicRecords() {
        return CaptureBytes.classicPcap(ByteOrder.LITTLE_ENDIAN, 0xa1b2c3d4, LinkType.ETHERNET)
                .record(T0, 1, a, a.length).record(T0, 2, b, b.length)
                .record(T0, 3, c, c.length).record(T0 + 1, 4, d, d.length);
    }

    private static Frame frame(long micros, byte[] bytes) {
        return Frame.of(LinkType.ETHERNET, micros, bytes, bytes.length);
    }

    @Test
    void aCaptureCutOffInsideTheLastPacketDeliversTheOthersAndCountsOneDamaged() throws Exception {
        byte[] whole = fourClassicRecords().toArray();
        byte[] cut = Arrays.copyOf(whole, whole.length - 30);

        Result r = Replay.run(Replay.write(dir, "cut.pcap", cut));

        assertThat(r.frames()).containsExactly(frame(T0 * 1_000_000 + 1, a), frame(T0 * 1_000_000 + 2, b),
                frame(T0 * 1_000_000 + 3, c));
        assertThat(r.progress().damaged()).isEqualTo(1);
        assertThat(r.progress().finished()).isTrue();
        assertThat(r.progress().bytesRead()).isEqualTo(cut.length);
    }

    @Test
    void aCaptureCutOffInsideTheLastRecordHeader() throws Exception {
        byte[] whole = fourClassicRecords().toArray();
        int lastRecordStart = whole.length - RECORD_HEADER - d.length;
        byte[] cut = Arrays.copyOf(whole, lastRecordStart + 7);

        Result r = Replay.run(Replay.write(dir, "cut-header.pcap", cut));

        assertThat(r.frames()).hasSize(3);
        assertThat(r.progress().damaged()).isEqualTo(1);
        assertThat(r.progress().bytesRead()).isEqualTo(cut.length);
    }

    @ParameterizedTest(name = "captured length {0}")
    @ValueSource(ints = {0x7fffffff, -1, 262_145, 5_000})
    void anImpossibleCapturedLengthIsSkippedAndReadingResumesAtTheNextRecord(int capturedLength) throws Exception {
        byte[] bytes = fourClassicRecords().toArray();
        int second = CLASSIC_HEADER + RECORD_HEADER + a.length;
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(second + 8, capturedLength);

        Result r = Replay.run(Replay.write(dir, "bad-caplen.pcap", bytes));

        // 5000 is believable but runs past the end of the file: also damage, not the end of the capture
        assertThat(r.frames()).containsExactly(frame(T0 * 1_000_000 + 1, a), frame(T0 * 1_000_000 + 3, c),
                frame((T0 + 1) * 1_000_000 + 4, d));
        assertThat(r.progress().damaged()).isEqualTo(1);
        assertThat(r.progress().bytesRead()).isEqualTo(bytes.length);
    }

    @Test
    void aRecordLargerThan256KiBIsDamageEvenWhenItsBytesArePresent() throws Exception {
        byte[] huge = Replay.frame(5, 256 * 1024 + 1);
        CaptureBytes file = CaptureBytes.classicPcap(ByteOrder.BIG_ENDIAN, 0xa1b2c3d4, LinkType.ETHERNET)
                .record(T0, 1, a, a.length).record(T0, 2, huge, huge.length).record(T0, 3, c, c.length);

        Result r = Replay.run(Replay.write(dir, "huge.pcap", file.toArray()));

        assertThat(r.frames()).containsExactly(frame(T0 * 1_000_000 + 1, a), frame(T0 * 1_000_000 + 3, c));
        assertThat(r.progress().damaged()).isEqualTo(1);
    }

    private CaptureBytes threePacketPcapng() {
        return new CaptureBytes(ByteOrder.LITTLE_ENDIAN).sectionHeader()
                .interfaceBlock(LinkType.ETHERNET, -1, 0)
                .enhancedPacket(0, T0 * 1_000_000 + 1, a, a.length)
                .enhancedPacket(0, T0 * 1_000_000 + 2, b, b.length)
                .enhancedPacket(0, T0 * 1_000_000 + 3, c, c.length);
    }

    private int secondPacketBlockOffset() {
        CaptureBytes upToSecond = new CaptureBytes(ByteOrder.LITTLE_ENDIAN).sectionHeader()
                .interfaceBlock(LinkType.ETHERNET, -1, 0)
                .enhancedPacket(0, T0 * 1_000_000 + 1, a, a.length);
        return upToSecond.size();
    }

    @Test
    void aPcapngCaptureCutOffInsideTheLastBlock() throws Exception {
        byte[] whole = threePacketPcapng().toArray();
        byte[] cut = Arrays.copyOf(whole, whole.length - 41);

        Result r = Replay.run(Replay.write(dir, "cut.pcapng", cut));

        assertThat(r.frames()).containsExactly(frame(T0 * 1_000_000 + 1, a), frame(T0 * 1_000_000 + 2, b));
        assertThat(r.progress().damaged()).isEqualTo(1);
        assertThat(r.progress().bytesRead()).isEqualTo(cut.length);
        assertThat(r.progress().finished()).isTrue();
    }

    @ParameterizedTest(name = "block length {0}")
    @ValueSource(ints = {0x1001, 8, 0x7ffffff0, 0, -4, 148})
    void aCorruptBlockLengthIsSkippedByResyncingToTheNextBlock(int blockLength) throws Exception {
        byte[] bytes = threePacketPcapng().toArray();
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(secondPacketBlockOffset() + 4, blockLength);

        Result r = Replay.run(Replay.write(dir, "bad-block.pcapng", bytes));

        assertThat(r.frames()).containsExactly(frame(T0 * 1_000_000 + 1, a), frame(T0 * 1_000_000 + 3, c));
        assertThat(r.progress().damaged()).isEqualTo(1);
        assertThat(r.progress().bytesRead()).isEqualTo(bytes.length);
    }

    @Test
    void garbageBetweenBlocksIsSkippedEvenWhenItIsNotAMultipleOfFourBytes() throws Exception {
        byte[] whole = threePacketPcapng().toArray();
        int at = secondPacketBlockOffset();
        byte[] garbage = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13};
        byte[] bytes = new byte[whole.length + garbage.length];
        System.arraycopy(whole, 0, bytes, 0, at);
        System.arraycopy(garbage, 0, bytes, at, garbage.length);
        System.arraycopy(whole, at, bytes, at + garbage.length, whole.length - at);

        Result r = Replay.run(Replay.write(dir, "garbage.pcapng", bytes));

        assertThat(r.frames()).hasSize(3);
        assertThat(r.progress().damaged()).isEqualTo(1);
    }

    @Test
    void packetBlocksThatContradictThemselvesAreCountedAndSkipped() throws Exception {
        CaptureBytes file = new CaptureBytes(ByteOrder.BIG_ENDIAN).sectionHeader()
                .simplePacket(a, a.length)                      // before any interface
                .interfaceBlock(LinkType.ETHERNET, -1, 0)
                .enhancedPacket(3, T0 * 1_000_000, b, b.length) // no interface 3
                .enhancedPacket(0, T0 * 1_000_000 + 9, c, c.length);
        byte[] bytes = file.toArray();
        // a captured length larger than its block
        byte[] tail = new CaptureBytes(ByteOrder.BIG_ENDIAN).enhancedPacket(0, 1, d, d.length).toArray();
        ByteBuffer.wrap(tail).putInt(20, d.length + 100);
        byte[] all = PcapngTest.concat(bytes, tail);

        Result r = Replay.run(Replay.write(dir, "contradictions.pcapng", all));

        assertThat(r.frames()).containsExactly(frame(T0 * 1_000_000 + 9, c));
        assertThat(r.progress().damaged()).isEqualTo(3);
        assertThat(r.progress().bytesRead()).isEqualTo(all.length);
    }

    @Test
    void aFewStrayBytesAfterTheLastBlock() throws Exception {
        byte[] bytes = PcapngTest.concat(threePacketPcapng().toArray(), new byte[] {0, 0, 0, 0, 0, 0});

        Result r = Replay.run(Replay.write(dir, "stray.pcapng", bytes));

        assertThat(r.frames()).hasSize(3);
        assertThat(r.progress().damaged()).isEqualTo(1);
    }

    @Test
    void randomlyDamagedCapturesAlwaysFinishWithoutThrowing() {
        byte[] classic = fourClassicRecords().toArray();
        byte[] ng = threePacketPcapng().toArray();
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            SplittableRandom random = new SplittableRandom(42);
            for (int round = 0; round < 400; round++) {
                byte[] original = round % 2 == 0 ? classic : ng;
                int headerLength = round % 2 == 0 ? CLASSIC_HEADER : 28;
                byte[] damaged = damage(original, headerLength, random);
                // a 64-byte window also exercises remapping during resync
                Result r = Replay.run(Replay.write(dir, "fuzz.bin", damaged), Map.of(), round % 4 < 2 ? 64 : 1 << 20);
                assertThat(r.progress().finished()).isTrue();
                assertThat(r.progress().bytesRead()).isEqualTo(damaged.length);
                assertThat(r.progress().packets()).isEqualTo(r.frames().size());
            }
        });
    }

    /** Flips, zeroes or cuts bytes after the file header, which stays intact so the file still opens. */
    private static byte[] damage(byte[] original, int headerLength, SplittableRandom random) {
        byte[] out = original.clone();
        int edits = 1 + random.nextInt(6);
        for (int e = 0; e < edits; e++) {
            int at = headerLength + random.nextInt(out.length - headerLength);
            switch (random.nextInt(3)) {
                case 0 -> out[at] ^= (byte) (1 << random.nextInt(8));
                case 1 -> out[at] = (byte) random.nextInt(256);
                default -> Arrays.fill(out, at, Math.min(out.length, at + random.nextInt(16)), (byte) 0xff);
            }
        }
        if (random.nextInt(3) == 0) {
            out = Arrays.copyOf(out, headerLength + 1 + random.nextInt(out.length - headerLength));
        }
        return out;
    }
}
