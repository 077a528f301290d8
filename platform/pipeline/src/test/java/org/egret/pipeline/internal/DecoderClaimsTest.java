package org.egret.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.egret.api.http.HttpHeader;
import org.egret.api.http.HttpRequest;
import org.junit.jupiter.api.Test;

class DecoderClaimsTest {

    static HttpRequest post(String target, String... headerNameValues) {
        List<HttpHeader> headers = new ArrayList<>();
        for (int i = 0; i < headerNameValues.length; i += 2) {
            headers.add(new HttpHeader(headerNameValues[i], headerNameValues[i + 1]));
        }
        return new HttpRequest("POST", target, "HTTP/1.1", headers, new byte[0], 0, false, 1, 2);
    }

    private static boolean claims(Map<String, ?> props, String target, String... headers) {
        return DecoderClaims.of(props).matches(post(target, headers));
    }

    private static Map<String, ?> paths(String... patterns) {
        return Map.of(DecoderClaims.PATHS, patterns);
    }

    @Test
    void aPlainPathPatternMatchesTheEndOfThePathWhateverTheGatewayPrefix() {
        Map<String, ?> chat = paths("/chat/completions");
        assertThat(claims(chat, "/v1/chat/completions")).isTrue();
        assertThat(claims(chat, "/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21")).isTrue();
        assertThat(claims(chat, "/v1/chat/completions/")).as("one trailing slash").isTrue();
        assertThat(claims(chat, "http://gateway.local:4000/v1/chat/completions")).as("absolute form").isTrue();
        assertThat(claims(chat, "/v1/chat/completions/abc")).isFalse();
        assertThat(claims(chat, "/v1/xchat/completions")).isFalse();
        assertThat(claims(chat, "/v1/messages")).isFalse();
    }

    @Test
    void theMethodAfterAGeminiModelNameIsASuffixToo() {
        Map<String, ?> gemini = paths(":generateContent", "/models/*:streamGenerateContent");
        assertThat(claims(gemini, "/v1beta/models/gemini-2.5-flash:generateContent")).isTrue();
        assertThat(claims(gemini, "/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse")).isTrue();
        assertThat(claims(gemini, "/v1/projects/p/locations/us-central1/publishers/google/models/"
                + "gemini-2.5-pro:streamGenerateContent")).isTrue();
        assertThat(claims(gemini, "/v1beta/models/a/b:streamGenerateContent")).as("* stays in one segment").isFalse();
        assertThat(claims(gemini, "/v1beta/models/gemini-2.5-flash:countTokens")).isFalse();
    }

    @Test
    void aStarStandsForOneSegmentAndTwoStarsForAnything() {
        Map<String, ?> bedrock = paths("/model/*/invoke", "/model/*/invoke-with-response-stream");
        assertThat(claims(bedrock, "/model/anthropic.claude-3-5-sonnet-20241022-v2:0/invoke")).isTrue();
        assertThat(claims(bedrock, "/model/us.anthropic.claude-sonnet-4/invoke-with-response-stream")).isTrue();
        assertThat(claims(bedrock, "/model/a/b/invoke")).isFalse();
        assertThat(claims(bedrock, "/model/x/converse")).isFalse();

        Map<String, ?> under = paths("/openai/deployments/**");
        assertThat(claims(under, "/openai/deployments/gpt-4o/chat/completions")).isTrue();
        assertThat(claims(under, "/openai/models")).isFalse();
    }

    @Test
    void aCaretAnchorsAPathPatternAtTheStart() {
        Map<String, ?> exact = paths("^/api/chat");
        assertThat(claims(exact, "/api/chat")).isTrue();
        assertThat(claims(exact, "/proxy/api/chat")).isFalse();
        assertThat(claims(paths("^/v1/**/responses"), "/v1/org/x/responses")).isTrue();
        assertThat(claims(paths("^/v1/**/responses"), "/v2/org/x/responses")).isFalse();
    }

    @Test
    void hostsMatchWithoutPortAndInAnyCase() {
        Map<String, ?> azure = Map.of(DecoderClaims.HOSTS, new String[] {"*.openai.azure.com", "api.openai.com"});
        assertThat(claims(azure, "/x", "Host", "myres.OpenAI.azure.com:443")).isTrue();
        assertThat(claims(azure, "/x", "host", "api.openai.com")).isTrue();
        assertThat(claims(azure, "/x", "host", "a.b.openai.azure.com")).as("* is one label").isFalse();
        assertThat(claims(azure, "/x")).as("no Host header").isFalse();
        Map<String, ?> google = Map.of(DecoderClaims.HOSTS, "**.googleapis.com");
        assertThat(claims(google, "/x", "host", "us-central1-aiplatform.googleapis.com")).isTrue();
        assertThat(DecoderClaims.hostOf("[::1]:11434")).isEqualTo("[::1]");
        assertThat(DecoderClaims.hostOf("[::1]")).isEqualTo("[::1]");
    }

    @Test
    void contentTypesMatchTheMediaTypeWithoutParameters() {
        Map<String, ?> json = Map.of(DecoderClaims.CONTENT_TYPES, List.of("application/json", "text/*"));
        assertThat(claims(json, "/x", "content-type", "application/json; charset=utf-8")).isTrue();
        assertThat(claims(json, "/x", "content-type", "Text/Plain")).isTrue();
        assertThat(claims(json, "/x", "content-type", "application/x-ndjson")).isFalse();
        assertThat(claims(json, "/x")).isFalse();
    }

    @Test
    void everyDeclaredKindMustMatchAndNothingDeclaredClaimsNothing() {
        Map<String, ?> both = Map.of(DecoderClaims.PATHS, "/api/chat", DecoderClaims.HOSTS, "localhost");
        assertThat(claims(both, "/api/chat", "host", "localhost:11434")).isTrue();
        assertThat(claims(both, "/api/chat", "host", "gpu-box:11434")).isFalse();
        assertThat(claims(both, "/api/generate", "host", "localhost")).isFalse();

        DecoderClaims none = DecoderClaims.of(Map.of("egret.wireapi.name", "x"));
        assertThat(none.isEmpty()).isTrue();
        assertThat(none.matches(post("/api/chat"))).isFalse();
    }
}
