package org.egret.console.internal.rest;

import static org.egret.console.internal.rest.JsonOutput.millisOrNull;
import static org.egret.console.internal.rest.JsonOutput.numberOrNull;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.egret.api.http.Endpoint;
import org.egret.api.http.HttpExchange;
import org.egret.api.http.HttpRequest;
import org.egret.api.http.HttpResponse;
import org.egret.api.http.SseEvent;
import org.egret.api.storage.ExchangeRecord;

/** A stored HTTP exchange as Heron's {@code HttpExchangeListItem} / {@code HttpExchangeDetail}, plus Egret's extras. */
final class ExchangeJson {

    private ExchangeJson() {
    }

    static void writeListItem(JsonGenerator g, ExchangeRecord r) throws IOException {
        HttpExchange x = r.exchange();
        HttpRequest req = x.request();
        HttpResponse resp = x.response();
        g.writeStartObject();
        g.writeStringField("id", r.id());
        g.writeStringField("source_id", x.sourceId());
        g.writeNumberField("request_time", Math.floorDiv(req.startMicros(), 1000L));
        g.writeStringField("method", req.method());
        g.writeStringField("uri", req.target());
        g.writeStringField("client_ip", ip(x.client()));
        g.writeStringField("server_ip", ip(x.server()));
        g.writeNumberField("server_port", port(x.server()));
        status(g, resp);
        g.writeBooleanField("is_sse", isSse(resp));
        numberOrNull(g, "duration_ms", durationMillis(req, resp));
        g.writeStringField("call_id", r.callId());
        g.writeBooleanField("complete", x.isComplete());
        g.writeStringField("problem", x.problem());
        g.writeEndObject();
    }

    static void writeDetail(JsonGenerator g, ExchangeRecord r) throws IOException {
        HttpExchange x = r.exchange();
        HttpRequest req = x.request();
        HttpResponse resp = x.response();
        g.writeStartObject();
        g.writeStringField("id", r.id());
        g.writeStringField("source_id", x.sourceId());
        g.writeStringField("client_ip", ip(x.client()));
        g.writeNumberField("client_port", port(x.client()));
        g.writeStringField("server_ip", ip(x.server()));
        g.writeNumberField("server_port", port(x.server()));
        g.writeStringField("method", req.method());
        g.writeStringField("uri", req.target());
        g.writeStringField("request_headers", JsonOutput.headersJson(req.headers()));
        writeBody(g, "request_body", req.body());
        status(g, resp);
        g.writeStringField("response_headers", JsonOutput.headersJson(resp == null ? List.of() : resp.headers()));
        writeBody(g, "response_body", resp == null ? null : resp.body());
        g.writeBooleanField("is_sse", isSse(resp));
        SseStreamText sse = sseCounts(resp);
        g.writeNumberField("sse_event_count", sse.events());
        g.writeNumberField("sse_data_bytes", sse.dataBytes());
        g.writeNumberField("request_time", Math.floorDiv(req.startMicros(), 1000L));
        numberOrNull(g, "response_first_byte_time", resp == null ? null : millisOrNull(resp.startMicros()));
        numberOrNull(g, "response_complete_time", resp == null ? null : millisOrNull(resp.endMicros()));
        numberOrNull(g, "duration_ms", durationMillis(req, resp));
        g.writeStringField("http_version", req.version());
        g.writeStringField("status_reason", resp == null ? null : resp.reason());
        g.writeBooleanField("request_body_truncated", req.bodyTruncated());
        g.writeBooleanField("response_body_truncated", resp != null && resp.bodyTruncated());
        g.writeStringField("call_id", r.callId());
        g.writeBooleanField("complete", x.isComplete());
        g.writeStringField("problem", x.problem());
        g.writeEndObject();
    }

    /**
     * A body as text when it is valid UTF-8, else base64; {@code <name>_encoding} says which ({@code utf-8} or
     * {@code base64}, null with a null body).
     */
    private static void writeBody(JsonGenerator g, String name, byte[] body) throws IOException {
        if (body == null) {
            g.writeNullField(name);
            g.writeNullField(name + "_encoding");
            return;
        }
        String text = utf8OrNull(body);
        if (text != null) {
            g.writeStringField(name, text);
            g.writeStringField(name + "_encoding", "utf-8");
        } else {
            g.writeStringField(name, Base64.getEncoder().encodeToString(body));
            g.writeStringField(name + "_encoding", "base64");
        }
    }

    static String utf8OrNull(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static void status(JsonGenerator g, HttpResponse resp) throws IOException {
        if (resp == null) {
            g.writeNullField("status");
        } else {
            g.writeNumberField("status", resp.status());
        }
    }

    /**
     * List items carry no headers, so the event list (or the content type, when headers are kept) tells a stream.
     */
    static boolean isSse(HttpResponse resp) {
        if (resp == null) {
            return false;
        }
        return (resp.events() != null && !resp.events().isEmpty())
                || (resp.headers() != null && resp.isEventStream());
    }

    /** From the first request byte to the last response byte seen; null without a response. */
    private static Double durationMillis(HttpRequest req, HttpResponse resp) {
        if (resp == null || resp.endMicros() == 0 || req.startMicros() == 0) {
            return null;
        }
        return Math.max(0, resp.endMicros() - req.startMicros()) / 1000.0;
    }

    /** From the event list when storage kept it, else recounted from the stored stream text. */
    private static SseStreamText sseCounts(HttpResponse resp) {
        if (resp == null || !isSse(resp)) {
            return new SseStreamText(0, 0);
        }
        List<SseEvent> events = resp.events() == null ? List.of() : resp.events();
        if (events.isEmpty() && resp.body() != null) {
            return SseStreamText.count(new String(resp.body(), StandardCharsets.UTF_8));
        }
        long bytes = 0;
        for (SseEvent e : events) {
            if (e.data() != null) {
                bytes += e.data().getBytes(StandardCharsets.UTF_8).length;
            }
        }
        return new SseStreamText(events.size(), bytes);
    }

    private static String ip(Endpoint e) {
        return e == null ? null : e.ip();
    }

    private static int port(Endpoint e) {
        return e == null ? 0 : e.port();
    }
}
