package org.egret.storage.clickhouse.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.egret.api.decode.LlmCall;
import org.egret.api.decode.ToolCall;
import org.egret.api.decode.ToolResult;
import org.egret.api.http.Endpoint;
import org.egret.api.http.HttpExchange;
import org.egret.api.http.HttpHeader;
import org.egret.api.http.HttpRequest;
import org.egret.api.http.HttpResponse;
import org.egret.api.http.SseEvent;
import org.egret.api.storage.ExchangeRecord;

/** Calls and exchanges shaped like what the decoders and the netstack produce. */
final class SampleTraffic {
    /** 2026-11-26T09:00:00Z in epoch µs, with a sub-millisecond part to catch precision loss. */
    static final long T0 = 1_795_683_600_000_000L + 123_457;

    static final String UNICODE = "Résumé · 日本語のテキスト · emoji 🦅🧪 · RTL שלום · math ∑∫ · NUL-free \"quotes\" \\ ";

    private SampleTraffic() {
    }

    static String id(int n) {
        return String.format("0193a1c2-7e4f-7%03x-8a1b-%012d", n % 4096, n);
    }

    /** A streamed OpenAI chat call with every field set. */
    static LlmCall fullCall(int n, long requestMicros) {
        String requestBody = "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"" + UNICODE + " #" + n + "\"}],\"tools\":[{\"type\":\"function\",\"function\":"
                + "{\"name\":\"get_weather\",\"parameters\":{\"type\":\"object\"}}}]}";
        String responseBody = "{\"id\":\"chatcmpl-" + n + "\",\"object\":\"chat.completion\",\"model\":"
                + "\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                + "\"content\":\"Voilà — 天気は晴れ ☀️\",\"tool_calls\":[]},\"finish_reason\":\"tool_calls\"}],"
                + "\"usage\":{\"prompt_tokens\":812,\"completion_tokens\":64,\"total_tokens\":876}}";
        return new LlmCall()
                .setId(id(n))
                .setSourceId("pcap:/captures/agent-session.pcap")
                .setPipeline("local")
                .setExchangeId("x-" + id(n))
                .setClientIp("10.20.30.40")
                .setClientPort(50_000 + n % 10_000)
                .setServerIp("10.0.0.8")
                .setServerPort(8080)
                .setMethod("POST")
                .setRequestPath("/v1/chat/completions")
                .setHost("llm-gateway.internal.test")
                .setStatusCode(200)
                .setStream(true)
                .setRequestHeaders(List.of(new HttpHeader("Host", "llm-gateway.internal.test"),
                        new HttpHeader("Authorization", "Bearer [redacted]"),
                        new HttpHeader("Content-Type", "application/json"),
                        new HttpHeader("X-Trace", "ünïcödé ✓"), new HttpHeader("X-Trace", "second value")))
                .setResponseHeaders(List.of(new HttpHeader("Content-Type", "text/event-stream; charset=utf-8"),
                        new HttpHeader("Transfer-Encoding", "chunked")))
                .setRequestBody(requestBody)
                .setResponseBody(responseBody)
                .setWireApi("openai-chat")
                .setRequestModel("gpt-4o-mini")
                .setModel("gpt-4o-mini-2024-07-18")
                .setResponseId("chatcmpl-" + n)
                .setFinishReason("tool_calls")
                .setErrorType(null)
                .setErrorMessage(null)
                .setInputTokens(812)
                .setOutputTokens(64)
                .setTotalTokens(876)
                .setCacheReadInputTokens(512)
                .setCacheCreationInputTokens(0)
                .setReasoningTokens(17)
                .setToolCalls(List.of(
                        new ToolCall(0, "call_" + n + "a", "get_weather", "{\"city\":\"Zürich\",\"unit\":\"°C\"}"),
                        new ToolCall(1, "call_" + n + "b", "read_file", "{\"path\":\"/tmp/naïve.txt\"")))
                .setRequestTools(List.of("get_weather", "read_file", "run_shell"))
                .setToolResults(List.of(new ToolResult("call_" + n + "z", "run_shell", true, "exit 1: Zürich ° ✅"),
                        new ToolResult("call_" + n + "y", null, false, null)))
                .setModelSubstituted(true)
                .setServerKind("vllm")
                .setAgentKind("generic")
                .setCostUsd(0.0012345)
                .setSessionId("ses_" + n)
                .setSubagent("task")
                .setAuxiliary("title")
                .setRequestTime(requestMicros)
                .setResponseTime(requestMicros + 312_001)
                .setFirstTokenTime(requestMicros + 401_999)
                .setCompleteTime(requestMicros + 1_950_123)
                .setTtftMs(401.999)
                .setE2eLatencyMs(1950.123)
                .setTpotMs(24.5714285714)
                .setPartial(false)
                .setPartialReason(null)
                .setBodyBytesDropped(0);
    }

    /** A call cut off before any response: every optional field empty. */
    static LlmCall bareCall(int n, long requestMicros) {
        return new LlmCall()
                .setId(id(n))
                .setSourceId("live:eth0")
                .setClientIp("fd00::1")
                .setClientPort(41_000)
                .setServerIp("fd00::2")
                .setServerPort(443)
                .setMethod("POST")
                .setRequestPath("/v1/messages")
                .setWireApi("anthropic")
                .setRequestTime(requestMicros)
                .setPartial(true)
                .setPartialReason("no response before connection closed")
                .setBodyBytesDropped(1_048_576);
    }

