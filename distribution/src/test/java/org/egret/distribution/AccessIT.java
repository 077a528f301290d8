package org.egret.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The appliance bound to 127.0.0.1 with an access token, as a browser and a scraper meet it: over plain sockets, so
 * every header (Host, Origin, Cookie) and the client's own loopback address are the test's to choose.
 */
class AccessIT {

    private static final String TOKEN = "access-it-" + Long.toHexString(System.nanoTime()) + "-0123456789";

    @TempDir
    static Path work;

    private static EgretProcess egret;

    @BeforeAll
    static void start() throws Exception {
        Path tokenFile = work.resolve("api-token");
        Files.writeString(tokenFile, TOKEN + "\n");
        Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString("rw-------"));
        egret = EgretProcess.start(work, EgretProcess.freePort(), "--bind", "127.0.0.1", "--token-file",
                tokenFile.toString(), "--db", work.resolve("a.duckdb").toString());
        egret.awaitOutput("console and API on", 60);
        long deadline = System.currentTimeMillis() + 60_000;
        while (true) {
            Reply r = null;
            try {
                r = send("GET", "/api/health", Map.of("Authorization", "Bearer " + TOKEN), null);
            } catch (IOException e) {
                // not listening yet
            }
            if (r != null && r.status == 200 && r.json().path("data").path("storage").path("healthy").asBoolean()) {
                break;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("the API did not come up: " + (r == null ? "" : r.status + " " + r.body)
                        + "\n" + egret.output());
            }
            Thread.sleep(200);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (egret != null) {
            egret.close();
        }
    }

    /** A response as it came off the socket; header names lower case. */
    record Reply(int status, Map<String, List<String>> headers, String body) {
        String header(String name) {
            List<String> v = headers.get(name);
            return v == null ? null : v.get(0);
        }

        JsonNode json() throws IOException {
            return EgretProcess.JSON.readTree(body);
        }
    }

    private static Reply send(String method, String path, Map<String, String> headers, String body)
            throws IOException {
        return send("127.0.0.1", method, path, headers, body);
    }

