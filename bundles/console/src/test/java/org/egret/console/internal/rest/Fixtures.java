package org.egret.console.internal.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
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
import org.egret.api.turn.AgentTurn;
import org.egret.api.turn.PlanLoop;
import org.egret.api.turn.TurnStatus;
import org.egret.api.turn.TurnTool;

/** Calls and exchanges as the pipeline would store them. */
final class Fixtures {

    /** Reads responses back; the API itself only writes JSON, with the core generator. */
    private static final ObjectMapper READER = JsonMapper.builder().build();

    /** 2026-01-02T03:04:05.678901Z in epoch µs. */
    static final long T0 = 1_767_323_045_678_901L;

    private Fixtures() {
    }

    /** Every field set, none to its default. */
    static LlmCall fullCall() {
        return new LlmCall()
                .setId("0195f3a2-0000-7000-8000-000000000001")
                .setSourceId("capture")
                .setPipeline("local")
                .setExchangeId("x-1")
                .setClientIp("10.0.0.5").setClientPort(51234)
                .setServerIp("10.0.0.9").setServerPort(8000)
                .setMethod("POST")
                .setRequestPath("/v1/chat/completions")
                .setHost("llm.internal:8000")
                .setStatusCode(200)
                .setStream(true)
                .setRequestHeaders(List.of(new HttpHeader("Content-Type", "application/json"),
                        new HttpHeader("Authorization", "[redacted]")))
                .setResponseHeaders(List.of(new HttpHeader("Content-Type", "text/event-stream")))
                .setRequestBody("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"system\",\"content\":\"be brief\"},"
                        + "{\"role\":\"user\",\"content\":\"What is <b>2+2</b>?\"}],\"stream\":true}")
                .setResponseBody("{\"id\":\"chatcmpl-1\",\"model\":\"gpt-4o-2024-08-06\",\"choices\":[{\"index\":0,"
                        + "\"message\":{\"role\":\"assistant\",\"content\":\"4\",\"tool_calls\":[{\"id\":\"call_1\","
                        + "\"type\":\"function\",\"function\":{\"name\":\"calc\",\"arguments\":\"{\\\"x\\\":2}\"}}]},"
                        + "\"finish_reason\":\"tool_calls\"}]}")
                .setWireApi("openai-chat")
                .setRequestModel("gpt-4o")
                .setModel("gpt-4o-2024-08-06")
                .setResponseId("chatcmpl-1")
                .setFinishReason("tool_calls")
                .setErrorType("none_type")
                .setErrorMessage("none message")
                .setInputTokens(120).setOutputTokens(30).setTotalTokens(150)
                .setCacheReadInputTokens(64).setCacheCreationInputTokens(8).setReasoningTokens(5)
                .setToolCalls(List.of(new ToolCall(0, "call_1", "calc", "{\"x\":2}"),
                        new ToolCall(1, "call_2", "search", "{\"q\":\"two\"}")))
                .setRequestTools(List.of("calc", "search"))
                .setToolResults(List.of(new ToolResult("call_0", "search", true, "<script>alert(1)</script> failed")))
                .setModelSubstituted(true).setServerKind("vllm").setAgentKind("opencode").setCostUsd(0.00042)
                .setSessionId("ses_7").setSubagent("task")
                .setRequestTime(T0)
                .setResponseTime(T0 + 150_000)
                .setFirstTokenTime(T0 + 210_500)
                .setCompleteTime(T0 + 1_250_400)
                .setTtftMs(210.5).setE2eLatencyMs(1250.4).setTpotMs(35.8)
                .setPartial(true)
                .setPartialReason("connection closed before the last chunk")
                .setBodyBytesDropped(17);
    }

    /** A minimal successful call. */
    static LlmCall call(String id, long requestMicros) {
        return new LlmCall().setId(id).setSourceId("capture").setWireApi("openai-chat").setModel("gpt-4o")
                .setRequestModel("gpt-4o").setClientIp("10.0.0.5").setClientPort(40000).setServerIp("10.0.0.9")
                .setServerPort(8000).setMethod("POST").setRequestPath("/v1/chat/completions").setStatusCode(200)
                .setFinishReason("stop").setInputTokens(10).setOutputTokens(2).setRequestTime(requestMicros)
                .setResponseTime(requestMicros + 100_000).setCompleteTime(requestMicros + 400_000)
                .setTtftMs(100.0).setE2eLatencyMs(400.0);
    }

