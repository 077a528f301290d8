package org.egret.distribution;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The built appliance (target/egret/bin/egret) run as a real process, as a user runs it. */
final class EgretProcess implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final Process process;
    final Path log;
    final int port;

    private EgretProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    static Path home() {
        return Path.of(System.getProperty("egret.dist", "target/egret")).toAbsolutePath();
    }

    static Path testdata() {
        return Path.of(System.getProperty("egret.testdata", "../testdata/pcaps")).toAbsolutePath().normalize();
    }

    /** An installation of its own (conf/ and deploy/ private, the rest linked), so watching them touches nothing shared. */
    static Path privateHome(Path home) throws IOException {
        Path dist = home();
        Files.createDirectories(home.resolve("bin"));
        Files.createDirectories(home.resolve("conf"));
        Files.createDirectories(home.resolve("deploy"));
        Files.createSymbolicLink(home.resolve("bin/egret"), dist.resolve("bin/egret"));
        Files.createSymbolicLink(home.resolve("lib"), dist.resolve("lib"));
        Files.createSymbolicLink(home.resolve("bundle"), dist.resolve("bundle"));
        Files.copy(dist.resolve("conf/logback.xml"), home.resolve("conf/logback.xml"));
        return home;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Starts egret with these arguments; its output (stdout and stderr) goes to a log file. */
    static EgretProcess start(Path workDir, int port, String... args) throws IOException {
        return start(workDir, home(), port, args);
    }

    /** Starts the egret of another installation directory. */
    static EgretProcess start(Path workDir, Path installation, int port, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(installation.resolve("bin/egret").toString());
        cmd.add("--port");
        cmd.add(Integer.toString(port));
        cmd.addAll(List.of(args));
        Path log = Files.createTempFile(workDir, "egret-", ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("EGRET_JAVA_OPTS", "-Xmx512m");
        return new EgretProcess(pb.start(), log, port);
    }

    /** Runs egret to completion and returns its exit code. */
    static Result run(Path workDir, long timeoutSeconds, String... args) throws Exception {
        try (EgretProcess p = start(workDir, freePort(), args)) {
            if (!p.process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                throw new AssertionError("egret did not exit within " + timeoutSeconds + " s:\n" + p.output());
            }
            return new Result(p.process.exitValue(), p.output());
        }
    }

    record Result(int exitCode, String output) {
    }

    String output() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    /** GETs an API route; returns the parsed JSON body and checks the HTTP status. */
    /** A GET answered 200, as it came: its content type and text. */
    HttpResponse<String> getText(String pathAndQuery) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new AssertionError("GET " + pathAndQuery + " answered " + r.statusCode() + ": " + r.body());
        }
        return r;
    }

    JsonNode get(String pathAndQuery, int expectedStatus) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expectedStatus) {
            throw new AssertionError("GET " + pathAndQuery + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    /** The {@code data} of an API route answering 200. */
    JsonNode data(String pathAndQuery) throws Exception {
        JsonNode body = get(pathAndQuery, 200);
        if (body.path("code").asInt(-1) != 0) {
            throw new AssertionError("GET " + pathAndQuery + " returned " + body);
        }
        return body.get("data");
    }

    /** Waits until the appliance's output has this text (a log line), failing if it exits first. */
    void awaitOutput(String text, long timeoutSeconds) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutSeconds * 1000;
        while (System.currentTimeMillis() < deadline) {
            if (output().contains(text)) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("egret exited with " + process.exitValue() + " before printing '" + text
                        + "':\n" + output());
            }
            Thread.sleep(100);
        }
        throw new AssertionError("egret did not print '" + text + "' within " + timeoutSeconds + " s:\n" + output());
    }

    /** Waits until /api/health answers and reports the storage healthy. */
    void awaitApi() throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("egret exited with " + process.exitValue() + ":\n" + output());
            }
            try {
                if (get("/api/health", 200).path("data").path("storage").path("healthy").asBoolean()) {
                    return;
                }
                Thread.sleep(200);
            } catch (IOException | AssertionError e) {
                Thread.sleep(200);
            }
        }
        throw new AssertionError("the API did not come up within 60 s:\n" + output());
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            process.destroy(); // SIGTERM, as Ctrl+C or a service manager would
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
