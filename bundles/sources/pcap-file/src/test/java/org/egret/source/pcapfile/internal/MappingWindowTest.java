package org.egret.source.pcapfile.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.egret.api.packet.LinkType;
import org.egret.api.packet.PacketSource;
import org.egret.source.pcapfile.internal.Replay.Frame;
import org.egret.source.pcapfile.internal.Replay.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Small mapping windows, so records straddle window boundaries as they do every 256 MiB in a real file. */
class MappingWindowTest {
    private static final long T0 = 1_700_000_000L;

    @TempDir
    Path dir;

    private final List<Frame> expected = new ArrayList<>();
    private final CaptureBytes classic = CaptureBytes.classicPcap(ByteOrder.BIG_ENDIAN, 0xa1b23c4d,
            LinkType.ETHERNET);
    private final CaptureBytes pcapng = new CaptureBytes(ByteOrder.LITTLE_ENDIAN).sectionHeader()
            .interfaceBlock(LinkType.ETHERNET, -1, 0).interfaceBlock(LinkType.RAW, 9, 0);

    MappingWindowTest() {
        SplittableRandom random = new SplittableRandom(7);
        for (int n = 0; n < 60; n++) {
            byte[] data = Replay.frame(n, 1 + random.nextInt(1514));
            long micros = T0 * 1_000_000 + n * 1_000L + random.nextInt(1000);
            int linkType = n % 3 == 0 ? LinkType.RAW : LinkType.ETHERNET;
            expected.add(Frame.of(linkType, micros, data, data.length + n));
            // a classic file has one link type; there the frames differ only in that
            classic.record(micros / 1_000_000, micros % 1_000_000 * 1000, data, data.length + n);
            if (linkType == LinkType.ETHERNET) {
                pcapng.enhancedPacket(0, micros, data, data.length + n);
            } else {
                pcapng.enhancedPacket(1, micros * 1000, data, data.length + n);
            }
        }
    }

    @ParameterizedTest(name = "window of {0} bytes")
    @ValueSource(ints = {1, 7, 64, 100, 1000, 1600, 4096, 1 << 20})
    void everyFrameArrivesWholeWhateverTheWindow(int window) throws Exception {
        Result ng = Replay.run(Replay.write(dir, "w.pcapng", pcapng.toArray()), Map.of(), window);
        Result pcap = Replay.run(Replay.write(dir, "w.pcap", classic.toArray()), Map.of(), window);

        assertThat(ng.frames()).containsExactlyElementsOf(expected);
        assertThat(pcap.frames()).extracting(Frame::hex, Frame::micros, Frame::wireLength).containsExactlyElementsOf(
                expected.stream().map(f -> tuple(f.hex(), f.micros(), f.wireLength()))
                        .toList());
        assertThat(ng.progress().damaged() + pcap.progress().damaged()).isZero();
        assertThat(ng.progress().bytesRead()).isEqualTo(pcapng.size());
    }

    @Test
    void theSinkGetsOneReusedReadOnlyViewAndMayMoveItFreely() throws Exception {
        Set<ByteBuffer> views = Collections.newSetFromMap(new IdentityHashMap<>());
        List<String> seen = new ArrayList<>();
        try (PacketSource source = new PcapFileSourceFactory().open(
                Replay.write(dir, "v.pcapng", pcapng.toArray()).toString(), Map.of())) {
            source.run((linkType, micros, frame, wireLength) -> {
                views.add(frame);
                assertThat(frame.isReadOnly()).isTrue();
                assertThat(frame.order()).isEqualTo(ByteOrder.BIG_ENDIAN);
                byte[] copy = new byte[frame.remaining()];
                frame.get(copy); // moves the position to the limit
                seen.add(java.util.HexFormat.of().formatHex(copy));
                frame.order(ByteOrder.LITTLE_ENDIAN).limit(0);
            });
        }

        assertThat(views).hasSize(1);
        assertThat(seen).containsExactlyElementsOf(expected.stream().map(Frame::hex).toList());
    }
}
