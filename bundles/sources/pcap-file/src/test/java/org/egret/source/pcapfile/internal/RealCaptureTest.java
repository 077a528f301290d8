package org.egret.source.pcapfile.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.egret.source.pcapfile.internal.Replay.Frame;
import org.egret.source.pcapfile.internal.Replay.Result;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The tcpdump fixtures in testdata/pcaps, checked against a plain walk of their record headers; and, when Wireshark's
 * editcap is installed, the same captures rewritten as pcapng by a writer that is not ours.
 */
class RealCaptureTest {

    @TempDir
    Path dir;

    static Stream<Path> captures() throws IOException {
        Path here = Path.of("").toAbsolutePath();
        while (here != null && !Files.isDirectory(here.resolve("testdata/pcaps"))) {
            here = here.getParent();
        }
        assertThat(here).as("testdata/pcaps above the working directory").isNotNull();
        try (Stream<Path> files = Files.list(here.resolve("testdata/pcaps"))) {
            List<Path> pcaps = files.filter(p -> p.toString().endsWith(".pcap")).sorted().toList();
            assertThat(pcaps).as("captures in testdata/pcaps").isNotEmpty();
            return pcaps.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("captures")
    void everyRecordOfATcpdumpCaptureIsDelivered(Path capture) throws Exception {
        byte[] bytes = Files.readAllBytes(capture);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(0) != 0xa1b2c3d4 && b.getInt(0) != 0xa1b23c4d) {
            b.order(ByteOrder.BIG_ENDIAN);
        }
        boolean nanos = b.getInt(0) == 0xa1b23c4d;
        int linkType = b.getInt(20);
        int records = 0;
        long lastMicros = Long.MIN_VALUE;
        int at = 24;
        Result r = Replay.run(capture);
        for (Frame f : r.frames()) {
            long micros = b.getInt(at) * 1_000_000L + (nanos ? b.getInt(at + 4) / 1000 : b.getInt(at + 4));
            int captured = b.getInt(at + 8);
            assertThat(f.micros()).isEqualTo(micros).isGreaterThanOrEqualTo(lastMicros);
            assertThat(f.linkType()).isEqualTo(linkType);
            assertThat(f.hex().length()).isEqualTo(2 * captured);
            assertThat(f.wireLength()).isEqualTo(b.getInt(at + 12));
            lastMicros = micros;
            at += 16 + captured;
            records++;
        }
        assertThat(at).as("the records cover the file").isEqualTo(bytes.length);
        assertThat(r.progress().packets()).isEqualTo(records).isPositive();
        assertThat(r.progress().damaged()).isZero();
        assertThat(r.progress().bytesRead()).isEqualTo(bytes.length);
        assertThat(Replay.run(capture, Map.of(), 4096).frames()).isEqualTo(r.frames());
    }

    @ParameterizedTest
    @MethodSource("captures")
    void theSameCaptureWrittenAsPcapngByEditcapReadsTheSame(Path capture) throws Exception {
        Path pcapng = dir.resolve("converted.pcapng");
        // editcap (Wireshark) is installed by run-tests: a pcapng written by another tool, not by our own test writer
        assertThat(convertWithEditcap(capture, pcapng)).as("editcap converted %s", capture).isTrue();

        assertThat(Replay.run(pcapng).frames()).isEqualTo(Replay.run(capture).frames());
    }

    private static boolean convertWithEditcap(Path from, Path to) throws InterruptedException {
        try {
            Process p = new ProcessBuilder("editcap", "-F", "pcapng", from.toString(), to.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 && Files.size(to) > 0;
        } catch (IOException e) {
            return false;
        }
    }
}
