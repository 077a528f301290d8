package org.egret.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import org.egret.api.decode.LlmCall;
import org.egret.api.decode.ToolCall;
import org.egret.api.http.Endpoint;
import org.egret.api.http.HttpExchange;
import org.egret.api.http.HttpHeader;
import org.egret.api.http.HttpRequest;
import org.egret.api.http.HttpResponse;
import org.egret.api.pipeline.LatencyStats;
import org.egret.api.pipeline.MetricGranularity;
import org.egret.api.pipeline.MetricWindow;
import org.egret.api.storage.ExchangeRecord;
import org.egret.api.storage.HealthSample;
import org.egret.api.storage.MetricRollup;
import org.egret.api.turn.AgentTurn;
import org.egret.api.turn.TurnStatus;

/**
 * The rows of a long capture, call {@code i} a pure function of {@code i}: calls {@link #SPACING_MICROS} apart
 * ending now, each with its exchange (same request body, the response as SSE text), turns of
 * {@link #CALLS_PER_TURN} consecutive calls, sessions of {@link #TURNS_PER_SESSION} turns, one-minute rollups and
 * health samples over the same span. Bodies are JSON-shaped text of about the asked size, different in every call
 * (a pool of random texts behind a per-call prefix), so no store sees the same body twice.
 */
final class SyntheticStorageRows {
    static final long SPACING_MICROS = 100_000;
    static final int CALLS_PER_TURN = 5;
    static final int TURNS_PER_SESSION = 20;
    static final String[] WIRE_APIS = {"openai-chat", "anthropic", "openai-responses", "gemini"};
    static final String[][] MODELS = {{"gpt-4o", "gpt-4o-mini"}, {"claude-sonnet-4-5", "claude-haiku-4-5"},
        {"gpt-5", "o4-mini"}, {"gemini-2.5-pro", "gemini-2.5-flash"}};
    static final String[] PATHS = {"/v1/chat/completions", "/v1/messages", "/v1/responses",
        "/v1beta/models/gemini-2.5-pro:streamGenerateContent"};
    static final String[] AGENTS = {"claude-cli", "codex-cli", "opencode", "gemini-cli", "generic"};
    private static final String[] WORDS = {"the", "function", "returns", "null", "when", "file", "is", "missing",
        "please", "fix", "test", "assert", "buffer", "parser", "stream", "token", "cache", "retry", "error", "value",
        "Zürich", "naïve", "日本語", "🦅", "result", "query", "index", "commit", "branch", "review"};
    private static final int POOL = 512;

    private final int calls;
    private final long firstMicros;
    private final String[] requestTexts = new String[POOL];
    private final String[] responseTexts = new String[POOL];

