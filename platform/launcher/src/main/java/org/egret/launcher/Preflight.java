package org.egret.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks, before the runtime starts, the mistakes a user makes most: they get one clear line instead of a failure
 * buried in a log.
 */
final class Preflight {
    private Preflight() {
    }

    /** The file exists, is readable and starts like a pcap or pcapng capture. */
    static Path captureFile(String name) {
        Path p = Path.of(name).toAbsolutePath().normalize();
        if (!Files.exists(p)) {
            throw new UserError("capture file not found: " + name);
        }
        if (Files.isDirectory(p)) {
            throw new UserError(name + " is a directory, not a capture file");
        }
        if (!Files.isReadable(p)) {
            throw new UserError("cannot read capture file " + name + ": permission denied");
        }
        byte[] magic = new byte[4];
        int n;
        try (InputStream in = Files.newInputStream(p)) {
            n = in.readNBytes(magic, 0, 4);
        } catch (IOException e) {
            throw new UserError("cannot read capture file " + name + ": " + e.getMessage());
        }
        if (n == 0) {
            throw new UserError(name + " is empty");
        }
        if (n < 4 || !isCaptureMagic(magic)) {
            throw new UserError(name + " is not a pcap or pcapng capture");
        }
        return p;
    }

    static boolean isCaptureMagic(byte[] m) {
        int be = ((m[0] & 0xff) << 24) | ((m[1] & 0xff) << 16) | ((m[2] & 0xff) << 8) | (m[3] & 0xff);
        int le = Integer.reverseBytes(be);
        return be == 0x0A0D0D0A // pcapng section header block (palindromic)
                || be == 0xA1B2C3D4 || le == 0xA1B2C3D4 // pcap, microseconds
                || be == 0xA1B23C4D || le == 0xA1B23C4D; // pcap, nanoseconds
    }

    /** Nothing listens on bind:port yet. */
    static void portFree(String bind, int port) {
        if (port < 1 || port > 65535) {
            throw new UserError("--port " + port + " is not a TCP port (1-65535)");
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new UserError("--bind " + bind + " is not an address of this machine");
        }
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(address, port));
        } catch (IOException e) {
            throw new UserError("port " + port + " on " + bind + " is already in use "
                    + "(another egret?); choose another with --port");
        }
    }

    /** The database file can be created or written. */
    static Path databasePath(String name) {
        Path p = Path.of(name).toAbsolutePath().normalize();
        if (Files.isDirectory(p)) {
            throw new UserError("--db " + name + " is a directory; give a file path such as " + p.resolve("egret.duckdb"));
        }
        Path parent = p.getParent();
        for (Path a = parent; a != null; a = a.getParent()) {
            if (Files.exists(a) && !Files.isDirectory(a)) {
                throw new UserError("cannot create database " + name + ": " + a + " is a file, not a directory");
            }
        }
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new UserError("cannot create directory for database " + name + ": " + e.getMessage());
        }
        if (!Files.isWritable(parent) || (Files.exists(p) && !Files.isWritable(p))) {
            throw new UserError("cannot write database " + name + ": permission denied");
        }
        return p;
    }

    /** An http(s) URL of a ClickHouse server, without credentials (they would show in {@code ps}). */
    static String clickhouseUrl(String url) {
        java.net.URI u;
        try {
            u = new java.net.URI(url.trim());
        } catch (java.net.URISyntaxException e) {
            throw new UserError("--clickhouse-url " + url + " is not a URL: " + e.getReason());
        }
        if (!"http".equalsIgnoreCase(u.getScheme()) && !"https".equalsIgnoreCase(u.getScheme())
                || u.getHost() == null) {
            throw new UserError("--clickhouse-url " + url + " must be an http:// or https:// URL with a host, "
                    + "e.g. http://127.0.0.1:8123");
        }
        if (u.getRawUserInfo() != null) {
            throw new UserError("--clickhouse-url must not carry a user or password (they would show in ps): set "
                    + "EGRET_CLICKHOUSE_USER and EGRET_CLICKHOUSE_PASSWORD or put them in the config file");
        }
        if (u.getPort() > 65535) {
            throw new UserError("--clickhouse-url " + url + ": " + u.getPort() + " is not a TCP port");
        }
        return url.trim();
    }

    /** A plain ClickHouse identifier: the database name goes into every statement. */
    static String clickhouseDatabase(String name) {
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]{0,63}")) {
            throw new UserError("--clickhouse-database '" + name + "' must be letters, digits and '_', "
                    + "not starting with a digit");
        }
        return name;
    }

    static int days(String flag, int days) {
        if (days < 1) {
            throw new UserError(flag + " must be at least 1, got " + days + " (to keep everything: --no-retention)");
        }
        return days;
    }
}
