package org.egret.storage.duckdb.internal;

import static org.egret.storage.duckdb.internal.NullableValues.appendBlob;
import static org.egret.storage.duckdb.internal.NullableValues.appendDouble;
import static org.egret.storage.duckdb.internal.NullableValues.appendMicros;
import static org.egret.storage.duckdb.internal.NullableValues.appendString;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.egret.api.http.Endpoint;
import org.egret.api.http.HttpExchange;
import org.egret.api.http.HttpRequest;
import org.egret.api.http.HttpResponse;
import org.egret.api.storage.ExchangeRecord;

/**
 * {@link ExchangeRecord}s as rows of the {@code http_exchanges} table, both ways.
 *
 * <p>What is kept and how: a missing response is NULL in every response column ({@code status} NULL means "no
 * response"). {@code complete} is the response's own flag (its body ended as its framing says); whether the
 * exchange as a whole is complete follows from it, {@code problem} and the response being there. Server-sent
 * events are not stored one by one: the response body holds the decoded stream text, {@code is_sse} and
 * {@code sse_event_count} keep the facts a list needs, and a read exchange has an empty event list.
 * {@code duration_ms} is the last response byte minus the first request byte.
 */
final class ExchangeRows {

    /** Everything but the request headers and the bodies; the response headers only to keep Content-Type. */
    static final String LIST_COLUMNS = "id, source_id, call_id, client_ip, client_port, server_ip, server_port, "
            + "method, uri, http_version, request_body_length, request_body_truncated, status, reason, "
            + "response_http_version, response_headers, response_body_length, response_body_truncated, "
            + "epoch_us(request_time) AS request_us, epoch_us(request_end_time) AS request_end_us, "
            + "epoch_us(response_first_byte_time) AS response_first_byte_us, "
            + "epoch_us(response_complete_time) AS response_complete_us, complete, problem";

    /**
     * What {@link #requestBody} reads: a body's plain, v2, v3 and v8 columns, and the request time that names the
     * day of its blocks.
     */
    static final String REQUEST_BODY_COLUMNS = "request_body, request_body_deflated, request_body_lz4, "
            + "request_body_blocks, epoch_us(request_time) AS blocks_day_us";

    static final String DETAIL_COLUMNS = LIST_COLUMNS + ", request_headers, " + REQUEST_BODY_COLUMNS
            + ", response_body, response_body_deflated, response_body_lz4, response_body_blocks";

    private ExchangeRows() {
    }

