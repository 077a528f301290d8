package org.egret.storage.clickhouse.internal;

import static org.egret.storage.clickhouse.internal.JsonRows.flag;
import static org.egret.storage.clickhouse.internal.JsonRows.integer;
import static org.egret.storage.clickhouse.internal.JsonRows.lng;
import static org.egret.storage.clickhouse.internal.JsonRows.str;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.egret.api.http.Endpoint;
import org.egret.api.http.HttpExchange;
import org.egret.api.http.HttpHeader;
import org.egret.api.http.HttpRequest;
import org.egret.api.http.HttpResponse;
import org.egret.api.storage.ExchangeRecord;
import org.egret.api.storage.StorageException;

/**
 * {@link ExchangeRecord}s as rows of the {@code http_exchanges} table, both ways, with the DuckDB backend's rules: a
 * missing response is NULL in {@code status} (and the other response columns), server-sent events are kept as the
 * decoded body plus {@code is_sse}/{@code sse_event_count}, and {@code duration_ms} is the last response byte minus
 * the first request byte.
 */
final class ExchangeRows {

    /** Everything but the request headers and the bodies; the response headers only to keep Content-Type. */
    static final String LIST_COLUMNS = "id, source_id, call_id, client_ip, client_port, server_ip, server_port, "
            + "method, uri, http_version, request_body_length, request_body_truncated, status, reason, "
            + "response_http_version, response_headers, response_body_length, response_body_truncated, request_us, "
            + "request_end_us, response_first_byte_us, response_complete_us, complete, problem";

    static final String DETAIL_COLUMNS = LIST_COLUMNS + ", request_headers, hex(request_body) AS request_body_hex, "
            + "hex(request_body_blocks) AS request_body_blocks_hex, hex(response_body) AS response_body_hex, "
            + "hex(response_body_blocks) AS response_body_blocks_hex";

    private ExchangeRows() {
    }

    static byte[] row(ExchangeRecord r, BodyBlocks.Batch blocks) {
        HttpExchange x = r.exchange();
        if (r.id() == null) {
            throw new IllegalArgumentException("an exchange record has no id");
        }
        if (x == null || x.request() == null) {
            throw new IllegalArgumentException("exchange record " + r.id() + " has no request");
        }
        HttpRequest q = x.request();
        HttpResponse p = x.response();
        BodyBlocks.Stored request = blocks.store(q.body(), q.startMicros());
        try (JsonRow row = new JsonRow()) {
            row.str("id", r.id()).str("source_id", x.sourceId()).str("call_id", r.callId())
                    .str("client_ip", x.client() == null ? null : x.client().ip())
                    .num("client_port", x.client() == null ? 0 : x.client().port())
                    .str("server_ip", x.server() == null ? null : x.server().ip())
                    .num("server_port", x.server() == null ? 0 : x.server().port())
                    .str("method", q.method()).str("uri", q.target()).str("http_version", q.version())
                    .str("request_headers", JsonRows.toJson(q.headers() == null ? List.of() : q.headers()))
                    .bytes("request_body", request.plain()).bytes("request_body_blocks", request.blockList())
                    .num("request_body_length", q.bodyLength()).flag("request_body_truncated", q.bodyTruncated());
            if (p == null) {
                row.num("status", (Integer) null).str("reason", null).str("response_http_version", null)
                        .str("response_headers", null).bytes("response_body", null)
                        .bytes("response_body_blocks", null).num("response_body_length", 0)
                        .flag("response_body_truncated", false).flag("is_sse", false).num("sse_event_count", 0);
            } else {
                BodyBlocks.Stored response = blocks.store(p.body(), q.startMicros());
                row.num("status", (Integer) p.status()).str("reason", p.reason())
                        .str("response_http_version", p.version())
                        .str("response_headers", JsonRows.toJson(p.headers() == null ? List.of() : p.headers()))
                        .bytes("response_body", response.plain()).bytes("response_body_blocks", response.blockList())
                        .num("response_body_length", p.bodyLength())
                        .flag("response_body_truncated", p.bodyTruncated())
                        .flag("is_sse", p.headers() != null && p.isEventStream())
                        .num("sse_event_count", p.events() == null ? 0 : p.events().size());
            }
            return row.num("request_us", q.startMicros()).num("request_end_us", q.endMicros())
                    .num("response_first_byte_us", p == null ? 0 : p.startMicros())
                    .num("response_complete_us", p == null ? 0 : p.endMicros())
                    .dbl("duration_ms", p == null || p.endMicros() == 0 ? null
                            : (p.endMicros() - q.startMicros()) / 1000.0)
                    .flag("complete", p != null && p.complete()).str("problem", x.problem())
                    .finish();
        }
    }

    /**
     * A record from a row selected with {@link #LIST_COLUMNS} or, when {@code detail}, {@link #DETAIL_COLUMNS}. A
     * list item has no bodies and no request headers; of the response headers it keeps only Content-Type, so
     * {@link HttpResponse#isEventStream()} still answers.
     */
    static ExchangeRecord read(JsonNode row, boolean detail, BodyReader bodies) throws StorageException {
        long requestUs = lng(row, "request_us");
        HttpRequest request = new HttpRequest(str(row, "method"), str(row, "uri"), str(row, "http_version"),
                detail ? JsonRows.json(row, "request_headers", SpanRows.HEADERS, List.of()) : List.of(),
                detail ? bodies.body(row, "request_body", requestUs) : null,
                lng(row, "request_body_length"), flag(row, "request_body_truncated"), requestUs,
                lng(row, "request_end_us"));
        HttpResponse response = null;
        if (str(row, "status") != null) {
            List<HttpHeader> headers = JsonRows.json(row, "response_headers", SpanRows.HEADERS, List.of());
            if (!detail) {
                List<HttpHeader> contentType = new ArrayList<>(1);
                for (HttpHeader h : headers) {
                    if (h.name() != null && h.name().equalsIgnoreCase("Content-Type")) {
                        contentType.add(h);
                    }
                }
                headers = List.copyOf(contentType);
            }
            response = new HttpResponse(integer(row, "status"), str(row, "reason"), str(row, "response_http_version"),
                    headers, detail ? bodies.body(row, "response_body", requestUs) : null,
                    lng(row, "response_body_length"), flag(row, "response_body_truncated"), List.of(),
                    lng(row, "response_first_byte_us"), lng(row, "response_complete_us"), flag(row, "complete"));
        }
        String clientIp = str(row, "client_ip");
        String serverIp = str(row, "server_ip");
        HttpExchange exchange = new HttpExchange(str(row, "source_id"),
                clientIp == null ? null : new Endpoint(clientIp, integer(row, "client_port")),
                serverIp == null ? null : new Endpoint(serverIp, integer(row, "server_port")),
                request, response, str(row, "problem"));
        return new ExchangeRecord(str(row, "id"), exchange, str(row, "call_id"));
    }
}
