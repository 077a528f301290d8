package org.egret.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreflightTest {

    @TempDir
    Path dir;

    @Test
    void recognisesEveryCaptureMagic() {
        assertThat(Preflight.isCaptureMagic(new byte[] {(byte) 0xd4, (byte) 0xc3, (byte) 0xb2, (byte) 0xa1})).isTrue();
        assertThat(Preflight.isCaptureMagic(new byte[] {(byte) 0xa1, (byte) 0xb2, (byte) 0xc3, (byte) 0xd4})).isTrue();
        assertThat(Preflight.isCaptureMagic(new byte[] {0x4d, 0x3c, (byte) 0xb2, (byte) 0xa1})).isTrue();
        assertThat(Preflight.isCaptureMagic(new byte[] {0x0a, 0x0d, 0x0d, 0x0a})).isTrue();
        assertThat(Preflight.isCaptureMagic("GIF8".getBytes())).isFalse();
    }

    @Test
    void captureFileMistakesAreNamed() throws Exception {
        assertThatThrownBy(() -> Preflight.captureFile(dir.resolve("none.pcap").toString()))
                .isInstanceOf(UserError.class).hasMessageContaining("capture file not found");
        Path empty = Files.createFile(dir.resolve("empty.pcap"));
        assertThatThrownBy(() -> Preflight.captureFile(empty.toString())).hasMessageEndingWith("is empty");
        Path text = Files.writeString(dir.resolve("text.pcap"), "not a capture");
        assertThatThrownBy(() -> Preflight.captureFile(text.toString())).hasMessageContaining("not a pcap or pcapng");
        assertThatThrownBy(() -> Preflight.captureFile(dir.toString())).hasMessageContaining("is a directory");
        Path ok = Files.write(dir.resolve("ok.pcap"), new byte[] {(byte) 0xd4, (byte) 0xc3, (byte) 0xb2, (byte) 0xa1, 2, 0});
        assertThat(Preflight.captureFile(ok.toString())).isEqualTo(ok.toAbsolutePath());
    }

    @Test
    void databasePathIsCreatedOrRefusedWithAReason() throws Exception {
        Path nested = Preflight.databasePath(dir.resolve("a/b/egret.duckdb").toString());
        assertThat(nested.getParent()).isDirectory();
        Path file = Files.writeString(dir.resolve("file"), "x");
        assertThatThrownBy(() -> Preflight.databasePath(file.resolve("egret.duckdb").toString()))
                .hasMessageContaining("is a file, not a directory");
        assertThatThrownBy(() -> Preflight.databasePath(dir.toString())).hasMessageContaining("is a directory");
    }

    @Test
    void aTakenPortIsReported() throws Exception {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> Preflight.portFree("127.0.0.1", s.getLocalPort()))
                    .hasMessageContaining("already in use");
        }
        assertThatThrownBy(() -> Preflight.portFree("127.0.0.1", 70000)).hasMessageContaining("not a TCP port");
    }
}