    /** A closed turn with every field set, none to its default; its two calls are {@link #fullCall()} and "c2". */
    static AgentTurn fullTurn() {
        return new AgentTurn()
                .setTurnId("0195f3a2-0000-7000-9000-00000000t001")
                .setPipeline("local")
                .setSourceId("capture")
                .setSessionId("sess-1")
                .setAgentKind("claude-cli")
                .setWireApi("anthropic")
                .setClientIp("10.0.0.5")
                .setServerIp("10.0.0.9")
                .setStartTime(T0)
                .setEndTime(T0 + 5_250_400)
                .setStatus(TurnStatus.COMPLETE)
                .setEndReason("terminal")
                .setCallIds(List.of("0195f3a2-0000-7000-8000-000000000001", "c2"))
                .setModels(List.of("claude-sonnet-4-5", "claude-haiku-4-5"))
                .setSubagents(List.of("task"))
                .setCallCount(2)
                .setErrorCalls(1)
                .setInputTokens(1200).setOutputTokens(300)
                .setCacheReadInputTokens(640).setCacheCreationInputTokens(80).setReasoningTokens(50)
                .setCostUsd(0.0123)
                .setUserInput("Why does <script>alert(1)</script> run?")
                .setUserCallId("0195f3a2-0000-7000-8000-000000000001")
                .setFinalAnswer("Because it is not escaped & rendered as HTML.")
                .setFinalCallId("c2")
                .setFinalFinishReason("end_turn")
                .setTools(List.of(new TurnTool("0195f3a2-0000-7000-8000-000000000001", "toolu_1", "Bash", "k1",
                        "c2", true, "r1"), new TurnTool("c2", null, "Read", "k2", null, null, null)))
                .setToolCallCount(2).setToolResultCount(1).setToolErrorCount(1)
                .setPlanLoop(new PlanLoop("Bash", "{\"cmd\":\"ls\"}", 3))
                .setNoSubmit(true)
                .setModelSubstituted(true)
                .setProxyRole("proxy_in")
                .setProxyPeerTurnId("0195f3a2-0000-7000-9000-00000000t002");
    }

    /** A complete turn of {@code session} that starts at {@code startMicros} and lasts a second. */
    static AgentTurn turn(String id, String session, long startMicros) {
        return new AgentTurn().setTurnId(id).setSourceId("capture").setSessionId(session).setAgentKind("codex-cli")
                .setWireApi("openai-responses").setClientIp("10.0.0.5").setServerIp("10.0.0.9")
                .setStartTime(startMicros).setEndTime(startMicros + 1_000_000).setStatus(TurnStatus.COMPLETE)
                .setEndReason("terminal").setModels(List.of("gpt-5")).setCallCount(1).setInputTokens(10)
                .setOutputTokens(2).setUserInput("question " + id).setFinalAnswer("answer " + id);
    }

    /** {@link #turn} still open: in progress, no end reason yet. */
    static AgentTurn openTurn(String id, String session, long startMicros) {
        return turn(id, session, startMicros).setStatus(TurnStatus.IN_PROGRESS).setEndReason(null)
                .setFinalAnswer(null);
    }

