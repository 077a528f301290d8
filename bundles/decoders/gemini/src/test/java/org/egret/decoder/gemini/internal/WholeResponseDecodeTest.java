package org.egret.decoder.gemini.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.egret.decoder.gemini.internal.Exchanges.exchange;
import static org.egret.decoder.gemini.internal.Exchanges.fixtureRequest;
import static org.egret.decoder.gemini.internal.Exchanges.json;
import static org.egret.decoder.gemini.internal.Exchanges.resource;
import static org.egret.decoder.gemini.internal.Exchanges.sdkRequest;
import static org.egret.decoder.gemini.internal.Exchanges.text;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.egret.api.decode.LlmCall;
import org.egret.api.decode.ToolCall;
import org.egret.api.http.HttpResponse;
import org.junit.jupiter.api.Test;

class WholeResponseDecodeTest {

    private static final String PRO = "/v1beta/models/gemini-2.5-pro:generateContent";
    private static final String FLASH = "/v1beta/models/gemini-2.5-flash:generateContent";
    private static final String ASK = "{\"contents\":[{\"parts\":[{\"text\":\"Summarise the diff.\"}],\"role\":\"user\"}]}";
    private final GeminiDecoder decoder = new GeminiDecoder();

    @Test
    void realThinkingResponseIsKeptAsSent() {
        String body = text("gemini-nonstream-thinking.response.json");
        LlmCall call = decoder.decode(exchange(fixtureRequest(PRO, "gemini-nonstream-thinking"), json(200, body)));

        assertThat(call.isStream()).isFalse();
        assertThat(call.getRequestModel()).isEqualTo("gemini-2.5-pro");
        assertThat(call.getModel()).isEqualTo("gemini-2.5-pro");
        assertThat(call.getResponseId()).isNotEmpty();
        assertThat(call.getFinishReason()).isEqualTo("STOP");
        assertThat(call.getInputTokens()).isEqualTo(94);
        assertThat(call.getOutputTokens()).isEqualTo(181);
        assertThat(call.getReasoningTokens()).isEqualTo(95);
        assertThat(call.getTotalTokens()).isEqualTo(275);
        assertThat(call.getResponseBody()).isEqualTo(body);
        assertThat(call.getFirstTokenTime()).isZero();
        assertThat(call.isPartial()).isFalse();
    }

    @Test
    void googleErrorBodies() {
        assertError(400, "{\"error\":{\"code\":400,\"message\":\"Budget 0 is invalid. This model only works in thinking "
                + "mode.\",\"status\":\"INVALID_ARGUMENT\"}}", "INVALID_ARGUMENT", "Budget 0 is invalid. This model "
                + "only works in thinking mode.");
        assertError(500, "{\"error\":{\"code\":500,\"message\":\"An internal error has occurred.\",\"status\":"
                + "\"INTERNAL\"}}", "INTERNAL", "An internal error has occurred.");
        assertError(503, "{\"error\":{\"code\":503,\"message\":\"The model is overloaded. Please try again later.\","
                + "\"status\":\"UNAVAILABLE\"}}", "UNAVAILABLE", "The model is overloaded. Please try again later.");
        assertError(404, "{\"error\":{\"code\":404,\"message\":\"models/x is not found\"}}", "404",
                "models/x is not found");
        assertError(502, "<html><body>502 Bad Gateway</body></html>", null, "<html><body>502 Bad Gateway</body></html>");
        assertError(401, "{\"error\":\"unauthorized\"}", null, "unauthorized");
    }

    @Test
    void realRateLimitToAStreamingRequest() {
        LlmCall call = decoder.decode(exchange(fixtureRequest("/v1beta/models/gemini-2.5-flash:streamGenerateContent"
                + "?alt=sse", "gemini-error-429-stream"), json(429, resource("gemini-error-429-stream.response.json"))));

        assertThat(call.isStream()).isTrue();
        assertThat(call.getErrorType()).isEqualTo("RESOURCE_EXHAUSTED");
        assertThat(call.getErrorMessage()).startsWith("You exceeded your current quota").endsWith("Please retry in 27.0s.");
        assertThat(call.isPartial()).isFalse();
        assertThat(call.getInputTokens()).isNull();
    }

