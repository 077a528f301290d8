package org.egret.decoder.openai.responses.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.egret.decoder.openai.responses.internal.Exchanges.headers;
import static org.egret.decoder.openai.responses.internal.Exchanges.post;
import static org.egret.decoder.openai.responses.internal.Exchanges.resource;
import static org.egret.decoder.openai.responses.internal.Exchanges.responsesRequest;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.egret.api.http.HttpRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResponsesRequestProbeTest {

    private static final String BODY = "{\"model\":\"gpt-4.1-mini\",\"input\":\"hi\"}";
    private static final String BEARER = "Bearer sk-proj-FIXTUREKEY0000000000000000000000000000";

    private final OpenAiResponsesDecoder decoder = new OpenAiResponsesDecoder();

    @ParameterizedTest
    @ValueSource(strings = {
        "/v1/responses", // OpenAI
        "/v1/responses/",
        "/api/v1/responses", // OpenRouter
        "/openai/v1/responses", // Groq, Azure OpenAI v1
        "/openai/v1/responses?api-version=preview",
        "/openai/responses?api-version=2025-03-01-preview", // Azure OpenAI
        "/backend-api/codex/responses", // ChatGPT backend, Codex CLI signed in with ChatGPT
        "/responses", // LiteLLM and proxies without a version
        "http://10.0.0.5:4000/v1/responses", // absolute-form target through a forward proxy
    })
    void createRouteWithCredentialsScores95(String target) {
        assertThat(decoder.probe(responsesRequest(target, BODY))).isEqualTo(95);
        assertThat(decoder.probe(post(target, bytes(BODY), "api-key", "FIXTUREKEY-azure"))).as("Azure api-key")
                .isEqualTo(95);
    }

    @Test
    void createRouteAloneScores85WhateverTheBody() {
        byte[] garbage = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3};
        assertThat(decoder.probe(post("/v1/responses", bytes(BODY)))).isEqualTo(85);
        assertThat(decoder.probe(post("/v1/responses", garbage))).isEqualTo(85);
        assertThat(decoder.probe(post("/v1/responses", null))).isEqualTo(85);
        assertThat(decoder.probe(post("/v1/responses", bytes(BODY), "authorization", "Basic dXNlcjpwYXNz"))).isEqualTo(85);
    }

    @Test
    void realRequestsScoreHigh() {
        assertThat(decoder.probe(responsesRequest("responses-codex-shell"))).isEqualTo(95);
        assertThat(decoder.probe(responsesRequest("responses-tools-results"))).isEqualTo(95);
    }

    @Test
    void otherMethodsAndSubResourcesAreNotCalls() {
        for (String method : new String[] {"GET", "DELETE", "OPTIONS", null}) {
            HttpRequest r = new HttpRequest(method, "/v1/responses/resp_880b64c8944946a6bea4056649c019ac", "HTTP/1.1",
                    headers("authorization", BEARER), new byte[0], 0, false, 1, 1);
            assertThat(decoder.probe(r)).as(String.valueOf(method)).isZero();
            HttpRequest list = new HttpRequest(method, "/v1/responses", "HTTP/1.1", headers("authorization", BEARER),
                    new byte[0], 0, false, 1, 1);
            assertThat(decoder.probe(list)).as(String.valueOf(method)).isZero();
        }
        // POST sub-resources: cancel, input items, token counting and compaction carry model + input too.
        for (String target : new String[] {"/v1/responses/resp_880b64c8944946a6bea4056649c019ac/cancel",
            "/v1/responses/resp_880b64c8944946a6bea4056649c019ac/input_items", "/v1/responses/input_tokens",
            "/v1/responses/compact"}) {
            assertThat(decoder.probe(responsesRequest(target, BODY))).as(target).isZero();
        }
        assertThat(decoder.probe(null)).isZero();
    }

    @Test
    void otherWireApisRoutesAreNotMine() {
        String chat = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        assertThat(decoder.probe(responsesRequest("/v1/chat/completions", chat))).isZero();
        assertThat(decoder.probe(responsesRequest("/v1/chat/completions", BODY))).isZero();
        assertThat(decoder.probe(responsesRequest("/v1/completions", BODY))).isZero();
        assertThat(decoder.probe(post("/v1/messages", bytes(BODY), "anthropic-version", "2023-06-01"))).isZero();
        assertThat(decoder.probe(post("/v1/messages", bytes(BODY)))).isZero();
        assertThat(decoder.probe(post("/v1beta/models/gemini-2.5-pro:generateContent", bytes(BODY)))).isZero();
        assertThat(decoder.probe(post("/api/chat", bytes(BODY)))).isZero();
        // Embeddings, moderations and speech bodies carry model + input as well.
        assertThat(decoder.probe(responsesRequest("/v1/embeddings", BODY))).isZero();
        assertThat(decoder.probe(responsesRequest("/api/embed", BODY))).isZero();
        assertThat(decoder.probe(responsesRequest("/v1/moderations", BODY))).isZero();
        assertThat(decoder.probe(responsesRequest("/v1/audio/speech", BODY))).isZero();
    }

    @Test
    void anthropicSignalsOnTheRouteScoreLowOrZero() {
        assertThat(decoder.probe(post("/v1/responses", bytes(BODY), "anthropic-version", "2023-06-01"))).isEqualTo(30);
        assertThat(decoder.probe(post("/v1/responses", bytes(BODY), "x-api-key", "sk-ant-api03-AAAA"))).isEqualTo(30);
        assertThat(decoder.probe(post("/v1/responses", bytes(BODY), "Authorization", "bearer sk-ant-oat01-B")))
                .isEqualTo(30);
        String anthropic = "{\"model\":\"claude-sonnet-4-5\",\"system\":\"x\",\"messages\":[{\"role\":\"user\"}]}";
        assertThat(decoder.probe(post("/v1/responses", bytes(anthropic), "anthropic-version", "2023-06-01"))).isZero();
    }

    @Test
    void responsesShapedBodyElsewhereScoresFifty() {
        assertThat(probeOther(BODY)).isEqualTo(50);
        assertThat(probeOther("{\"model\":\"m\",\"input\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).isEqualTo(50);
        assertThat(probeOther("{\"model\":\"m\",\"input\":[]}")).isEqualTo(50);
        assertThat(decoder.probe(post("/gateway/responses", resource("responses-codex-shell.request.json"))))
                .isEqualTo(50);
        assertThat(decoder.probe(post("/llm", bytes(BODY), "content-type", "application/json; charset=utf-8")))
                .isEqualTo(50);
    }

    @Test
    void otherShapesElsewhereScoreZero() {
        assertThat(probeOther("{\"model\":\"m\",\"input\":\"hi\",\"messages\":[{\"role\":\"user\"}]}")).isZero();
        assertThat(probeOther("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).isZero();
        assertThat(probeOther("{\"input\":\"hi\"}")).isZero();
        assertThat(probeOther("{\"model\":7,\"input\":\"hi\"}")).isZero();
        assertThat(probeOther("{\"model\":\"text-embedding-3-small\",\"input\":[\"a\",\"b\"]}")).as("embeddings batch")
                .isZero();
        assertThat(probeOther("{\"model\":\"text-embedding-3-small\",\"input\":[[1,2,3]]}")).as("token ids").isZero();
        assertThat(probeOther("{\"model\":\"m\",\"input\":42}")).isZero();
        assertThat(probeOther("{\"model\":\"m\",\"system\":\"s\",\"input\":\"hi\"}")).isZero();
        assertThat(probeOther("[" + BODY + "]")).isZero();
        assertThat(decoder.probe(post("/llm", bytes(BODY), "content-type", "text/plain"))).isZero();
        assertThat(decoder.probe(post("/llm", bytes(BODY), "anthropic-version", "2023-06-01"))).isZero();
    }

    @Test
    void truncatedBodyIsJudgedOnWhatArrived() {
        byte[] body = resource("responses-codex-shell.request.json");
        int input = new String(body, StandardCharsets.UTF_8).indexOf("\"input\"");
        assertThat(decoder.probe(post("/gateway", Arrays.copyOf(body, input + 200)))).isEqualTo(50);
        assertThat(decoder.probe(post("/gateway", Arrays.copyOf(body, 12)))).isZero();
    }

    @Test
    void neverThrowsOnGarbage() {
        Random random = new Random(7);
        for (int i = 0; i < 200; i++) {
            byte[] junk = new byte[random.nextInt(300)];
            random.nextBytes(junk);
            if (junk.length > 0 && i % 2 == 0) {
                junk[0] = '{';
            }
            assertThat(decoder.probe(post("/gateway", junk))).isZero();
        }
        assertThat(decoder.probe(post("/gateway", bytes("{\"model\":\"m\",\"x\":" + "[".repeat(5000))))).isZero();
        assertThat(decoder.probe(new HttpRequest("POST", null, null, null, null, 0, false, 0, 0))).isZero();
        assertThat(decoder.probe(new HttpRequest("POST", "/v1/responses", null, null, null, 0, false, 0, 0))).isEqualTo(85);
    }

    private int probeOther(String body) {
        return decoder.probe(post("/llm/invoke", bytes(body), "content-type", "application/json"));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
