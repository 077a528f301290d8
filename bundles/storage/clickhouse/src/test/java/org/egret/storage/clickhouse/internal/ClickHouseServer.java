package org.egret.storage.clickhouse.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real {@code clickhouse-server} as a child process: a config written to its own folder (data, logs and tmp under
 * it), listening on 127.0.0.1 only, on free HTTP, native and interserver ports. Optionally one shard of a test
 * cluster {@value #CLUSTER} whose shards are the native ports given. Started, killed and restarted on the same data.
 */
public final class ClickHouseServer implements AutoCloseable {
    public static final String CLUSTER = "egret_test";
    /** A user with a password, beside the password-less {@code default}. */
    static final String USER = "egret";
    static final String PASSWORD = "s3cr'et\"pw";

    final Path dir;
    final int httpPort;
    final int tcpPort;
    private final int interserverPort;
    private Process process;

    private ClickHouseServer(Path dir, int httpPort, int tcpPort, int interserverPort) {
        this.dir = dir;
        this.httpPort = httpPort;
        this.tcpPort = tcpPort;
        this.interserverPort = interserverPort;
    }

    /** One server, no cluster. */
    public static ClickHouseServer start() throws IOException {
        ClickHouseServer s = create();
        s.writeConfig(List.of(s.tcpPort));
        s.launch();
        return s;
    }

    /** Two servers, the two shards of {@value #CLUSTER}. */
    public static List<ClickHouseServer> startShards() throws IOException {
        ClickHouseServer a = create();
        ClickHouseServer b = create();
        List<Integer> shards = List.of(a.tcpPort, b.tcpPort);
        a.writeConfig(shards);
        b.writeConfig(shards);
        a.launch();
        b.launch();
        return List.of(a, b);
    }

    private static ClickHouseServer create() throws IOException {
        Path dir = Files.createTempDirectory("egret-clickhouse-");
        int[] ports = freePorts(3);
        return new ClickHouseServer(dir, ports[0], ports[1], ports[2]);
    }

    public String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** The server binary: on the PATH, else where Debian puts it. */
    static Path binary() {
        List<Path> candidates = new ArrayList<>();
        for (String p : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!p.isEmpty()) {
                candidates.add(Path.of(p, "clickhouse-server"));
            }
        }
        candidates.add(Path.of("/usr/sbin/clickhouse-server"));
        candidates.add(Path.of("/usr/bin/clickhouse-server"));
        for (Path c : candidates) {
            if (Files.isExecutable(c)) {
                return c;
            }
        }
        throw new IllegalStateException("clickhouse-server not found on the PATH, /usr/sbin or /usr/bin: "
                + "install Debian's clickhouse-server (run-tests does)");
    }

    private static int[] freePorts(int n) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                sockets.add(s);
                ports[i] = s.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket s : sockets) {
                s.close();
            }
        }
    }

    private void writeConfig(List<Integer> shardPorts) throws IOException {
        StringBuilder shards = new StringBuilder();
        for (int port : shardPorts) {
            shards.append("<shard><replica><host>127.0.0.1</host><port>").append(port)
                    .append("</port></replica></shard>");
        }
        String d = dir.toAbsolutePath().toString();
        Files.createDirectories(dir.resolve("data"));
        Files.createDirectories(dir.resolve("log"));
        Files.writeString(dir.resolve("config.xml"), """
                <?xml version="1.0"?>
                <yandex>
                  <logger><level>warning</level><log>%1$s/log/server.log</log><errorlog>%1$s/log/error.log</errorlog></logger>
                  <http_port>%2$d</http_port>
                  <tcp_port>%3$d</tcp_port>
                  <interserver_http_port>%4$d</interserver_http_port>
                  <listen_host>127.0.0.1</listen_host>
                  <path>%1$s/data/</path>
                  <tmp_path>%1$s/data/tmp/</tmp_path>
                  <user_files_path>%1$s/data/user_files/</user_files_path>
                  <format_schema_path>%1$s/data/format_schemas/</format_schema_path>
                  <users_config>%1$s/users.xml</users_config>
                  <default_profile>default</default_profile>
                  <default_database>default</default_database>
                  <mark_cache_size>5368709120</mark_cache_size>
                  <max_concurrent_queries>50</max_concurrent_queries>
                  <remote_servers><%5$s>%6$s</%5$s></remote_servers>
                </yandex>
                """.formatted(d, httpPort, tcpPort, interserverPort, CLUSTER, shards), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("users.xml"), """
                <?xml version="1.0"?>
                <yandex>
                  <profiles><default><max_memory_usage>2000000000</max_memory_usage></default></profiles>
                  <users>
                    <default><password></password><networks><ip>127.0.0.1</ip></networks><profile>default</profile><quota>default</quota></default>
                    <%s><password>%s</password><networks><ip>127.0.0.1</ip></networks><profile>default</profile><quota>default</quota></%1$s>
                  </users>
                  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors><result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
                </yandex>
                """.formatted(USER, PASSWORD.replace("&", "&amp;").replace("\"", "&quot;").replace("'", "&apos;")),
                StandardCharsets.UTF_8);
    }

    /** Starts the server on its config and waits until {@code /ping} answers. */
    void launch() throws IOException {
        process = new ProcessBuilder(binary().toString(), "--config-file=" + dir.resolve("config.xml"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("log/stdout.log").toFile()).start();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("clickhouse-server exited with " + process.exitValue() + ": "
                        + tail(dir.resolve("log/stdout.log")) + tail(dir.resolve("log/error.log")));
            }
            if (pings()) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
        kill();
        throw new IllegalStateException("clickhouse-server did not answer /ping within 30 s: "
                + tail(dir.resolve("log/error.log")));
    }

    boolean pings() {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(url() + "/ping").toURL().openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(1000);
            try {
                return c.getResponseCode() == 200;
            } finally {
                c.disconnect();
            }
        } catch (IOException e) {
            return false;
        }
    }

    /** kill -9: no shutdown, whatever was in flight is cut off. */
    void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A raw statement as the {@code default} user, for checks behind the storage's back. */
    public String sql(String statement) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(url() + "/").toURL().openConnection();
        c.setDoOutput(true);
        c.setRequestMethod("POST");
        c.getOutputStream().write(statement.getBytes(StandardCharsets.UTF_8));
        int code = c.getResponseCode();
        byte[] body = (code == 200 ? c.getInputStream() : c.getErrorStream()).readAllBytes();
        String text = new String(body, StandardCharsets.UTF_8);
        if (code != 200) {
            throw new IOException("ClickHouse " + code + ": " + text);
        }
        return text.strip();
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        kill();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // a leftover temp folder is not worth failing a test for
        }
    }
}
