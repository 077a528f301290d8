package org.egret.source.pcapfile.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.egret.api.packet.LinkType;
import org.egret.api.packet.PacketSource;
import org.egret.source.pcapfile.internal.Replay.Frame;
import org.egret.source.pcapfile.internal.Replay.RecordingSink;
import org.egret.source.pcapfile.internal.Replay.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** loop_count, rate_pps, progress and close: how a replay runs rather than what it reads. */
class ReplayControlTest {
    private static final long T0 = 1_700_000_000L;

    @TempDir
    Path dir;

    private Path capture(int frames) throws Exception {
        CaptureBytes file = CaptureBytes.classicPcap(ByteOrder.LITTLE_ENDIAN, 0xa1b2c3d4, LinkType.ETHERNET);
        for (int n = 0; n < frames; n++) {
            file.record(T0 + n, 0, Replay.frame(n, 60), 60);
        }
        return Replay.write(dir, "c" + frames + ".pcap", file.toArray());
    }

    private PacketSource open(Path file, Map<String, String> options) throws Exception {
        return new PcapFileSourceFactory().open(file.toString(), options);
    }

    @Test
    void loopingReplaysTheFileAgainLaterInTime() throws Exception {
        Path file = capture(3);
        long size = java.nio.file.Files.size(file);

        Result r = Replay.run(file, Map.of("loop_count", "3"), 1 << 20);

        // each pass starts after the previous one: the 2 s span of the capture plus 300 s
        long pass = (2 + 300) * 1_000_000L;
        assertThat(r.frames()).extracting(Frame::micros).containsExactly(
                T0 * 1_000_000, (T0 + 1) * 1_000_000, (T0 + 2) * 1_000_000,
                T0 * 1_000_000 + pass, (T0 + 1) * 1_000_000 + pass, (T0 + 2) * 1_000_000 + pass,
                T0 * 1_000_000 + 2 * pass, (T0 + 1) * 1_000_000 + 2 * pass, (T0 + 2) * 1_000_000 + 2 * pass);
        assertThat(r.frames().subList(6, 9)).extracting(Frame::hex)
                .containsExactlyElementsOf(r.frames().subList(0, 3).stream().map(Frame::hex).toList());
        assertThat(r.progress().packets()).isEqualTo(9);
        assertThat(r.progress().bytesTotal()).isEqualTo(3 * size);
        assertThat(r.progress().bytesRead()).isEqualTo(3 * size);
    }

    @Test
    void aRateSpacesTheFramesOut() throws Exception {
        Path file = capture(21);
        List<Long> arrivals = new ArrayList<>();

        try (PacketSource source = open(file, Map.of("rate_pps", "200"))) {
            source.run((linkType, micros, frame, wireLength) -> arrivals.add(System.nanoTime()));
        }

        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(arrivals.get(20) - arrivals.get(0));
        assertThat(arrivals).hasSize(21);
        assertThat(elapsedMillis).isBetween(95L, 3_000L); // 20 intervals of 5 ms
    }

    @Test
    void closeFromAnotherThreadStopsAPacedReplayPromptly() throws Exception {
        Path file = capture(100);
        PacketSource source = open(file, Map.of("rate_pps", "1"));
        CountDownLatch firstFrame = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        RecordingSink sink = new RecordingSink() {
            @Override
            public void frame(int linkType, long micros, java.nio.ByteBuffer frame, int wireLength) {
                super.frame(linkType, micros, frame, wireLength);
                firstFrame.countDown();
            }
        };
        Thread runner = new Thread(() -> {
            try {
                source.run(sink);
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        runner.start();
        assertThat(firstFrame.await(5, TimeUnit.SECONDS)).isTrue();

        long closedAt = System.nanoTime();
        source.close();
        runner.join(5_000);

        assertThat(runner.isAlive()).isFalse();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closedAt)).isLessThan(1_000);
        assertThat(failure.get()).isNull();
        assertThat(sink.frames.size()).isLessThan(5);
        assertThat(source.progress().finished()).isTrue();
        source.close(); // twice is fine
    }

    @Test
    void closeStopsAReplayThatRunsAsFastAsItCan() throws Exception {
        Path file = capture(1000);
        try (PacketSource source = open(file, Map.of("loop_count", "1000000"))) {
            RecordingSink sink = new RecordingSink() {
                @Override
                public void frame(int linkType, long micros, java.nio.ByteBuffer frame, int wireLength) {
                    if (frames.size() < 10) {
                        super.frame(linkType, micros, frame, wireLength);
                    } else {
                        try {
                            source.close(); // the pipeline closes from elsewhere; from here is the same flag
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }
                }
            };
            source.run(sink);
            assertThat(source.progress().packets()).isLessThan(1000);
            assertThat(source.progress().finished()).isTrue();
        }
    }

    @Test
    void closedBeforeRunDeliversNothing() throws Exception {
        PacketSource source = open(capture(5), Map.of());
        source.close();
        RecordingSink sink = new RecordingSink();

        source.run(sink);

        assertThat(sink.frames).isEmpty();
        assertThat(source.progress().finished()).isTrue();
    }

    @Test
    void aSourceRunsOnce() throws Exception {
        try (PacketSource source = open(capture(2), Map.of())) {
            source.run(new RecordingSink());
            assertThatThrownBy(() -> source.run(new RecordingSink())).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void progressCountsAsFramesArrive() throws Exception {
        Path file = capture(4);
        List<Long> packetsSeenBySink = new ArrayList<>();
        List<Long> bytesSeenBySink = new ArrayList<>();
        try (PacketSource source = open(file, Map.of())) {
            source.run((linkType, micros, frame, wireLength) -> {
                packetsSeenBySink.add(source.progress().packets());
                bytesSeenBySink.add(source.progress().bytesRead());
            });
            assertThat(source.progress().packets()).isEqualTo(4);
        }
        assertThat(packetsSeenBySink).containsExactly(0L, 1L, 2L, 3L);
        // the frame in hand is not counted as read until the sink returns
        assertThat(bytesSeenBySink).containsExactly(24L, 24L + 76, 24L + 2 * 76, 24L + 3 * 76);
    }
}
