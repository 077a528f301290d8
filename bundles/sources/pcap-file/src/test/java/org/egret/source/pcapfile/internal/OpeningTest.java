package org.egret.source.pcapfile.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.egret.api.packet.LinkType;
import org.egret.api.packet.PacketSource;
import org.egret.api.packet.SourceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the user sees when the file or the options are wrong: one line, naming the file as they wrote it. */
class OpeningTest {
    private final PcapFileSourceFactory factory = new PcapFileSourceFactory();

    @TempDir
    Path dir;

    private String openFails(String location, Map<String, String> options) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> factory.open(location, options));
        assertThat(thrown).isInstanceOf(SourceException.class);
        assertThat(thrown.getMessage()).doesNotContain("\n");
        return thrown.getMessage();
    }

    private String openFails(Path file) {
        return openFails(file.toString(), Map.of());
    }

    private Path file(String name, byte[] content) throws Exception {
        return Files.write(dir.resolve(name), content);
    }

    @Test
    void missingFile() {
        Path missing = dir.resolve("nope.pcap");
        assertThat(openFails(missing)).isEqualTo("capture file not found: " + missing);
    }

    @Test
    void emptyFile() throws Exception {
        Path empty = file("empty.pcap", new byte[0]);
        assertThat(openFails(empty)).isEqualTo(empty + " is empty");
    }

    @Test
    void notACapture() throws Exception {
        Path html = file("page.pcap", "<html><body>oops</body></html>".getBytes(StandardCharsets.US_ASCII));
        assertThat(openFails(html)).isEqualTo(html + " is not a pcap or pcapng capture (starts with 0x3c68746d)");
    }

    @Test
    void notACaptureAndShorterThanAMagicNumber() throws Exception {
        Path tiny = file("tiny.pcap", new byte[] {0x41, 0x42});
        assertThat(openFails(tiny)).isEqualTo(tiny + " is not a pcap or pcapng capture (starts with 0x4142)");
    }

    @Test
    void theTwoUsualMixUpsAreNamed() throws Exception {
        Path lfs = file("lfs.pcap", ("version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 1128\n")
                .getBytes(StandardCharsets.US_ASCII));
        Path gzip = file("c.pcap.gz", new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3});

        assertThat(openFails(lfs)).startsWith(lfs + " is not a pcap or pcapng capture (starts with 0x76657273; ")
                .contains("Git LFS pointer");
        assertThat(openFails(gzip)).startsWith(gzip + " is not a pcap or pcapng capture (starts with 0x1f8b0800; ")
                .contains("gzip");
    }

    @Test
    void aDirectory() {
        assertThat(openFails(dir)).isEqualTo(dir + " is a directory, not a capture file");
    }

    @Test
    void aDevice() {
        assertThat(openFails("/dev/null", Map.of()))
                .isEqualTo("/dev/null is not a regular file (a pipe or device cannot be replayed)");
    }

    @Test
    void cutOffInsideTheFileHeader() throws Exception {
        byte[] header = CaptureBytes.classicPcap(ByteOrder.BIG_ENDIAN, 0xa1b2c3d4, LinkType.ETHERNET).toArray();
        Path cut = file("cut.pcap", java.util.Arrays.copyOf(header, 10));
        byte[] section = new CaptureBytes(ByteOrder.LITTLE_ENDIAN).sectionHeader().toArray();
        Path cutNg = file("cut.pcapng", java.util.Arrays.copyOf(section, 20));

        assertThat(openFails(cut)).isEqualTo(cut + " is cut off inside its pcap file header (10 bytes)");
        assertThat(openFails(cutNg)).isEqualTo(cutNg + " is cut off inside its pcapng section header (20 bytes)");
    }

    @Test
    void aPcapngSectionHeaderWithABrokenByteOrderMagic() throws Exception {
        byte[] section = new CaptureBytes(ByteOrder.LITTLE_ENDIAN).sectionHeader().toArray();
        section[8] = 0x11;
        Path broken = file("broken.pcapng", section);

        assertThat(openFails(broken)).isEqualTo(broken
                + " starts like pcapng but its section header is damaged (byte-order magic 0x113c2b1a)");
    }

    @Test
    void badOptionValues() throws Exception {
        Path ok = file("ok.pcap",
                CaptureBytes.classicPcap(ByteOrder.LITTLE_ENDIAN, 0xa1b2c3d4, LinkType.ETHERNET).toArray());

        assertThat(openFails(ok.toString(), Map.of("rate_pps", "fast")))
                .isEqualTo("rate_pps must be 0 (as fast as possible) or a positive number of packets per second, "
                        + "not 'fast'");
        assertThat(openFails(ok.toString(), Map.of("rate_pps", "-5"))).startsWith("rate_pps must be");
        assertThat(openFails(ok.toString(), Map.of("rate_pps", "Infinity"))).startsWith("rate_pps must be");
        assertThat(openFails(ok.toString(), Map.of("loop_count", "0")))
                .isEqualTo("loop_count must be a whole number of at least 1, not '0'");
        assertThat(openFails(ok.toString(), Map.of("loop_count", "2.5"))).startsWith("loop_count must be");
        assertThat(openFails("", Map.of())).isEqualTo("pcap-file needs the path of a capture file");
    }

    @Test
    void sourceIdIsTheFileNameWithoutExtensionUnlessGiven() throws Exception {
        byte[] header = CaptureBytes.classicPcap(ByteOrder.LITTLE_ENDIAN, 0xa1b2c3d4, LinkType.ETHERNET).toArray();
        Path dotted = file("prod.eth0.pcapng", header);
        Path bare = file("capture", header);
        Map<String, String> named = new HashMap<>();
        named.put("source_id", " edge-1 ");
        named.put("unknown_option", "ignored");

        try (PacketSource s1 = factory.open(dotted.toString(), Map.of());
                PacketSource s2 = factory.open(bare.toString(), null);
                PacketSource s3 = factory.open(dotted.toString(), named)) {
            assertThat(s1.id()).isEqualTo("prod.eth0");
            assertThat(s2.id()).isEqualTo("capture");
            assertThat(s3.id()).isEqualTo("edge-1");
        }
    }

    @Test
    void progressBeforeRunShowsTheSizeAndNothingRead() throws Exception {
        byte[] bytes = CaptureBytes.classicPcap(ByteOrder.LITTLE_ENDIAN, 0xa1b2c3d4, LinkType.ETHERNET)
                .record(1, 2, Replay.frame(1, 10), 10).toArray();
        try (PacketSource s = factory.open(file("p.pcap", bytes).toString(), Map.of("loop_count", "2"))) {
            assertThat(s.progress().bytesTotal()).isEqualTo(2L * bytes.length);
            assertThat(s.progress().bytesRead()).isZero();
            assertThat(s.progress().packets()).isZero();
            assertThat(s.progress().finished()).isFalse();
        }
    }
}
