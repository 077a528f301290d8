package org.egret.example.ollama.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.egret.example.ollama.internal.Exchanges.post;
import static org.egret.example.ollama.internal.Exchanges.request;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.egret.api.http.HttpRequest;
import org.junit.jupiter.api.Test;

class RequestProbeTest {

    private final OllamaNativeDecoder decoder = new OllamaNativeDecoder();

    private int score(String target, String body, String userAgent) {
        return decoder.probe(post(target, body.getBytes(StandardCharsets.UTF_8), userAgent));
    }

    @Test
    void theRoutesDecideWithoutTheBody() {
        assertThat(decoder.probe(request("/api/chat", "chat-stream-tools"))).isEqualTo(95);
        assertThat(decoder.probe(request("/api/generate", "generate-stream"))).isEqualTo(95);
        assertThat(score("/api/chat", "not even json", "curl/8.5.0")).as("route alone").isEqualTo(85);
        assertThat(score("/ollama/api/generate/?x=1", "", "python-httpx/0.27")).isEqualTo(85);
    }

    @Test
    void ollamaBodiesElsewhereAreRecognisedByTheirOwnFields() {
        String body = "{\"model\":\"llama3.2:3b\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                + "\"options\":{\"temperature\":0},\"keep_alive\":\"5m\"}";
        assertThat(score("/gateway/llm", body, "my-agent/1.0")).isEqualTo(55);
        assertThat(score("/gateway/llm", "{\"model\":\"llama3.2\",\"prompt\":\"hi\",\"think\":true}", "x")).isEqualTo(55);
        assertThat(score("/gateway/llm", "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "x")).as("a chat body without Ollama's fields is not ours").isZero();
    }

    @Test
    void otherWireApisRoutesAndOtherMethodsAreNeverClaimed() {
        String body = "{\"model\":\"llama3.2:3b\",\"messages\":[],\"options\":{}}";
        for (String path : List.of("/v1/chat/completions", "/v1/completions", "/v1/messages", "/v1/responses",
                "/v1beta/models/gemini-2.5-flash:generateContent", "/v1/embeddings")) {
            assertThat(score(path, body, "ollama-js/0.6.4")).as(path).isZero();
        }
        HttpRequest get = new HttpRequest("GET", "/api/chat", "HTTP/1.1", List.of(), null, 0, false, 1, 2);
        assertThat(decoder.probe(get)).isZero();
        assertThat(decoder.probe(null)).isZero();
        assertThat(score("/x", "{\"model\":\"a\",\"prompt\":\"p\",\"options\":{}}", "x")).isEqualTo(55);
    }
}
