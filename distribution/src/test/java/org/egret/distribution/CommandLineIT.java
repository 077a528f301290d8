package org.egret.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The egret command as a user meets it: mistakes get one clear line and a non-zero exit, never a stack trace. */
class CommandLineIT {

    @TempDir
    Path work;

    private static Path capture() {
        return EgretProcess.testdata().resolve("openai-chat-stream.pcap");
    }

    private void assertOneLineError(EgretProcess.Result r, String expected) {
        assertThat(r.exitCode()).as(r.output()).isNotZero();
        assertThat(r.output().strip()).as("one line").doesNotContain("\n").contains(expected)
                .doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void missingCaptureFile() throws Exception {
        assertOneLineError(EgretProcess.run(work, 60, "--pcap-file", "nope.pcap", "--exit-after-drain"),
                "capture file not found: nope.pcap");
    }

    @Test
    void fileThatIsNotACapture() throws Exception {
        Path f = Files.writeString(work.resolve("notes.pcap"), "hello, this is text");
        assertOneLineError(EgretProcess.run(work, 60, "--pcap-file", f.toString(), "--exit-after-drain"),
                "is not a pcap or pcapng capture");
    }

    @Test
    void portInUse() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            EgretProcess.Result r;
            try (EgretProcess p = EgretProcess.start(work, taken.getLocalPort(), "--pcap-file",
                    capture().toString(), "--exit-after-drain")) {
                p.process.waitFor();
                r = new EgretProcess.Result(p.process.exitValue(), p.output());
            }
            assertOneLineError(r, "port " + taken.getLocalPort() + " on 127.0.0.1 is already in use");
        }
    }

    @Test
    void unwritableDatabasePath() throws Exception {
        Path file = Files.writeString(work.resolve("plain-file"), "x");
        assertOneLineError(EgretProcess.run(work, 60, "--pcap-file", capture().toString(), "--exit-after-drain",
                "--db", file.resolve("egret.duckdb").toString()), "is a file, not a directory");
    }

    @Test
    void liveCaptureIsNotYetAvailable() throws Exception {
        assertOneLineError(EgretProcess.run(work, 60, "-i", "eth0"), "live capture");
    }

    @Test
    void helpAndVersion() throws Exception {
        EgretProcess.Result help = EgretProcess.run(work, 60, "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.output()).contains("--pcap-file", "--exit-after-drain", "--no-retention", "--db", "--bind");
        EgretProcess.Result version = EgretProcess.run(work, 60, "--version");
        assertThat(version.exitCode()).isZero();
        assertThat(version.output()).startsWith("egret ");
    }

    /** Local addresses (kernel hex) of the sockets listening on this TCP port, from /proc/net/tcp and tcp6. */
    private static java.util.List<String> listeningAddresses(int port) throws Exception {
        java.util.List<String> out = new java.util.ArrayList<>();
        String portHex = String.format(":%04X", port);
        for (String table : java.util.List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            for (String line : Files.readAllLines(Path.of(table))) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 3 && f[1].endsWith(portHex) && f[3].equals("0A")) { // 0A = LISTEN
                    out.add(f[1].substring(0, f[1].length() - portHex.length()));
                }
            }
        }
        return out;
    }

    @Test
    void keepsServingAfterTheReplayUntilStopped() throws Exception {
        try (EgretProcess p = EgretProcess.start(work, EgretProcess.freePort(), "--pcap-file", capture().toString(),
                "--no-retention", "--db", work.resolve("serve.duckdb").toString())) {
            p.awaitApi();
            JsonNode health = null;
            long deadline = System.currentTimeMillis() + 60_000;
            while (System.currentTimeMillis() < deadline) {
                health = p.data("/api/health");
                if (health.path("pipelines").size() == 1 && !health.path("pipelines").get(0).path("running").asBoolean(true)) {
                    break;
                }
                Thread.sleep(200);
            }
            assertThat(health.get("status").asText()).isEqualTo("ready");
            assertThat(health.get("version").asText()).isNotBlank();
            assertThat(health.get("uptime_secs").isNumber()).isTrue();
            assertThat(health.get("pipelines").get(0).get("name").asText()).isEqualTo("cli");
            assertThat(health.get("pipelines").get(0).get("running").asBoolean()).isFalse();

            JsonNode traces = p.data("/api/traces?limit=5");
            assertThat(traces.get("total").asLong()).isEqualTo(1);
            assertThat(traces.get("items").get(0).get("wire_api").asText()).isEqualTo("openai-chat");
            JsonNode paged = p.data("/api/spans?page=1&page_size=1");
            assertThat(paged.get("items")).hasSize(1);
            assertThat(p.get("/api/spans?start=1700000000000", 400).get("code").asInt()).isEqualTo(1001);
            assertThat(p.get("/api/spans/does-not-exist", 404).get("code").asInt()).isEqualTo(2001);
            assertThat(p.process.isAlive()).as("still serving after the drain").isTrue();
            assertThat(listeningAddresses(p.port)).as("console bound to loopback only").isNotEmpty()
                    .allMatch(a -> a.equals("0100007F") || a.equals("0000000000000000FFFF00000100007F"));

            p.process.destroy();
            assertThat(p.process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        }
    }
}