    @Test
    void aBlockedPromptHasItsBlockReasonAsFinish() {
        LlmCall call = decoder.decode(exchange(sdkRequest(FLASH, ASK), json(200, "{\"promptFeedback\": {\"blockReason\": "
                + "\"PROHIBITED_CONTENT\"},\"usageMetadata\": {\"promptTokenCount\": 24,\"totalTokenCount\": 24},"
                + "\"modelVersion\": \"gemini-2.5-flash\",\"responseId\": \"abc\"}")));
        assertThat(call.getFinishReason()).isEqualTo("PROHIBITED_CONTENT");
        assertThat(call.getInputTokens()).isEqualTo(24);
        assertThat(call.getOutputTokens()).isNull();
        assertThat(call.getTotalTokens()).isEqualTo(24);
        assertThat(call.isPartial()).isFalse();
    }

    @Test
    void functionCallsWithIdsAndWithoutArgs() {
        LlmCall call = decoder.decode(exchange(sdkRequest(FLASH, ASK), json(200, "{\"candidates\":[{\"content\":{\"parts\":["
                + "{\"functionCall\":{\"id\":\"fc_1\",\"name\":\"get_time\"}},"
                + "{\"function_call\":{\"name\":\"lookup\",\"args\":{\"q\":\"\u00e9t\u00e9\",\"n\":[1,2]}}}],"
                + "\"role\":\"model\"},\"finishReason\":\"STOP\"}],\"modelVersion\":\"models/gemini-2.5-flash-001\"}")));
        assertThat(call.getToolCalls()).containsExactly(new ToolCall(0, "fc_1", "get_time", "{}"),
                new ToolCall(1, null, "lookup", "{\"q\":\"\u00e9t\u00e9\",\"n\":[1,2]}"));
        assertThat(call.getFinishReason()).isEqualTo("STOP");
        assertThat(call.getModel()).isEqualTo("gemini-2.5-flash-001");
        assertThat(call.isModelSubstituted()).isFalse();
    }

    @Test
    void aServedModelOtherThanTheRequestedOneIsASubstitution() {
        LlmCall call = decoder.decode(exchange(sdkRequest(PRO, ASK), json(200, "{\"candidates\":[{\"content\":{\"parts\":"
                + "[{\"text\":\"ok\"}]},\"finishReason\":\"STOP\"}],\"modelVersion\":\"gemini-2.5-flash\"}")));
        assertThat(call.getRequestModel()).isEqualTo("gemini-2.5-pro");
        assertThat(call.getModel()).isEqualTo("gemini-2.5-flash");
        assertThat(call.isModelSubstituted()).isTrue();
    }

    @Test
    void cacheReadsAndUsageOfOtherProvidersFromTranslatingProxies() {
        LlmCall gemini = decode("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"ok\"}]},\"finishReason\":\"STOP\"}],"
                + "\"usageMetadata\":{\"promptTokenCount\":2000,\"candidatesTokenCount\":10,\"totalTokenCount\":2010,"
                + "\"cachedContentTokenCount\":1536}}");
        assertTokens(gemini, 2000, 10, 2010, 1536, null, null);

        LlmCall openai = decode("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"ok\"}]},\"finishReason\":\"STOP\"}],"
                + "\"usage\":{\"prompt_tokens\":100,\"completion_tokens\":20,\"total_tokens\":120,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":64},\"completion_tokens_details\":{\"reasoning_tokens\":8}}}");
        assertTokens(openai, 100, 20, 120, 64, null, 8);

        LlmCall anthropic = decode("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"ok\"}]},\"finishReason\":\"STOP\"}],"
                + "\"usage\":{\"input_tokens\":100,\"output_tokens\":20,\"cache_read_input_tokens\":50,"
                + "\"cache_creation_input_tokens\":30}}");
        assertTokens(anthropic, 100, 20, 120, 50, 30, null);