    static LlmCall copy(LlmCall c) {
        return new LlmCall().setId(c.getId()).setSourceId(c.getSourceId()).setPipeline(c.getPipeline())
                .setExchangeId(c.getExchangeId()).setClientIp(c.getClientIp()).setClientPort(c.getClientPort())
                .setServerIp(c.getServerIp()).setServerPort(c.getServerPort()).setMethod(c.getMethod())
                .setRequestPath(c.getRequestPath()).setHost(c.getHost()).setStatusCode(c.getStatusCode())
                .setStream(c.isStream()).setRequestHeaders(c.getRequestHeaders())
                .setResponseHeaders(c.getResponseHeaders()).setRequestBody(c.getRequestBody())
                .setResponseBody(c.getResponseBody()).setWireApi(c.getWireApi()).setRequestModel(c.getRequestModel())
                .setModel(c.getModel()).setResponseId(c.getResponseId()).setFinishReason(c.getFinishReason())
                .setErrorType(c.getErrorType()).setErrorMessage(c.getErrorMessage())
                .setInputTokens(c.getInputTokens()).setOutputTokens(c.getOutputTokens())
                .setTotalTokens(c.getTotalTokens()).setCacheReadInputTokens(c.getCacheReadInputTokens())
                .setCacheCreationInputTokens(c.getCacheCreationInputTokens())
                .setReasoningTokens(c.getReasoningTokens()).setToolCalls(c.getToolCalls())
                .setRequestTools(c.getRequestTools()).setToolResults(c.getToolResults())
                .setModelSubstituted(c.isModelSubstituted()).setServerKind(c.getServerKind())
                .setAgentKind(c.getAgentKind()).setCostUsd(c.getCostUsd())
                .setRequestTime(c.getRequestTime()).setResponseTime(c.getResponseTime())
                .setFirstTokenTime(c.getFirstTokenTime()).setCompleteTime(c.getCompleteTime())
                .setTtftMs(c.getTtftMs()).setE2eLatencyMs(c.getE2eLatencyMs()).setTpotMs(c.getTpotMs())
                .setPartial(c.isPartial()).setPartialReason(c.getPartialReason())
                .setBodyBytesDropped(c.getBodyBytesDropped()).setSessionId(c.getSessionId())
                .setSubagent(c.getSubagent()).setAuxiliary(c.getAuxiliary()).setTurnFacts(c.getTurnFacts());
    }

    /** A streamed exchange with a UTF-8 request and its SSE events. */
    static ExchangeRecord sseExchange(String id, long startMicros) {
        HttpRequest req = new HttpRequest("POST", "/v1/chat/completions?trace=1", "HTTP/1.1",
                List.of(new HttpHeader("Host", "llm"), new HttpHeader("Content-Type", "application/json")),
                "{\"q\":\"é\"}".getBytes(StandardCharsets.UTF_8), 11, false, startMicros, startMicros + 1_000);
        String stream = "data: {\"a\":1}\n\ndata: [DONE]\n\n";
        HttpResponse resp = new HttpResponse(200, "OK", "HTTP/1.1",
                List.of(new HttpHeader("Content-Type", "text/event-stream; charset=utf-8")),
                stream.getBytes(StandardCharsets.UTF_8), stream.length(), false,
                List.of(new SseEvent(null, "{\"a\":1}", null, startMicros + 200_000),
                        new SseEvent(null, "[DONE]", null, startMicros + 300_000)),
                startMicros + 150_000, startMicros + 300_500, true);
        return new ExchangeRecord(id, new HttpExchange("capture", new Endpoint("10.0.0.5", 40000),
                new Endpoint("10.0.0.9", 8000), req, resp, null), "call-" + id);
    }

    /** A non-LLM exchange whose response body is not UTF-8 and whose connection was cut. */
    static ExchangeRecord binaryExchange(String id, long startMicros) {
        HttpRequest req = new HttpRequest("GET", "/favicon.ico", "HTTP/1.1", List.of(new HttpHeader("Host", "x")),
                new byte[0], 0, false, startMicros, startMicros);
        HttpResponse resp = new HttpResponse(404, "Not Found", "HTTP/1.1",
                List.of(new HttpHeader("Content-Type", "image/x-icon")), new byte[] {(byte) 0xff, 0x00, (byte) 0xfe},
                3, true, List.of(), startMicros + 5_000, startMicros + 6_000, false);
        return new ExchangeRecord(id, new HttpExchange("capture", new Endpoint("10.0.0.6", 40001),
                new Endpoint("10.0.0.7", 80), req, resp, "no response before connection closed"), null);
    }

    static JsonNode json(byte[] bytes) {
        try {
            return READER.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(String text) {
        return json(text.getBytes(StandardCharsets.UTF_8));
    }
}
