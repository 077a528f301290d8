package org.egret.example.ollama.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.egret.api.http.Endpoint;
import org.egret.api.http.HttpExchange;
import org.egret.api.http.HttpHeader;
import org.egret.api.http.HttpRequest;
import org.egret.api.http.HttpResponse;

/** Builds api records from the fixtures in {@code testdata/}, with the headers the npm ollama client and Ollama send. */
final class Exchanges {

    static final long REQUEST_START = 1_767_258_000_000_000L;

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

    static HttpRequest post(String target, byte[] body, String userAgent) {
        List<HttpHeader> headers = List.of(new HttpHeader("host", "127.0.0.1:11434"),
                new HttpHeader("content-type", "application/json"), new HttpHeader("accept", "application/json"),
                new HttpHeader("user-agent", userAgent));
        return new HttpRequest("POST", target, "HTTP/1.1", headers, body, body == null ? 0 : body.length, false,
                REQUEST_START, REQUEST_START + 120);
    }

    /** A request as ollama-js 0.6.4 sends it. */
    static HttpRequest request(String target, String fixture) {
        return post(target, resource(fixture + ".request.json"), "ollama-js/0.6.4 (x64 linux Node.js/v20.20.2)");
    }

    static HttpResponse response(int status, String contentType, byte[] body, boolean complete) {
        return new HttpResponse(status, status == 200 ? "OK" : "Not Found", "HTTP/1.1",
                List.of(new HttpHeader("content-type", contentType)), body, body.length, false, List.of(),
                REQUEST_START + 40_000, REQUEST_START + 600_000, complete);
    }

    static HttpResponse ndjson(String fixture) {
        return response(200, "application/x-ndjson", resource(fixture + ".response.ndjson"), true);
    }

    static HttpResponse json(int status, String fixture) {
        return response(status, "application/json; charset=utf-8", resource(fixture + ".response.json"), true);
    }

    static HttpExchange exchange(HttpRequest request, HttpResponse response) {
        return new HttpExchange("pcap:test", new Endpoint("127.0.0.1", 36784), new Endpoint("127.0.0.1", 11434),
                request, response, null);
    }
}