    /** One HTTP/1.1 request from the loopback address {@code from}, Host 127.0.0.1:port unless headers say. */
    private static Reply send(String from, String method, String path, Map<String, String> headers, String body)
            throws IOException {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            s.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), egret.port), 2_000);
            s.setSoTimeout(10_000);
            Map<String, String> all = new LinkedHashMap<>();
            all.put("Host", "127.0.0.1:" + egret.port);
            all.putAll(headers);
            all.put("Connection", "close");
            byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            if (body != null) {
                all.put("Content-Length", Integer.toString(content.length));
            }
            StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
            all.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            head.append("\r\n");
            OutputStream out = s.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            out.write(content);
            out.flush();
            return parse(s.getInputStream(), method.equals("HEAD"));
        }
    }

    private static Reply parse(InputStream in, boolean head) throws IOException {
        byte[] raw = in.readAllBytes();
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    k -> new ArrayList<>()).add(lines[i].substring(colon + 1).trim());
        }
        byte[] rest = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
        String body = new String(head ? new byte[0] : dechunk(rest, headers), StandardCharsets.UTF_8);
        return new Reply(status, headers, body);
    }

    private static byte[] dechunk(byte[] rest, Map<String, List<String>> headers) {
        if (!"chunked".equalsIgnoreCase(String.valueOf(headers.getOrDefault("transfer-encoding", List.of("")).get(0)))) {
            return rest;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < rest.length) {
            int lineEnd = i;
            while (rest[lineEnd] != '\r') {
                lineEnd++;
            }
            String sizeText = new String(rest, i, lineEnd - i, StandardCharsets.US_ASCII).split(";")[0].trim();
            int size = Integer.parseInt(sizeText, 16);
            if (size == 0) {
                break;
            }
            out.write(rest, lineEnd + 2, size);
            i = lineEnd + 2 + size + 2;
        }
        return out.toByteArray();
    }

    private static void assertRefused(Reply r, int status, int code) throws IOException {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.header("content-type")).startsWith("application/json");
        JsonNode body = r.json();
        assertThat(body.path("code").asInt()).isEqualTo(code);
        assertThat(body.path("message").asText()).isNotBlank();
        assertThat(body.path("data").isObject()).isTrue();
        assertThat(r.headers().keySet()).noneMatch(h -> h.startsWith("access-control-"));
    }

    @Test
    void withoutTheTokenTheApiAndMetricsAre401ButTheConsolePageLoads() throws Exception {
        assertRefused(send("GET", "/api/health", Map.of(), null), 401, 4001);
        assertRefused(send("GET", "/api/spans?limit=1", Map.of(), null), 401, 4001);
        assertRefused(send("GET", "/metrics", Map.of(), null), 401, 4001);
        Reply wrong = send("127.0.0.3", "GET", "/api/health", Map.of("Authorization", "Bearer not-" + TOKEN), null);
        assertRefused(wrong, 401, 4001);
        assertThat(send("GET", "/", Map.of(), null).status()).isEqualTo(200);
        assertThat(egret.output()).as("the start line says so")
                .contains("(access token required, from --token-file)");
    }

    @Test
    void theBearerTokenOpensTheApiAndMetrics() throws Exception {
        Map<String, String> auth = Map.of("Authorization", "Bearer " + TOKEN);
        Reply health = send("GET", "/api/health", auth, null);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().path("code").asInt()).isZero();
        assertThat(health.body()).doesNotContain(TOKEN);
        Reply metrics = send("GET", "/metrics", auth, null);
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("egret_").doesNotContain(TOKEN);
        assertThat(send("GET", "/api/spans?limit=1", auth, null).status()).isEqualTo(200);
    }

    @Test
    void aBrowserSignsInWithACookieAndOut() throws Exception {
        JsonNode before = send("GET", "/api/auth/session", Map.of(), null).json().path("data");
        assertThat(before.path("required").asBoolean()).isTrue();
        assertThat(before.path("authenticated").asBoolean()).isFalse();

        Reply in = send("POST", "/api/auth/session", Map.of("Content-Type", "application/json",
                "Origin", "http://127.0.0.1:" + egret.port), "{\"token\":\"" + TOKEN + "\"}");
        assertThat(in.status()).as(in.body()).isEqualTo(200);
        String setCookie = in.header("set-cookie");
        assertThat(setCookie).startsWith("egret_session=").contains("HttpOnly", "SameSite=Strict", "Path=/",
                "Max-Age=43200").doesNotContain("Secure").doesNotContain(TOKEN);
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));

        assertThat(send("GET", "/api/health", Map.of("Cookie", cookie), null).status()).isEqualTo(200);
        assertThat(send("GET", "/metrics", Map.of("Cookie", cookie), null).status()).isEqualTo(200);
        assertThat(send("GET", "/api/auth/session", Map.of("Cookie", cookie), null).json().path("data")
                .path("authenticated").asBoolean()).isTrue();

        Reply out = send("DELETE", "/api/auth/session", Map.of("Cookie", cookie, "Content-Type",
                "application/json"), null);
        assertThat(out.status()).isEqualTo(200);
        assertThat(out.header("set-cookie")).startsWith("egret_session=;").contains("Max-Age=0");
        assertRefused(send("GET", "/api/health", Map.of("Cookie", cookie), null), 401, 4001);
    }

    @Test
    void tenWrongTokensFromOneAddressAre429ForAMinute() throws Exception {
        String guesser = "127.0.0.7";
        for (int i = 0; i < 10; i++) {
            assertRefused(send(guesser, "GET", "/api/health", Map.of("Authorization", "Bearer guess-" + i), null),
                    401, 4001);
        }
        Reply locked = send(guesser, "POST", "/api/auth/session", Map.of("Content-Type", "application/json"),
                "{\"token\":\"" + TOKEN + "\"}");
        assertRefused(locked, 429, 4029);
        assertThat(Integer.parseInt(locked.header("retry-after"))).isBetween(1, 60);
        assertRefused(send(guesser, "GET", "/api/health", Map.of("Authorization", "Bearer " + TOKEN), null), 429,
                4029);
        // the lockout is the guesser's alone
        assertThat(send("GET", "/api/health", Map.of("Authorization", "Bearer " + TOKEN), null).status())
                .isEqualTo(200);
    }

    @Test
    void aStateChangingRequestWithoutJsonIs415() throws Exception {
        assertRefused(send("POST", "/api/auth/session", Map.of("Content-Type", "text/plain"),
                "{\"token\":\"" + TOKEN + "\"}"), 415, 4015);
        assertRefused(send("POST", "/api/auth/session", Map.of("Content-Type", "application/x-www-form-urlencoded"),
                "token=" + TOKEN), 415, 4015);
        assertRefused(send("PUT", "/api/settings/prices", Map.of("Authorization", "Bearer " + TOKEN), ""), 415,
                4015);
    }

    @Test
    void aForeignHostOrOriginIs403() throws Exception {
        Map<String, String> rebound = Map.of("Host", "attacker.example:" + egret.port,
                "Authorization", "Bearer " + TOKEN);
        assertRefused(send("GET", "/api/health", rebound, null), 403, 4003);
        assertRefused(send("GET", "/", Map.of("Host", "attacker.example"), null), 403, 4003);
        assertThat(send("GET", "/api/health", Map.of("Host", "localhost:" + egret.port,
                "Authorization", "Bearer " + TOKEN), null).status()).isEqualTo(200);
        assertRefused(send("POST", "/api/auth/session", Map.of("Content-Type", "application/json",
                "Origin", "https://attacker.example"), "{\"token\":\"" + TOKEN + "\"}"), 403, 4003);
    }

    @Test
    void neitherTheTokenNorItsHashIsLoggedOrServed() throws Exception {
        String sha256 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(TOKEN.getBytes(StandardCharsets.UTF_8)));
        assertThat(egret.output()).doesNotContain(TOKEN).doesNotContain(sha256);
        for (String route : List.of("/api/runtime-config", "/api/settings", "/api/health", "/api/openapi.json",
                "/metrics")) {
            Reply r = send("GET", route, Map.of("Authorization", "Bearer " + TOKEN), null);
            assertThat(r.body()).as(route).doesNotContain(TOKEN).doesNotContain(sha256);
        }
    }

    @Test
    void aBindBeyondLoopbackWithoutATokenExits2WithOneLine() throws Exception {
        EgretProcess.Result r = EgretProcess.run(work, 60, "--bind", "0.0.0.0", "--db",
                work.resolve("b.duckdb").toString());
        assertThat(r.exitCode()).as(r.output()).isEqualTo(2);
        assertThat(r.output().strip()).doesNotContain("\n").doesNotContain("Exception")
                .isEqualTo("egret: --bind 0.0.0.0 is beyond loopback: the API then needs an access token "
                        + "(--token-file FILE or EGRET_API_TOKEN)");
    }
}