    static ExchangeRecord sseExchange(int n, long requestMicros) {
        byte[] requestBody = ("{\"model\":\"claude-sonnet\",\"stream\":true,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"" + UNICODE + "\"}]}").getBytes(StandardCharsets.UTF_8);
        String stream = "event: message_start\ndata: {\"type\":\"message_start\"}\n\n"
                + "event: content_block_delta\ndata: {\"delta\":{\"text\":\"Grüße 🦅\"}}\n\n"
                + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
        byte[] responseBody = stream.getBytes(StandardCharsets.UTF_8);
        HttpRequest request = new HttpRequest("POST", "/v1/messages?beta=true", "HTTP/1.1",
                List.of(new HttpHeader("Host", "llm-gateway.internal.test"),
                        new HttpHeader("content-type", "application/json"),
                        new HttpHeader("x-api-key", "[redacted]")),
                requestBody, requestBody.length, false, requestMicros, requestMicros + 850);
        HttpResponse response = new HttpResponse(200, "OK", "HTTP/1.1",
                List.of(new HttpHeader("content-type", "text/event-stream"),
                        new HttpHeader("request-id", "req_" + n)),
                responseBody, responseBody.length, false,
                List.of(new SseEvent("message_start", "{\"type\":\"message_start\"}", null, requestMicros + 300_000),
                        new SseEvent("content_block_delta", "{\"delta\":{\"text\":\"Grüße 🦅\"}}", null,
                                requestMicros + 410_000),
                        new SseEvent("message_stop", "{\"type\":\"message_stop\"}", "7", requestMicros + 900_000)),
                requestMicros + 299_500, requestMicros + 900_250, true);
        HttpExchange exchange = new HttpExchange("pcap:/captures/agent-session.pcap",
                new Endpoint("192.168.1.20", 53_000 + n % 1000), new Endpoint("192.168.1.1", 8080), request,
                response, null);
        return new ExchangeRecord("x-" + id(n), exchange, id(n));
    }

    /** A request whose response never came, on IPv6, with a truncated body. */
    static ExchangeRecord unansweredExchange(int n, long requestMicros) {
        byte[] partialBody = "{\"input\":\"trunc".getBytes(StandardCharsets.UTF_8);
        HttpRequest request = new HttpRequest("POST", "/v1/responses", "HTTP/1.1",
                List.of(new HttpHeader("Host", "[fd00::2]:8443")), partialBody, 70_000, true, requestMicros, 0);
        HttpExchange exchange = new HttpExchange("live:eth0", new Endpoint("fd00::1", 40_001),
                new Endpoint("fd00::2", 8443), request, null, "no response before connection closed");
        return new ExchangeRecord("x-" + id(n), exchange, null);
    }

    /** A plain JSON exchange that is not an LLM call, with an empty body and a binary one. */
    static ExchangeRecord plainExchange(int n, long requestMicros, String method, String uri, int status) {
        byte[] binary = {0, 1, 2, (byte) 0xff, (byte) 0xfe, 'x'};
        HttpRequest request = new HttpRequest(method, uri, "HTTP/1.0", List.of(), new byte[0], 0, false,
                requestMicros, requestMicros);
        HttpResponse response = new HttpResponse(status, status == 200 ? "OK" : "Error", "HTTP/1.1",
                List.of(new HttpHeader("Content-Type", "application/octet-stream")), binary, binary.length, false,
                List.of(), requestMicros + 1_000, requestMicros + 2_500, false);
        HttpExchange exchange = new HttpExchange("zmq:probe-1", new Endpoint("10.1.1." + (n % 4), 1000 + n),
                new Endpoint("10.9.9.9", 9000), request, response, "response cut off by the capture");
        return new ExchangeRecord("x-" + id(n), exchange, null);
    }

    /** An SSE exchange decoded into call {@code n} whose request body is {@code requestBody}. */
    static ExchangeRecord withBodies(int n, byte[] requestBody, byte[] responseBody) {
        ExchangeRecord base = sseExchange(n, T0 + n);
        HttpRequest q = base.exchange().request();
        HttpResponse p = base.exchange().response();
        HttpRequest request = new HttpRequest(q.method(), q.target(), q.version(), q.headers(), requestBody,
                requestBody == null ? 0 : requestBody.length, false, q.startMicros(), q.endMicros());
        HttpResponse response = new HttpResponse(p.status(), p.reason(), p.version(), p.headers(), responseBody,
                responseBody.length, false, List.of(), p.startMicros(), p.endMicros(), p.complete());
        HttpExchange x = base.exchange();
        return new ExchangeRecord(base.id(), new HttpExchange(x.sourceId(), x.client(), x.server(), request,
                response, x.problem()), base.callId());
    }

    /** About 30 KB of chat request JSON with non-ASCII text: LZ4 and DEFLATE shrink it several-fold. */
    static String largeRequest(int n) {
        StringBuilder sb = new StringBuilder("{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[");
        while (sb.length() < 30_000) {
            sb.append("{\"role\":\"user\",\"content\":\"").append(UNICODE).append(n).append("\"},");
        }
        return sb.append("{\"role\":\"user\",\"content\":\"end\"}]}").toString();
    }

    /** About 60 KB of OpenAI chat SSE text, the same chunk envelope per token. */
    static byte[] largeStream(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; sb.length() < 60_000; i++) {
            sb.append("data: {\"id\":\"chatcmpl-").append(n).append("\",\"object\":\"chat.completion.chunk\","
                    + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Grüße 🦅 ").append(i)
                    .append("\"}}]}\n\n");
        }
        return sb.append("data: [DONE]\n\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Random bytes, which no codec shrinks. */
    static byte[] incompressible(int size) {
        byte[] b = new byte[size];
        new Random(7).nextBytes(b);
        return b;
    }
}