        LlmCall asStrings = decode("{\"usageMetadata\":{\"promptTokenCount\":\"7\",\"thoughtsTokenCount\":5}}");
        assertTokens(asStrings, 7, 5, 12, null, null, 5);
    }

    @Test
    void brokenAndCutBodies() {
        LlmCall notJson = decode("Service temporarily unavailable");
        assertThat(notJson.getPartialReason()).isEqualTo("response body is not JSON");

        LlmCall broken = decode("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hello\"}]},\"finishReason\":\"STOP\"} oops");
        assertThat(broken.isPartial()).isTrue();
        assertThat(broken.getPartialReason()).startsWith("response body is not valid JSON");
        assertThat(broken.getFinishReason()).isEqualTo("STOP");

        byte[] whole = resource("gemini-nonstream-thinking.response.json");
        byte[] head = Arrays.copyOf(whole, 400);
        HttpResponse truncated = new HttpResponse(200, "OK", "HTTP/1.1",
                Exchanges.headers("content-type", "application/json; charset=UTF-8"), head, whole.length, true,
                List.of(), Exchanges.REQUEST_START + 1, Exchanges.REQUEST_START + 2, true);
        LlmCall cut = decoder.decode(exchange(sdkRequest(PRO, ASK), truncated));
        assertThat(cut.getPartialReason()).isEqualTo("response body truncated after 400 of " + whole.length + " bytes");

        LlmCall empty = decoder.decode(exchange(sdkRequest(PRO, ASK), json(200, new byte[0])));
        assertThat(empty.getPartialReason()).isEqualTo("response body is empty");
    }

    @Test
    void noResponseOrNoExchange() {
        LlmCall call = decoder.decode(exchange(sdkRequest("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse",
                ASK), null, "no response before connection closed"));
        assertThat(call.isPartial()).isTrue();
        assertThat(call.getPartialReason()).isEqualTo("no response before connection closed");
        assertThat(call.isStream()).isTrue();
        assertThat(call.getRequestModel()).isEqualTo("gemini-2.5-flash");
        assertThat(call.getModel()).isEqualTo("gemini-2.5-flash");

        assertThat(decoder.decode(null).getPartialReason()).isEqualTo("no exchange");
        LlmCall noRequest = decoder.decode(exchange(null, json(200, "{}")));
        assertThat(noRequest.getWireApi()).isEqualTo("gemini-aistudio");
    }

    @Test
    void theModelComesFromTheBodyWhenTheUrlHasNone() {
        LlmCall call = decoder.decode(exchange(Exchanges.post("/proxy/gemini",
                "{\"model\":\"models/gemini-2.5-flash\",\"contents\":[{\"parts\":[{\"text\":\"hi\"}]}]}"
                        .getBytes(StandardCharsets.UTF_8)), json(200, "{\"candidates\":[]}")));
        assertThat(call.getRequestModel()).isEqualTo("gemini-2.5-flash");
        assertThat(call.isStream()).isFalse();
    }

    private LlmCall decode(String body) {
        return decoder.decode(exchange(sdkRequest(FLASH, ASK), json(200, body)));
    }

    private void assertError(int status, String body, String type, String message) {
        LlmCall call = decoder.decode(exchange(sdkRequest(FLASH, ASK), json(status, body)));
        assertThat(call.getErrorType()).as(body).isEqualTo(type);
        assertThat(call.getErrorMessage()).as(body).isEqualTo(message);
        assertThat(call.isPartial()).as(body).isFalse();
        assertThat(call.getResponseBody()).isEqualTo(body);
        assertThat(call.getFinishReason()).isNull();
    }

    private static void assertTokens(LlmCall call, Integer input, Integer output, Integer total, Integer cacheRead,
            Integer cacheWrite, Integer reasoning) {
        assertThat(call.getInputTokens()).as("input").isEqualTo(input);
        assertThat(call.getOutputTokens()).as("output").isEqualTo(output);
        assertThat(call.getTotalTokens()).as("total").isEqualTo(total);
        assertThat(call.getCacheReadInputTokens()).as("cache read").isEqualTo(cacheRead);
        assertThat(call.getCacheCreationInputTokens()).as("cache write").isEqualTo(cacheWrite);
        assertThat(call.getReasoningTokens()).as("reasoning").isEqualTo(reasoning);
    }
}
