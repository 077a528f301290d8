package org.egret.decoder.openai.responses.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.egret.api.http.Endpoint;
import org.egret.api.http.HttpExchange;
import org.egret.api.http.HttpHeader;
import org.egret.api.http.HttpRequest;
import org.egret.api.http.HttpResponse;
import org.egret.api.http.SseEvent;

/**
 * Builds api records from the fixtures in {@code testdata/}. An {@code .sse} fixture is the event stream as it was
 * on the wire, each event preceded by an SSE comment {@code : t=<epoch µs>} giving the capture time of the packet
 * that completed it; the comments are stripped from the body handed to the decoder.
 */
final class Exchanges {

    static final long REQUEST_START = 1_795_602_246_989_523L;
    static final String RESPONSES_PATH = "/v1/responses";
    static final ObjectMapper JSON = new ObjectMapper();

    private Exchanges() {
    }

    static byte[] resource(String name) {
        try (InputStream in = Exchanges.class.getResourceAsStream("/testdata/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String name) {
        return new String(resource(name), StandardCharsets.UTF_8);
    }

    static List<HttpHeader> headers(String... nameValues) {
        List<HttpHeader> out = new ArrayList<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            out.add(new HttpHeader(nameValues[i], nameValues[i + 1]));
        }
        return out;
    }

    static HttpRequest post(String target, byte[] body, String... headerNameValues) {
        return new HttpRequest("POST", target, "HTTP/1.1", headers(headerNameValues), body, body == null ? 0 : body.length,
                false, REQUEST_START, REQUEST_START + 150);
    }

    /** A request as the npm openai SDK sends it, with the body of fixture {@code <name>.request.json}. */
    static HttpRequest responsesRequest(String fixture) {
        return responsesRequest(RESPONSES_PATH, resource(fixture + ".request.json"));
    }

    static HttpRequest responsesRequest(String target, byte[] body) {
        return post(target, body, "host", "127.0.0.1:43569", "user-agent", "OpenAI/JS 6.49.0", "authorization",
                "Bearer sk-proj-FIXTUREKEY0000000000000000000000000000", "content-type", "application/json");
    }

    /** A request with the headers Codex CLI sends, with the body of fixture {@code <name>.request.json}. */
    static HttpRequest codexRequest(String fixture) {
        return post(RESPONSES_PATH, resource(fixture + ".request.json"), "host", "127.0.0.1:35769", "authorization",
                "Bearer sk-proj-FIXTUREKEY0000000000000000000000000000", "user-agent",
                "codex_cli_rs/0.118.0 (Ubuntu 24.4.0; x86_64) xterm-256color (codex_cli_rs; 0.118.0)",
                "accept", "text/event-stream", "originator", "codex_cli_rs", "session_id",
                "019d861f-b3ad-76c3-94f2-9c640f156276", "content-type", "application/json");
    }

    static HttpRequest responsesRequest(String target, String body) {
        return responsesRequest(target, body.getBytes(StandardCharsets.UTF_8));
    }

    static HttpResponse json(int status, byte[] body) {
        return new HttpResponse(status, status == 200 ? "OK" : "Error", "HTTP/1.1",
                headers("content-type", "application/json"), body, body.length, false, List.of(),
                REQUEST_START + 200_000, REQUEST_START + 201_000, true);
    }

    static HttpResponse json(int status, String body) {
        return json(status, body.getBytes(StandardCharsets.UTF_8));
    }

    /** The response of fixture {@code <name>.response.sse}, whole. */
    static HttpResponse sse(String fixture) {
        return sse(events(text(fixture + ".response.sse")), true);
    }

    static HttpResponse sse(List<SseEvent> events, boolean complete) {
        StringBuilder body = new StringBuilder();
        for (SseEvent e : events) {
            if (e.event() != null) {
                body.append("event: ").append(e.event()).append('\n');
            }
            for (String line : e.data().split("\n", -1)) {
                body.append("data: ").append(line).append('\n');
            }
            body.append('\n');
        }
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        long start = events.isEmpty() ? REQUEST_START + 8_000 : events.get(0).timestampMicros();
        long end = events.isEmpty() ? start : events.get(events.size() - 1).timestampMicros();
        return new HttpResponse(200, "OK", "HTTP/1.1", headers("content-type", "text/event-stream; charset=utf-8"),
                bytes, bytes.length, false, List.copyOf(events), start, end, complete);
    }

    /** Events of the fixture format: blank-line separated blocks of {@code : t=…}, {@code event:}, {@code data:}. */
    static List<SseEvent> events(String fixtureText) {
        List<SseEvent> out = new ArrayList<>();
        for (String block : fixtureText.split("\n\n")) {
            if (block.isBlank()) {
                continue;
            }
            long t = 0;
            String event = null;
            StringBuilder data = null;
            for (String line : block.split("\n")) {
                if (line.startsWith(": t=")) {
                    t = Long.parseLong(line.substring(4));
                } else if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data = data == null ? new StringBuilder(line.substring(6)) : data.append('\n').append(line.substring(6));
                }
            }
            out.add(new SseEvent(event, data == null ? "" : data.toString(), null, t));
        }
        return out;
    }

    static SseEvent data(String data, long timestampMicros) {
        return new SseEvent(null, data, null, timestampMicros);
    }

    static HttpExchange exchange(HttpRequest request, HttpResponse response) {
        return exchange(request, response, null);
    }

    static HttpExchange exchange(HttpRequest request, HttpResponse response, String problem) {
        return new HttpExchange("pcap:test", new Endpoint("127.0.0.1", 43436), new Endpoint("127.0.0.1", 33931),
                request, response, problem);
    }

    static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