    /** Appends the records in the column order of the table; the caller owns the transaction. */
    /**
     * Appends the records in the column order of the table; the caller owns the transaction. Request bodies of 4 KiB
     * and more go to {@code blocks}; responses and smaller requests into the row (LZ4-packed from 1 KiB when that
     * pays).
     */
    static void append(DuckDBConnection c, List<ExchangeRecord> records, BodyBlockWriter blocks) throws SQLException {
        try (DuckDBAppender a = c.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "http_exchanges")) {
            Lz4BodyCodec lz4 = new Lz4BodyCodec();
            for (ExchangeRecord r : records) {
                appendRow(a, r, lz4, blocks);
            }
            // explicitly: close() swallows a failed flush, and with it the rows
            a.flush();
            blocks.flush();
        }
    }

    private static void appendRow(DuckDBAppender a, ExchangeRecord r, Lz4BodyCodec lz4, BodyBlockWriter blocks)
            throws SQLException {
        HttpExchange x = r.exchange();
        if (x == null || x.request() == null) {
            throw new SQLException("exchange record " + r.id() + " has no request");
        }
        HttpRequest q = x.request();
        HttpResponse p = x.response();
        a.beginRow();
        appendString(a, r.id());
        appendString(a, x.sourceId());
        appendString(a, r.callId());
        appendEndpoint(a, x.client());
        appendEndpoint(a, x.server());
        appendString(a, q.method());
        appendString(a, q.target());
        appendString(a, q.version());
        appendString(a, JsonColumns.headers(q.headers()));
        byte[] requestBlocks = blocks.store(q.body(), q.startMicros());
        byte[] requestLz4 = requestBlocks == null ? lz4.pack(q.body()) : null;
        appendBlob(a, requestLz4 == null && requestBlocks == null ? q.body() : null);
        a.append(q.bodyLength());
        a.append(q.bodyTruncated());
        byte[] responseLz4 = null;
        if (p == null) {
            for (int i = 0; i < 7; i++) {
                a.appendNull(); // status … response_body_truncated
            }
            a.append(false); // is_sse
            a.appendNull(); // sse_event_count
        } else {
            a.append(p.status());
            appendString(a, p.reason());
            appendString(a, p.version());
            appendString(a, JsonColumns.headers(p.headers()));
            // a response is new content every time: cut into blocks it would share nothing and only lose the
            // context LZ4 has over the whole body, so it stays in its row (measured on the corpus's agent captures)
            responseLz4 = lz4.pack(p.body());
            appendBlob(a, responseLz4 == null ? p.body() : null);
            a.append(p.bodyLength());
            a.append(p.bodyTruncated());
            a.append(p.headers() != null && p.isEventStream());
            a.append(p.events() == null ? 0 : p.events().size());
        }
        a.appendEpochMicros(q.startMicros());
        appendMicros(a, q.endMicros());
        appendMicros(a, p == null ? 0 : p.startMicros());
        appendMicros(a, p == null ? 0 : p.endMicros());
        appendDouble(a, p == null || p.endMicros() == 0 ? null : (p.endMicros() - q.startMicros()) / 1000.0);
        a.append(p != null && p.complete());
        appendString(a, x.problem());
        a.appendNull(); // request_body_deflated, response_body_deflated: v2 wrote them, v3 reads them only
        a.appendNull();
        appendBlob(a, requestLz4);
        appendBlob(a, responseLz4);
        appendBlob(a, requestBlocks);
        a.appendNull(); // response_body_blocks: read, not written (see above)
        a.endRow();
    }

    private static void appendEndpoint(DuckDBAppender a, Endpoint e) throws SQLException {
        if (e == null) {
            a.appendNull();
            a.appendNull();
        } else {
            appendString(a, e.ip());
            a.append(e.port());
        }
    }

    /**
     * A record from a row selected with {@link #LIST_COLUMNS} or, when {@code detail}, {@link #DETAIL_COLUMNS}. A
     * list item has no bodies and no request headers; of the response headers it keeps only Content-Type, so
     * {@link HttpResponse#isEventStream()} still answers.
     */
    static ExchangeRecord read(ResultSet rs, boolean detail) throws SQLException {
        String responseHeaders = rs.getString("response_headers");
        BlockedBodyReader.Body requestBody = detail ? body(rs, "request_body") : null;
        BlockedBodyReader.Body responseBody = detail ? body(rs, "response_body") : null;
        HttpRequest request = new HttpRequest(
                rs.getString("method"),
                rs.getString("uri"),
                rs.getString("http_version"),
                detail ? JsonColumns.headers(rs.getString("request_headers"), "http_exchanges.request_headers")
                        : List.of(),
                requestBody == null ? null : requestBody.bytes(),
                rs.getLong("request_body_length"),
                rs.getBoolean("request_body_truncated"),
                rs.getLong("request_us"),
                rs.getLong("request_end_us"));
        HttpResponse response = null;
        int status = rs.getInt("status");
        if (!rs.wasNull()) {
            response = new HttpResponse(
                    status,
                    rs.getString("reason"),
                    rs.getString("response_http_version"),
                    detail ? JsonColumns.headers(responseHeaders, "http_exchanges.response_headers")
                            : JsonColumns.headersNamed(responseHeaders, "http_exchanges.response_headers",
                                    "Content-Type"),
                    responseBody == null ? null : responseBody.bytes(),
                    rs.getLong("response_body_length"),
                    rs.getBoolean("response_body_truncated"),
                    List.of(),
                    rs.getLong("response_first_byte_us"),
                    rs.getLong("response_complete_us"),
                    rs.getBoolean("complete"));
        }
        HttpExchange exchange = new HttpExchange(rs.getString("source_id"),
                endpoint(rs, "client_ip", "client_port"), endpoint(rs, "server_ip", "server_port"),
                request, response, UnreadableBodies.withProblem(rs.getString("problem"), requestBody, responseBody));
        return new ExchangeRecord(rs.getString("id"), exchange, rs.getString("call_id"));
    }

    /**
     * The request body as written, from a row with the {@link #REQUEST_BODY_COLUMNS}; null when it has none or it
     * cannot be rebuilt from its blocks any more.
     */
    static byte[] requestBody(ResultSet rs) throws SQLException {
        return body(rs, "request_body").bytes();
    }

    /**
     * A body as written, from whichever of its columns is set (at most one is): {@code <column>_blocks} (v8 on),
     * {@code <column>_lz4} (v3 on), {@code <column>_deflated} (v2) or {@code <column>} itself.
     */
    private static BlockedBodyReader.Body body(ResultSet rs, String column) throws SQLException {
        byte[] blocks = rs.getBytes(column + "_blocks");
        if (blocks != null) {
            return UnreadableBodies.logged(BlockedBodyReader.read(rs.getStatement().getConnection(), blocks,
                    rs.getLong("blocks_day_us"), "http_exchanges." + column + "_blocks"));
        }
        byte[] lz4 = rs.getBytes(column + "_lz4");
        if (lz4 != null) {
            return BlockedBodyReader.Body.of(Lz4BodyCodec.unpack(lz4, "http_exchanges." + column + "_lz4"));
        }
        byte[] deflated = rs.getBytes(column + "_deflated");
        return BlockedBodyReader.Body.of(deflated != null
                ? BodyInflater.inflate(deflated, "http_exchanges." + column + "_deflated") : rs.getBytes(column));
    }

    private static Endpoint endpoint(ResultSet rs, String ipColumn, String portColumn) throws SQLException {
        String ip = rs.getString(ipColumn);
        int port = rs.getInt(portColumn);
        return ip == null && rs.wasNull() ? null : new Endpoint(ip, port);
    }
}
