package org.egret.decoder.gemini.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.egret.decoder.gemini.internal.Exchanges.post;
import static org.egret.decoder.gemini.internal.Exchanges.resource;
import static org.egret.decoder.gemini.internal.Exchanges.sdkRequest;

import java.nio.charset.StandardCharsets;
import org.egret.api.http.HttpRequest;
import org.junit.jupiter.api.Test;

class GeminiRequestProbeTest {

    private static final String CONTENTS = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}]}";
    private final GeminiDecoder decoder = new GeminiDecoder();

    @Test
    void generateRoutesWithCredentialsScore95() {
        byte[] body = resource("gemini-stream-text.request.json");
        assertThat(decoder.probe(sdkRequest("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse", body)))
                .isEqualTo(95);
        assertThat(decoder.probe(sdkRequest("/v1beta/models/gemini-2.5-flash:generateContent", body))).isEqualTo(95);
        assertThat(decoder.probe(sdkRequest("/v1/models/gemini-2.5-flash:generateContent", body))).isEqualTo(95);
        assertThat(decoder.probe(sdkRequest("/v1alpha/models/gemini-2.5-flash:streamGenerateContent", body)))
                .isEqualTo(95);
        assertThat(decoder.probe(post("/v1beta/models/gemini-2.5-flash:generateContent?key=AIzaFIXTUREKEY", body,
                "content-type", "application/json"))).isEqualTo(95);
        assertThat(decoder.probe(post(
                "/v1/projects/p1/locations/us-central1/publishers/google/models/gemini-2.5-pro:streamGenerateContent?alt=sse",
                body, "authorization", "Bearer ya29.FIXTUREKEY", "content-type", "application/json"))).isEqualTo(95);
        assertThat(decoder.probe(sdkRequest("/v1beta1/publishers/google/models/gemini-2.5-flash:generateContent", body)))
                .isEqualTo(95);
    }

    @Test
    void theRouteAloneScores85AndDoesNotReadTheBody() {
        byte[] notJson = "not json at all".getBytes(StandardCharsets.UTF_8);
        assertThat(decoder.probe(post("/v1beta/models/gemini-2.5-flash:generateContent", notJson))).isEqualTo(85);
        assertThat(decoder.probe(post("/gateway/v1beta/models/gemini-2.5-flash:streamGenerateContent", null)))
                .isEqualTo(85);
    }

    @Test
    void otherGeminiMethodsAreNotCalls() {
        byte[] body = CONTENTS.getBytes(StandardCharsets.UTF_8);
        for (String path : new String[] {"/v1beta/models/gemini-2.5-flash:countTokens",
            "/v1beta/models/text-embedding-004:embedContent", "/v1beta/models/text-embedding-004:batchEmbedContents",
            "/v1beta/cachedContents", "/v1beta/cachedContents/abc123",
            "/v1/projects/p/locations/l/publishers/google/models/gemini-2.5-pro:countTokens"}) {
            assertThat(decoder.probe(sdkRequest(path, body))).as(path).isZero();
        }
    }

    @Test
    void otherWireApisRoutesAreNeverClaimed() {
        byte[] body = CONTENTS.getBytes(StandardCharsets.UTF_8);
        for (String path : new String[] {"/v1/chat/completions", "/v1/messages", "/v1/responses", "/api/chat",
            "/api/generate"}) {
            assertThat(decoder.probe(sdkRequest(path, body))).as(path).isZero();
        }
    }

    @Test
    void aGeminiShapedBodyElsewhereScores50() {
        assertThat(decoder.probe(post("/proxy/gemini", CONTENTS.getBytes(StandardCharsets.UTF_8), "content-type",
                "application/json"))).isEqualTo(50);
        assertThat(decoder.probe(post("/proxy/gemini", CONTENTS.getBytes(StandardCharsets.UTF_8)))).isEqualTo(50);
        // a :generateContent path of an unknown layout falls back to the shape
        assertThat(decoder.probe(post("/models/gemini-2.5-flash:generateContent",
                CONTENTS.getBytes(StandardCharsets.UTF_8)))).isEqualTo(50);
    }

    @Test
    void shapesOfOtherApisAndNonJsonBodiesAreNotClaimed() {
        assertThat(probe("/proxy", "{\"contents\":[]}")).isZero();
        assertThat(probe("/proxy", "{\"contents\":[{\"parts\":[]}],\"messages\":[{\"role\":\"user\"}]}")).isZero();
        assertThat(probe("/proxy", "{\"model\":\"gpt-4o\",\"input\":\"hi\",\"contents\":[{}]}")).isZero();
        assertThat(probe("/proxy", "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .isZero();
        assertThat(decoder.probe(post("/proxy", CONTENTS.getBytes(StandardCharsets.UTF_8), "content-type",
                "text/plain"))).isZero();
        assertThat(probe("/proxy", "{\"contents\":[{\"parts\":[{\"text\":\"cut off")).isEqualTo(50);
        assertThat(probe("/proxy", "[1,2,3]")).isZero();
    }

    @Test
    void nonPostAndNullNeverThrow() {
        assertThat(decoder.probe(null)).isZero();
        assertThat(decoder.probe(new HttpRequest("GET", "/v1beta/models", "HTTP/1.1", java.util.List.of(), null, 0,
                false, 0, 0))).isZero();
        assertThat(decoder.probe(new HttpRequest("POST", null, "HTTP/1.1", null, null, 0, false, 0, 0))).isZero();
    }

    private int probe(String path, String body) {
        return decoder.probe(post(path, body.getBytes(StandardCharsets.UTF_8), "content-type", "application/json"));
    }
}
