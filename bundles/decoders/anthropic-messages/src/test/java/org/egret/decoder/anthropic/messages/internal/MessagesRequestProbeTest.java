package org.egret.decoder.anthropic.messages.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.egret.decoder.anthropic.messages.internal.Exchanges.post;

import java.util.List;
import org.egret.api.http.HttpRequest;
import org.junit.jupiter.api.Test;

class MessagesRequestProbeTest {

    private static final String BODY = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":1024,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String SYSTEM_BODY = "{\"model\":\"claude-sonnet-4-5\",\"system\":\"Be brief.\","
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},{\"content\":\"ok\",\"role\":\"assistant\"}]}";
    private static final String BEDROCK_BODY = "{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":512,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String VERTEX_BODY = "{\"anthropic_version\":\"vertex-2023-10-16\",\"max_tokens\":512,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stream\":true}";

    private final AnthropicMessagesDecoder decoder = new AnthropicMessagesDecoder();

    @Test
    void messagesRouteWithAnthropicSignals() {
        assertThat(decoder.probe(post("/v1/messages", BODY, "anthropic-version", "2023-06-01"))).isEqualTo(95);
        assertThat(decoder.probe(post("/v1/messages?beta=true", BODY, "x-api-key", "sk-ant-api03-FIXTUREKEY"))).isEqualTo(95);
        assertThat(decoder.probe(post("/v1/messages", BODY, "Authorization", "Bearer sk-ant-oat01-FIXTUREKEY")))
                .isEqualTo(95);
        assertThat(decoder.probe(post("http://api.example.com/anthropic/v1/messages/", BODY, "Anthropic-Version",
                "2023-06-01"))).isEqualTo(95);
    }

    @Test
    void messagesRouteAloneIsDecidedWithoutTheBody() {
        assertThat(decoder.probe(post("/v1/messages", BODY, "authorization", "Bearer timmy-123456"))).isEqualTo(85);
        // the route decides: not even a broken body is read
        assertThat(decoder.probe(post("/v1/messages", "{\"model\":", "content-type", "application/json"))).isEqualTo(85);
    }

    @Test
    void notTokenCountingNorBatchesNorOtherMethods() {
        assertThat(decoder.probe(post("/v1/messages/count_tokens", BODY, "anthropic-version", "2023-06-01"))).isZero();
        assertThat(decoder.probe(post("/v1/messages/batches", BODY, "anthropic-version", "2023-06-01"))).isZero();
        assertThat(decoder.probe(post("/v1/messages/batches/msgbatch_01/cancel", BODY, "anthropic-version",
                "2023-06-01"))).isZero();
        HttpRequest get = new HttpRequest("GET", "/v1/messages", "HTTP/1.1", List.of(), new byte[0], 0, false, 0, 0);
        assertThat(decoder.probe(get)).isZero();
        assertThat(decoder.probe(null)).isZero();
    }

    @Test
    void bedrockInvokeRoutesWithAnthropicBodies() {
        assertThat(decoder.probe(post("/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/invoke", BEDROCK_BODY)))
                .isEqualTo(95);
        assertThat(decoder.probe(post("/model/us.anthropic.claude-sonnet-4-20250514-v1:0/invoke-with-response-stream",
                BEDROCK_BODY))).isEqualTo(95);
        // another model family on the same route is not ours
        assertThat(decoder.probe(post("/model/meta.llama3-70b-instruct-v1%3A0/invoke",
                "{\"prompt\":\"hi\",\"max_gen_len\":64}"))).isZero();
        // an Anthropic model id without anthropic_version: likely ours, less sure
        assertThat(decoder.probe(post("/model/anthropic.claude-v2/invoke", "{\"prompt\":\"\\n\\nHuman: hi\"}")))
                .isEqualTo(85);
        assertThat(decoder.probe(post("/model/anthropic.claude-v2/converse", BEDROCK_BODY))).isZero();
    }

    @Test
    void vertexRawPredictRoutes() {
        String base = "/v1/projects/p-1/locations/us-east5/publishers/anthropic/models/claude-sonnet-4@20250514";
        assertThat(decoder.probe(post(base + ":streamRawPredict", VERTEX_BODY))).isEqualTo(95);
        assertThat(decoder.probe(post(base + ":rawPredict", "{}"))).isEqualTo(85);
        assertThat(decoder.probe(post("/v1/projects/p/locations/l/publishers/google/models/gemini-2.5-pro:rawPredict",
                VERTEX_BODY))).isZero();
        assertThat(decoder.probe(post("/v1beta/models/gemini-2.5-flash:generateContent", VERTEX_BODY))).isZero();
    }

    @Test
    void bodyShapeElsewhere() {
        assertThat(decoder.probe(post("/proxy/llm", SYSTEM_BODY, "content-type", "application/json"))).isEqualTo(50);
        assertThat(decoder.probe(post("/proxy/llm", BODY, "anthropic-version", "2023-06-01"))).isEqualTo(50);
        assertThat(decoder.probe(post("/proxy/llm", BEDROCK_BODY.replace("{", "{\"model\":\"claude-x\","))))
                .isEqualTo(50);
        // a plain user/assistant body without any Anthropic marker could be anything
        assertThat(decoder.probe(post("/proxy/llm", BODY, "content-type", "application/json"))).isZero();
        // a system role message is Chat Completions
        assertThat(decoder.probe(post("/proxy/llm", "{\"model\":\"m\",\"stop_sequences\":[],\"messages\":"
                + "[{\"role\":\"system\",\"content\":\"x\"},{\"role\":\"user\",\"content\":\"hi\"}]}"))).isZero();
        assertThat(decoder.probe(post("/proxy/llm", SYSTEM_BODY, "content-type", "text/plain"))).isZero();
        assertThat(decoder.probe(post("/proxy/llm", "{\"model\":\"m\",\"system\":\"s\",\"input\":\"x\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))).isZero();
        assertThat(decoder.probe(post("/proxy/llm", "not json at all"))).isZero();
    }

    @Test
    void neverClaimsAnotherWireApisRoute() {
        for (String path : List.of("/v1/chat/completions", "/v1/responses", "/api/chat", "/api/generate",
                "/v1beta/models/gemini-2.5-flash:streamGenerateContent", "/v1/completions", "/v1/embeddings")) {
            assertThat(decoder.probe(post(path, SYSTEM_BODY, "anthropic-version", "2023-06-01"))).as(path).isZero();
        }
    }

    @Test
    void neverThrows() {
        HttpRequest odd = new HttpRequest("POST", null, "HTTP/1.1", null, null, 0, false, 0, 0);
        assertThat(decoder.probe(odd)).isZero();
        HttpRequest bedrockNoBody = new HttpRequest("POST", "/model/x/invoke", "HTTP/1.1", null, null, 0, false, 0, 0);
        assertThat(decoder.probe(bedrockNoBody)).isZero();
    }
}
