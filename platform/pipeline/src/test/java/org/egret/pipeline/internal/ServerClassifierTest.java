package org.egret.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.egret.api.decode.LlmCall;
import org.egret.api.http.Endpoint;
import org.egret.api.http.HttpExchange;
import org.egret.api.http.HttpHeader;
import org.egret.api.http.HttpRequest;
import org.egret.api.http.HttpResponse;
import org.egret.api.http.SseEvent;
import org.junit.jupiter.api.Test;

class ServerClassifierTest {

    private static HttpExchange exchange(String host, int port, String path, List<HttpHeader> responseHeaders,
            String body, List<SseEvent> events) {
        HttpRequest req = new HttpRequest("POST", path, "HTTP/1.1", List.of(new HttpHeader("Host", host)),
                new byte[0], 0, false, 1, 2);
        HttpResponse resp = new HttpResponse(200, "OK", "HTTP/1.1", responseHeaders,
                body == null ? null : body.getBytes(StandardCharsets.UTF_8), body == null ? 0 : body.length(),
                false, events, 3, 4, true);
        return new HttpExchange("test", new Endpoint("10.0.0.1", 40000), new Endpoint("10.0.0.2", port), req, resp,
                null);
    }

    private static String of(List<HttpHeader> headers, String body) {
        return ServerClassifier.of(exchange("llm.internal:8000", 8000, "/v1/chat/completions", headers, body, List.of()));
    }

    private static List<HttpHeader> headers(String... nameValues) {
        List<HttpHeader> out = new ArrayList<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            out.add(new HttpHeader(nameValues[i], nameValues[i + 1]));
        }
        return out;
    }

    @Test
    void providersAreKnownByTheirResponseHeaders() {
        assertThat(of(headers("Openai-Processing-Ms", "312", "x-request-id", "req_1"), "{}")).isEqualTo("openai");
        assertThat(of(headers("apim-request-id", "abc", "x-ms-region", "East US"), "{}")).isEqualTo("openai");
        assertThat(of(headers("request-id", "req_011", "anthropic-ratelimit-requests-limit", "50"), "{}"))
                .isEqualTo("anthropic");
        assertThat(of(headers("Server", "scaffolding on HTTPServer2"), "{}")).isEqualTo("gemini");
        assertThat(of(headers("Server", "llama.cpp"), "{}")).isEqualTo("llamacpp");
    }

    @Test
    void liteLlmWinsOverTheBackendHeadersItForwards() {
        assertThat(of(headers("openai-processing-ms", "12", "x-litellm-call-id", "c1"), "{}")).isEqualTo("litellm");
        assertThat(of(headers("x-litellm-version", "1.74.0", "anthropic-ratelimit-tokens-limit", "1"), "{}"))
                .isEqualTo("litellm");
    }

    @Test
    void selfHostedServersAreKnownByTheirBodyQuirks() {
        List<HttpHeader> uvicorn = headers("server", "uvicorn", "content-type", "application/json");
        assertThat(of(uvicorn, "{\"id\":\"chatcmpl-1\",\"choices\":[{\"index\":0,\"finish_reason\":\"stop\","
                + "\"stop_reason\":null}],\"prompt_logprobs\":null}")).isEqualTo("vllm");
        assertThat(of(uvicorn, "{\"id\":\"x\",\"choices\":[{\"finish_reason\":\"stop\",\"matched_stop\":151645}]}"))
                .isEqualTo("sglang");
        assertThat(of(headers(), "{\"id\":\"chatcmpl-9\",\"system_fingerprint\":\"fp_ollama\",\"choices\":[]}"))
                .isEqualTo("ollama");
        assertThat(of(headers(), "{\"choices\":[],\"timings\":{\"prompt_n\":5,\"predicted_ms\":12.5}}"))
                .isEqualTo("llamacpp");
    }

    @Test
    void streamQuirksAreFoundInTheFirstAndLastEvents() {
        List<SseEvent> events = new ArrayList<>();
        events.add(new SseEvent(null, "{\"id\":\"chatcmpl-1\",\"choices\":[{\"delta\":{\"role\":\"assistant\"}}]}",
                null, 1));
        for (int i = 0; i < 50; i++) {
            events.add(new SseEvent(null, "{\"choices\":[{\"delta\":{\"content\":\"x\"}}]}", null, 2 + i));
        }
        events.add(new SseEvent(null, "{\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\",\"matched_stop\":2}]}",
                null, 60));
        events.add(new SseEvent(null, "[DONE]", null, 61));
        assertThat(ServerClassifier.of(exchange("h", 30000, "/v1/chat/completions", headers(), null, events)))
                .isEqualTo("sglang");
    }

    @Test
    void withoutHeadersOrQuirksTheHostOrPortDecides() {
        assertThat(ServerClassifier.of(exchange("api.openai.com", 443, "/v1/chat/completions", headers(), "{}",
                List.of()))).isEqualTo("openai");
        assertThat(ServerClassifier.of(exchange("api.anthropic.com", 443, "/v1/messages", headers(), "{}",
                List.of()))).isEqualTo("anthropic");
        assertThat(ServerClassifier.of(exchange("generativelanguage.googleapis.com", 443,
                "/v1beta/models/gemini-2.5-flash:generateContent", headers(), "{}", List.of()))).isEqualTo("gemini");
        assertThat(ServerClassifier.of(exchange("gpu-box:11434", 11434, "/v1/chat/completions", headers(), "{}",
                List.of()))).isEqualTo("ollama");
        assertThat(ServerClassifier.of(exchange("gpu-box:8000", 8000, "/v1/chat/completions",
                headers("server", "uvicorn"), "{\"choices\":[]}", List.of()))).isEqualTo("unknown");
    }

    @Test
    void aDecodersOwnVerdictIsKept() {
        LlmCall call = new LlmCall().setServerKind("vllm");
        ServerClassifier.classify(call, exchange("api.openai.com", 443, "/v1/chat/completions",
                headers("openai-version", "2020-10-01"), "{}", List.of()));
        assertThat(call.getServerKind()).isEqualTo("vllm");
        LlmCall unset = new LlmCall();
        ServerClassifier.classify(unset, exchange("x", 1, "/", headers(), null, List.of()));
        assertThat(unset.getServerKind()).isEqualTo("unknown");
    }
}
