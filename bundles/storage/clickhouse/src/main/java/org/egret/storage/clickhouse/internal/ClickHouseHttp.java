package org.egret.storage.clickhouse.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * The ClickHouse HTTP interface: one POST per statement, the SQL (or the INSERT's rows) in the body, the settings in
 * the URL. Credentials travel in ClickHouse's own headers, never in the URL, so they cannot end up in a log line.
 */
final class ClickHouseHttp {

    /** A statement the server refused or that never got an answer. */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;
        private final boolean maybeApplied;
        private final int code;

        Failure(String message, boolean maybeApplied, int code, Throwable cause) {
            super(message, cause);
            this.maybeApplied = maybeApplied;
            this.code = code;
        }

        /** True when the request may have reached the server and been applied before the answer was lost. */
        boolean maybeApplied() {
            return maybeApplied;
        }

        /** ClickHouse's error code, 0 when there was no answer. */
        int code() {
            return code;
        }
    }

    private final HttpClient client;
    private final URI base;
    private final String user;
    private final String password;
    private final Duration timeout;

    ClickHouseHttp(URI base, String user, String password, Duration timeout) {
        this.base = base;
        this.user = user;
        this.password = password;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** Runs a statement and returns the whole answer (whatever its {@code FORMAT} says). */
    String query(String sql, Map<String, String> settings) throws Failure {
        byte[] body = send(uri(settings, null), sql.getBytes(StandardCharsets.UTF_8), firstLine(sql));
        return new String(body, StandardCharsets.UTF_8);
    }

    String query(String sql) throws Failure {
        return query(sql, Map.of());
    }

    /** Raw answer bytes. */
    byte[] queryBytes(String sql, Map<String, String> settings) throws Failure {
        return send(uri(settings, null), sql.getBytes(StandardCharsets.UTF_8), firstLine(sql));
    }

    /** {@code INSERT INTO table FORMAT JSONEachRow} with the rows as the body. */
    void insertJsonRows(String table, byte[] rows, Map<String, String> settings) throws Failure {
        send(uri(settings, "INSERT INTO " + table + " FORMAT JSONEachRow"), rows, "insert into " + table);
    }

    private URI uri(Map<String, String> settings, String query) {
        StringBuilder b = new StringBuilder(base.toString());
        if (b.charAt(b.length() - 1) != '/') {
            b.append('/');
        }
        char sep = '?';
        if (query != null) {
            b.append(sep).append("query=").append(URLEncoder.encode(query, StandardCharsets.UTF_8));
            sep = '&';
        }
        for (Map.Entry<String, String> e : settings.entrySet()) {
            b.append(sep).append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
            sep = '&';
        }
        return URI.create(b.toString());
    }

    private byte[] send(URI uri, byte[] body, String what) throws Failure {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (user != null && !user.isEmpty()) {
            request.header("X-ClickHouse-User", user);
        }
        if (password != null && !password.isEmpty()) {
            request.header("X-ClickHouse-Key", password);
        }
        HttpResponse<byte[]> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new Failure(what + ": no answer from ClickHouse at " + base + " within " + timeout.toSeconds()
                    + " s", true, 0, e);
        } catch (IOException e) {
            // a refused connection never reached the server; anything later may have been applied
            boolean refused = e instanceof java.net.ConnectException;
            throw new Failure(what + ": ClickHouse at " + base + " unreachable (" + describe(e) + ")", !refused, 0, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure(what + ": interrupted", true, 0, e);
        }
        if (response.statusCode() != 200) {
            String text = new String(response.body(), StandardCharsets.UTF_8).strip();
            int code = errorCode(text);
            // 5xx without a ClickHouse error text (a proxy, a dying server) may still have applied the statement
            boolean maybe = code == 0 && response.statusCode() >= 500;
            throw new Failure(what + ": ClickHouse answered " + response.statusCode() + ": " + firstLine(text), maybe,
                    code, null);
        }
        return response.body();
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    /** {@code Code: 60, e.displayText() = …} → 60. */
    static int errorCode(String text) {
        if (!text.startsWith("Code: ")) {
            return 0;
        }
        int end = text.indexOf(',', 6);
        try {
            return Integer.parseInt(text.substring(6, end < 0 ? text.length() : end).strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static String firstLine(String text) {
        String t = text.strip();
        int nl = t.indexOf('\n');
        String line = nl < 0 ? t : t.substring(0, nl);
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }
}
