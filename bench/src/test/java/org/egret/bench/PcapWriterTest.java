package org.egret.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcapWriterTest {
    @TempDir
    Path dir;

    @Test
    void writesALittleEndianMicrosecondEthernetPcapWhoseClockNeverGoesBack() throws Exception {
        Path file = dir.resolve("w.pcap");
        byte[] head = {1, 2, 3};
        byte[] body = {9, 8, 7, 6, 5};
        try (PcapWriter w = new PcapWriter(file)) {
            assertThat(w.write(1_700_000_000_250_000L, head, 2, body, 1, 3)).isEqualTo(1_700_000_000_250_000L);
            assertThat(w.write(1_700_000_000_100_000L, head, 3, body, 0, 0)).isEqualTo(1_700_000_000_250_000L);
            assertThat(w.packets()).isEqualTo(2);
            assertThat(w.bytes()).isEqualTo(24 + 16 + 5 + 16 + 3);
        }

        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.capacity()).isEqualTo(24 + 16 + 5 + 16 + 3);
        assertThat(b.getInt(0)).isEqualTo(0xa1b2c3d4);
        assertThat(b.getShort(4)).isEqualTo((short) 2);
        assertThat(b.getShort(6)).isEqualTo((short) 4);
        assertThat(b.getInt(16)).isEqualTo(262_144);
        assertThat(b.getInt(20)).isEqualTo(PcapWriter.LINKTYPE_ETHERNET);
        assertThat(b.getInt(24)).isEqualTo(1_700_000_000);
        assertThat(b.getInt(28)).isEqualTo(250_000);
        assertThat(b.getInt(32)).isEqualTo(5);
        assertThat(b.getInt(36)).isEqualTo(5);
        assertThat(new byte[] {b.get(40), b.get(41), b.get(42), b.get(43), b.get(44)})
                .containsExactly(1, 2, 8, 7, 6);
        assertThat(b.getInt(45 + 4)).as("clamped forward").isEqualTo(250_000);
    }

    @Test
    void refusesAFrameLongerThanTheSnapshotLength() throws Exception {
        try (PcapWriter w = new PcapWriter(dir.resolve("big.pcap"))) {
            byte[] big = new byte[PcapWriter.SNAPLEN];
            assertThatThrownBy(() -> w.write(0, new byte[1], 1, big, 0, big.length))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