    SyntheticStorageRows(int calls, int bodyBytes, long endMicros) {
        this.calls = calls;
        this.firstMicros = endMicros - calls * SPACING_MICROS;
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < POOL; i++) {
            requestTexts[i] = text(random, Math.max(64, bodyBytes - 160));
            responseTexts[i] = text(random, Math.max(32, bodyBytes / 2));
        }
    }

    private static String text(SplittableRandom random, int bytes) {
        StringBuilder sb = new StringBuilder(bytes + 16);
        while (sb.toString().getBytes(StandardCharsets.UTF_8).length < bytes) {
            for (int i = 0; i < 32; i++) {
                sb.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
            }
        }
        return sb.toString();
    }

    long firstMicros() {
        return firstMicros;
    }

    long endMicros() {
        return firstMicros + calls * SPACING_MICROS;
    }

    int calls() {
        return calls;
    }

    int turns() {
        return calls / CALLS_PER_TURN;
    }

    static String callId(long requestMicros, int i) {
        long millis = requestMicros / 1000;
        long msb = (millis << 16) | 0x7000L | (i & 0xfff);
        long lsb = 0x8000_0000_0000_0000L | i;
        return new UUID(msb, lsb).toString();
    }

    static String turnId(int t) {
        return new UUID(0x0193_a1c2_7e4f_7000L | (t >>> 20), 0x9c2d_0000_0000_0000L | t).toString();
    }

    long requestMicros(int i) {
        return firstMicros + i * SPACING_MICROS + mix(i, 1) % 50_000;
    }

    private static long mix(long i, long salt) {
        long z = i * 0x9E3779B97F4A7C15L + salt * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (z ^ (z >>> 31)) & Long.MAX_VALUE;
    }

    static int status(int i) {
        long r = mix(i, 2) % 1000;
        return r < 20 ? 429 : r < 25 ? 500 : r < 30 ? 0 : 200;
    }

    static String clientIp(int i) {
        return "10.1." + (i / 7 % 5) + "." + (mix(i / 7, 3) % 50);
    }

    static String serverIp(int i) {
        return "10.0.0." + (8 + mix(i, 4) % 4);
    }

    double e2eMs(int i) {
        return 300 + mix(i, 5) % 30_000 / 3.0;
    }

    int inputTokens(int i) {
        return 500 + (int) (mix(i, 6) % 20_000);
    }

    int outputTokens(int i) {
        return 10 + (int) (mix(i, 7) % 800);
    }

    /** Call {@code i} with its bodies. */
    LlmCall call(int i) {
        int api = (int) (mix(i / CALLS_PER_TURN, 8) % WIRE_APIS.length);
        long request = requestMicros(i);
        int status = status(i);
        boolean stream = mix(i, 9) % 10 < 7;
        double e2e = e2eMs(i);
        double ttft = status == 0 ? 0 : Math.min(e2e, 150 + mix(i, 10) % 2_000);
        String id = callId(request, i);
        String model = MODELS[api][(int) (mix(i, 11) % 2)];
        int text = (int) (mix(i, 12) % POOL);
        String requestBody = "{\"model\":\"" + model + "\",\"stream\":" + stream + ",\"metadata\":{\"call\":\"" + id
                + "\"},\"messages\":[{\"role\":\"user\",\"content\":\"" + requestTexts[text] + "\"}]}";
        String responseBody = status == 0 ? null : "{\"id\":\"resp-" + i + "\",\"model\":\"" + model
                + "\",\"content\":\"" + responseTexts[(text + 1) % POOL] + "\"}";
        LlmCall c = new LlmCall()
                .setId(id)
                .setSourceId("pcap:/bench/capture.pcap")
                .setPipeline("bench")
                .setExchangeId("x-" + id)
                .setClientIp(clientIp(i))
                .setClientPort(40_000 + i % 20_000)
                .setServerIp(serverIp(i))
                .setServerPort(api == 3 ? 443 : 8000)
                .setMethod("POST")
                .setRequestPath(PATHS[api])
                .setHost("llm-gateway.internal")
                .setStatusCode(status)
                .setStream(stream)
                .setRequestHeaders(List.of(new HttpHeader("Host", "llm-gateway.internal"),
                        new HttpHeader("Content-Type", "application/json"),
                        new HttpHeader("Authorization", "Bearer [redacted]"),
                        new HttpHeader("User-Agent", "bench-agent/1.0")))
                .setResponseHeaders(List.of(new HttpHeader("Content-Type",
                        stream ? "text/event-stream" : "application/json")))
                .setRequestBody(requestBody)
                .setResponseBody(responseBody)
                .setWireApi(WIRE_APIS[api])
                .setRequestModel(model)
                .setModel(model)
                .setResponseId(status == 0 ? null : "resp-" + i)
                .setFinishReason(status == 200 ? (mix(i, 13) % 3 == 0 ? "tool_calls" : "stop") : null)
                .setInputTokens(status == 200 ? inputTokens(i) : null)
                .setOutputTokens(status == 200 ? outputTokens(i) : null)
                .setCacheReadInputTokens(status == 200 ? inputTokens(i) / 2 : null)
                .setToolCalls(mix(i, 13) % 3 == 0 ? List.of(new ToolCall(0, "call_" + i, "read_file",
                        "{\"path\":\"src/Main" + i % 100 + ".java\"}")) : List.of())
                .setRequestTools(List.of("read_file", "run_shell", "write_file"))
                .setServerKind(api == 1 ? "anthropic" : api == 3 ? "gemini" : "openai")
                .setAgentKind(AGENTS[(int) (mix(i / CALLS_PER_TURN / TURNS_PER_SESSION, 14) % AGENTS.length)])
                .setCostUsd(status == 200 ? inputTokens(i) * 3e-6 : null)
                .setSessionId(sessionId(i / CALLS_PER_TURN / TURNS_PER_SESSION))
                .setRequestTime(request)
                .setResponseTime(status == 0 ? 0 : request + (long) (ttft * 500))
                .setFirstTokenTime(status == 0 ? 0 : request + (long) (ttft * 1000))
                .setCompleteTime(status == 0 ? 0 : request + (long) (e2e * 1000))
                .setTtftMs(status == 0 ? null : ttft)
                .setE2eLatencyMs(status == 0 ? null : e2e)
                .setTpotMs(stream && status == 200 ? (e2e - ttft) / outputTokens(i) : null)
                .setPartial(status == 0)
                .setPartialReason(status == 0 ? "no response before connection closed" : null);
        return c;
    }

    /** The exchange call {@code c} was decoded from: its request body byte for byte, the response as SSE text. */
    static ExchangeRecord exchange(LlmCall c) {
        byte[] requestBody = c.getRequestBody().getBytes(StandardCharsets.UTF_8);
        HttpRequest request = new HttpRequest("POST", c.getRequestPath(), "HTTP/1.1", c.getRequestHeaders(),
                requestBody, requestBody.length, false, c.getRequestTime(), c.getRequestTime() + 200);
        HttpResponse response = null;
        if (c.getStatusCode() != 0) {
            byte[] body = ("data: " + c.getResponseBody() + "\n\ndata: [DONE]\n\n").getBytes(StandardCharsets.UTF_8);
            response = new HttpResponse(c.getStatusCode(), "OK", "HTTP/1.1", c.getResponseHeaders(), body,
                    body.length, false, List.of(), c.getResponseTime(), c.getCompleteTime(), true);
        }
        HttpExchange x = new HttpExchange(c.getSourceId(), new Endpoint(c.getClientIp(), c.getClientPort()),
                new Endpoint(c.getServerIp(), c.getServerPort()), request, response,
                response == null ? "no response before connection closed" : null);
        return new ExchangeRecord(c.getExchangeId(), x, c.getId());
    }

    static String sessionId(int s) {
        return "bench-session-" + s;
    }

    /** Turn {@code t}: calls {@code 5t .. 5t+4}, its session {@code t / 20}. */
    AgentTurn turn(int t) {
        int first = t * CALLS_PER_TURN;
        int last = first + CALLS_PER_TURN - 1;
        List<String> callIds = new ArrayList<>(CALLS_PER_TURN);
        long input = 0;
        long output = 0;
        int errors = 0;
        for (int i = first; i <= last; i++) {
            callIds.add(callId(requestMicros(i), i));
            if (status(i) == 200) {
                input += inputTokens(i);
                output += outputTokens(i);
            } else {
                errors++;
            }
        }
        int api = (int) (mix(t, 8) % WIRE_APIS.length);
        int session = t / TURNS_PER_SESSION;
        return new AgentTurn()
                .setTurnId(turnId(t))
                .setPipeline("bench")
                .setSourceId("pcap:/bench/capture.pcap")
                .setSessionId(sessionId(session))
                .setAgentKind(AGENTS[(int) (mix(session, 14) % AGENTS.length)])
                .setWireApi(WIRE_APIS[api])
                .setClientIp(clientIp(first))
                .setServerIp(serverIp(first))
                .setStartTime(requestMicros(first))
                .setEndTime(requestMicros(last) + (long) (e2eMs(last) * 1000))
                .setStatus(errors == 0 ? TurnStatus.COMPLETE : TurnStatus.INCOMPLETE)
                .setEndReason(errors == 0 ? "terminal" : "idle_timeout")
                .setCallIds(callIds)
                .setModels(List.of(MODELS[api][0]))
                .setCallCount(CALLS_PER_TURN)
                .setErrorCalls(errors)
                .setInputTokens(input)
                .setOutputTokens(output)
                .setCostUsd(input * 3e-6)
                .setUserInput("please fix the failing test in module " + t % 97)
                .setUserCallId(callIds.get(0))
                .setFinalAnswer("Done: fixed in commit " + Integer.toHexString(t))
                .setFinalCallId(callIds.get(CALLS_PER_TURN - 1))
                .setFinalFinishReason("stop")
                .setProxyRole(t % 50 == 49 ? "proxy_out" : null);
    }

    /** The one-minute windows of the span: one per minute and wire API and model. */
    List<MetricRollup> rollups() {
        List<MetricRollup> out = new ArrayList<>();
        long first = MetricGranularity.ONE_MINUTE.windowStart(firstMicros);
        for (long start = first; start < endMicros(); start += MetricGranularity.ONE_MINUTE.micros()) {
            for (int api = 0; api < WIRE_APIS.length; api++) {
                for (String model : MODELS[api]) {
                    long n = 60 + mix(start + api, 15) % 30;
                    TreeMap<Long, Long> buckets = new TreeMap<>();
                    buckets.put(200_000L, n / 2);
                    buckets.put(1_000_000L, n - n / 2);
                    LatencyStats stats = LatencyStats.of(n, n * 600.0, 1000, buckets);
                    out.add(new MetricRollup("bench", new MetricWindow(start, MetricGranularity.ONE_MINUTE,
                            WIRE_APIS[api], model, "openai", AGENTS[api], n, n * 7 / 10, 2, 1, 0, 0, n * 5000,
                            n, n * 300, n, n * 2000, 0, 0, n * 5000, n * 0.01, n * 2e6, 5, stats, stats, stats,
                            stats)));
                }
            }
        }
        return out;
    }

    /** A health sample of the bench pipeline every ten seconds of the span. */
    List<HealthSample> healthSamples() {
        List<HealthSample> out = new ArrayList<>();
        long n = 0;
        for (long t = firstMicros; t < endMicros(); t += 10_000_000L) {
            n++;
            out.add(new HealthSample(t, "bench", "running", java.util.Map.of("packets", n * 12_000,
                    "calls", n * 100, "dropped_frames", 0L)));
        }
        return out;
    }
}
