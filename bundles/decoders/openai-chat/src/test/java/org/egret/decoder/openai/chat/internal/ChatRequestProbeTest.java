package org.egret.decoder.openai.chat.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.egret.decoder.openai.chat.internal.Exchanges.chatRequest;
import static org.egret.decoder.openai.chat.internal.Exchanges.headers;
import static org.egret.decoder.openai.chat.internal.Exchanges.post;
import static org.egret.decoder.openai.chat.internal.Exchanges.resource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.egret.api.http.HttpRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChatRequestProbeTest {

    private static final String CHAT_BODY = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    private final OpenAiChatDecoder decoder = new OpenAiChatDecoder();

    @ParameterizedTest
    @ValueSource(strings = {
        "/v1/chat/completions", // OpenAI, vLLM, SGLang, Ollama /v1, llama.cpp, LM Studio
        "/chat/completions", // LiteLLM proxy without /v1
        "/v1/chat/completions/",
        "/api/v1/chat/completions", // OpenRouter
        "/openai/v1/chat/completions", // Groq
        "/openai/deployments/gpt-4o-prod/chat/completions?api-version=2024-10-21", // Azure OpenAI
        "http://10.0.0.5:8000/v1/chat/completions", // absolute-form target through a forward proxy
    })
    void chatRouteScoresHigh(String target) {
        assertThat(decoder.probe(chatRequest(target, CHAT_BODY))).isEqualTo(90);
    }

    @Test
    void chatRouteScoresHighWithoutCredentialsAndWhateverTheBody() {
        byte[] garbage = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3};
        assertThat(decoder.probe(post("/v1/chat/completions", garbage))).isEqualTo(90);
        assertThat(decoder.probe(post("/v1/chat/completions", null))).isEqualTo(90);
        assertThat(decoder.probe(chatRequest("openai-stream-text"))).isEqualTo(90);
    }

    @Test
    void notPostIsNotAChatCall() {
        HttpRequest get = new HttpRequest("GET", "/v1/chat/completions", "HTTP/1.1", headers(), new byte[0], 0, false, 1,
                1);
        HttpRequest options = new HttpRequest("OPTIONS", "/v1/chat/completions", "HTTP/1.1", headers(), null, 0, false,
                1, 1);
        HttpRequest noMethod = new HttpRequest(null, "/v1/chat/completions", "HTTP/1.1", headers(), null, 0, false, 1, 1);
        assertThat(decoder.probe(get)).isZero();
        assertThat(decoder.probe(options)).isZero();
        assertThat(decoder.probe(noMethod)).isZero();
        assertThat(decoder.probe(null)).isZero();
    }

    @Test
    void claudeCliRequestToMessagesIsNotMine() {
        // Real claude-cli 2.1 request: model + messages, no input, and Anthropic headers on /v1/messages.
        HttpRequest claude = post("/v1/messages?beta=true", resource("anthropic-claude-cli.request.json"), "Host",
                "127.0.0.1:8317", "User-Agent", "claude-cli/2.1.104 (external, cli)", "Anthropic-Version", "2023-06-01",
                "Authorization", "Bearer timmy-123456", "Content-Type", "application/json");
        assertThat(decoder.probe(claude)).isZero();

        HttpRequest headerless = post("/v1/messages", resource("anthropic-claude-cli.request.json"), "Content-Type",
                "application/json");
        assertThat(decoder.probe(headerless)).isZero();
    }

    @Test
    void anthropicSignalsOnTheChatRouteScoreLow() {
        assertThat(decoder.probe(post("/v1/chat/completions", bytes(CHAT_BODY), "anthropic-version", "2023-06-01")))
                .isEqualTo(30);
        assertThat(decoder.probe(post("/v1/chat/completions", bytes(CHAT_BODY), "x-api-key", "sk-ant-api03-AAAA")))
                .isEqualTo(30);
        assertThat(decoder.probe(post("/v1/chat/completions", bytes(CHAT_BODY), "Authorization", "bearer sk-ant-oat01-B")))
                .isEqualTo(30);
        // An Anthropic-shaped body (top-level system) with Anthropic headers is not a chat call even on this route.
        assertThat(decoder.probe(post("/v1/chat/completions", resource("anthropic-claude-cli.request.json"),
                "anthropic-version", "2023-06-01"))).isZero();
        assertThat(decoder.probe(post("/v1/chat/completions", bytes("{\"model\":\"x\",\"input\":\"hi\"}"),
                "anthropic-version", "2023-06-01"))).isZero();
    }

    @Test
    void chatShapedBodyOnAnotherPathScoresFifty() {
        assertThat(decoder.probe(post("/llm/invoke", bytes(CHAT_BODY), "content-type", "application/json"))).isEqualTo(50);
        assertThat(decoder.probe(post("/llm/invoke", bytes(CHAT_BODY)))).isEqualTo(50);
        assertThat(decoder.probe(post("/llm/invoke", bytes(CHAT_BODY), "content-type", "application/json; charset=utf-8")))
                .isEqualTo(50);
        assertThat(decoder.probe(post("/gateway", resource("openai-stream-tools.request.json")))).isEqualTo(50);
    }

    @Test
    void otherShapesAndRoutesOnOtherPathsScoreZero() {
        assertThat(probeOther("{\"model\":\"gpt-4.1\",\"input\":\"hi\",\"messages\":[{\"role\":\"user\"}]}")).isZero();
        assertThat(probeOther("{\"model\":\"gpt-4.1\",\"messages\":[]}")).isZero();
        assertThat(probeOther("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).isZero();
        assertThat(probeOther("{\"model\":42,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).isZero();
        assertThat(probeOther("{\"model\":\"m\",\"messages\":{\"role\":\"user\"}}")).isZero();
        assertThat(probeOther("{\"model\":\"claude\",\"system\":\"be brief\",\"messages\":[{\"role\":\"user\"}]}")).isZero();
        assertThat(probeOther("{\"contents\":[{\"parts\":[{\"text\":\"hi\"}]}]}")).isZero();
        assertThat(probeOther("[" + CHAT_BODY + "]")).isZero();
        assertThat(decoder.probe(post("/llm/invoke", bytes(CHAT_BODY), "content-type", "text/plain"))).isZero();
        assertThat(decoder.probe(post("/llm/invoke", bytes(CHAT_BODY), "anthropic-version", "2023-06-01"))).isZero();
        assertThat(decoder.probe(post("/api/chat", bytes(CHAT_BODY)))).as("Ollama native").isZero();
        assertThat(decoder.probe(post("/v1/responses", bytes(CHAT_BODY)))).isZero();
        assertThat(decoder.probe(post("/v1/messages", bytes(CHAT_BODY)))).isZero();
        assertThat(decoder.probe(post("/v1beta/models/gemini-2.5-pro:generateContent", bytes(CHAT_BODY)))).isZero();
    }

    @Test
    void truncatedBodyIsJudgedOnWhatArrived() {
        byte[] body = resource("openai-stream-tools.request.json");
        byte[] cut = Arrays.copyOf(body, 200); // inside the first message
        assertThat(decoder.probe(post("/gateway", cut))).isEqualTo(50);
        assertThat(decoder.probe(post("/gateway", Arrays.copyOf(body, 12)))).isZero();
    }

    @Test
    void neverThrowsOnGarbage() throws IOException {
        Random random = new Random(42);
        for (int i = 0; i < 200; i++) {
            byte[] junk = new byte[random.nextInt(300)];
            random.nextBytes(junk);
            if (junk.length > 0 && i % 2 == 0) {
                junk[0] = '{';
            }
            assertThat(decoder.probe(post("/gateway", junk))).isZero();
        }
        assertThat(decoder.probe(post("/gateway", gzip(bytes(CHAT_BODY)), "content-type", "application/json"))).isZero();
        assertThat(decoder.probe(post("/gateway", bytes("{\"model\":\"m\",\"x\":" + "[".repeat(5000))))).isZero();
        assertThat(decoder.probe(post("/gateway", new byte[0]))).isZero();
        assertThat(decoder.probe(new HttpRequest("POST", null, null, null, null, 0, false, 0, 0))).isZero();
    }

    private int probeOther(String body) {
        return decoder.probe(post("/llm/invoke", bytes(body), "content-type", "application/json"));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }
}
