package org.egret.decoder.openai.chat.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.egret.decoder.openai.chat.internal.Exchanges.chatRequest;
import static org.egret.decoder.openai.chat.internal.Exchanges.exchange;
import static org.egret.decoder.openai.chat.internal.Exchanges.json;
import static org.egret.decoder.openai.chat.internal.Exchanges.resource;
import static org.egret.decoder.openai.chat.internal.Exchanges.text;
import static org.egret.decoder.openai.chat.internal.StreamingDecodeTest.assertPipelineFieldsUntouched;
import static org.egret.decoder.openai.chat.internal.StreamingDecodeTest.assertTokens;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.egret.api.decode.LlmCall;
import org.egret.api.decode.ToolCall;
import org.egret.api.http.HttpExchange;
import org.egret.api.http.HttpResponse;
import org.junit.jupiter.api.Test;

class WholeResponseDecodeTest {

    private final OpenAiChatDecoder decoder = new OpenAiChatDecoder();

    @Test
    void realCompletion() {
        LlmCall call = decoder.decode(
                exchange(chatRequest("openai-nonstream"), json(200, resource("openai-nonstream.response.json"))));

        assertThat(call.getWireApi()).isEqualTo("openai-chat");
        assertThat(call.isStream()).isFalse();
        assertThat(call.getRequestModel()).isEqualTo("gpt-4o-mini");
        assertThat(call.getModel()).isEqualTo("gpt-4o-mini-2024-07-18");
        assertThat(call.getResponseId()).isEqualTo("chatcmpl-MEb3nLEyQxAxkjIXmopDrYiXYLK9V");
        assertThat(call.getFinishReason()).isEqualTo("stop");
        assertTokens(call, 74, 76, 150, 0, null, 0);
        assertThat(call.getToolCalls()).isEmpty();
        assertThat(call.getErrorType()).isNull();
        assertThat(call.getErrorMessage()).isNull();
        assertThat(call.getFirstTokenTime()).isZero();
        assertThat(call.isPartial()).isFalse();
        assertThat(call.getResponseBody()).isEqualTo(text("openai-nonstream.response.json"));
        assertPipelineFieldsUntouched(call);
    }

    @Test
    void aServerAnsweringWithAnotherModelIsFlaggedButAnAzureDeploymentIsNot() {
        String answer = "{\"id\":\"c\",\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":\"hi\"},\"finish_reason\":\"stop\"}]}";
        LlmCall swapped = decoder.decode(exchange(chatRequest("/v1/chat/completions",
                "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"),
                json(200, answer)));
        assertThat(swapped.isModelSubstituted()).isTrue();
        assertThat(swapped.getRequestModel()).isEqualTo("gpt-4o");
        assertThat(swapped.getModel()).isEqualTo("gpt-4o-mini-2024-07-18");

        LlmCall azure = decoder.decode(exchange(chatRequest(
                "/openai/deployments/prod-chat/chat/completions?api-version=2024-10-21",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"), json(200, answer)));
        assertThat(azure.getRequestModel()).isEqualTo("prod-chat");
        assertThat(azure.isModelSubstituted()).as("a deployment name is not a model name").isFalse();
    }

    @Test
    void realReasoningModelStoppedByLength() {
        LlmCall call = decoder.decode(exchange(chatRequest("openai-nonstream-reasoning-length"),
                json(200, resource("openai-nonstream-reasoning-length.response.json"))));

        assertThat(call.getRequestModel()).isEqualTo("o4-mini");
        assertThat(call.getModel()).isEqualTo("o4-mini-2025-04-16");
        assertThat(call.getResponseId()).isEqualTo("chatcmpl-qloaBN9GFjFB1oC0XZ42y5dAuitH0");
        assertThat(call.getFinishReason()).isEqualTo("length");
        assertTokens(call, 94, 300, 394, 0, null, 256);
        assertThat(call.isPartial()).isFalse();
    }

    @Test
    void realRateLimitToAStreamingRequest() {
        LlmCall call = decoder.decode(
                exchange(chatRequest("openai-error-429"), json(429, resource("openai-error-429.response.json"))));

        assertThat(call.isStream()).isFalse();
        assertThat(call.getRequestModel()).isEqualTo("gpt-4o-mini-ratelimited");
        assertThat(call.getModel()).isEqualTo("gpt-4o-mini-ratelimited");
        assertThat(call.getErrorType()).isEqualTo("rate_limit_exceeded");
        assertThat(call.getErrorMessage()).isEqualTo("Rate limit reached for gpt-4o-mini in organization "
                + "org-FIXTURE0000000000000000 on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try "
                + "again in 20s. Visit https://platform.openai.com/account/rate-limits to learn more.");
        assertThat(call.getResponseId()).isNull();
        assertThat(call.getFinishReason()).isNull();
        assertTokens(call, null, null, null, null, null, null);
        assertThat(call.getResponseBody()).isEqualTo(text("openai-error-429.response.json"));
        assertThat(call.isPartial()).isFalse();
    }

    @Test
    void realModelNotFound() {
        LlmCall call = decoder.decode(
                exchange(chatRequest("openai-error-404"), json(404, resource("openai-error-404.response.json"))));

        assertThat(call.getRequestModel()).isEqualTo("no-such-model");
        assertThat(call.getModel()).isEqualTo("no-such-model");
        assertThat(call.getErrorType()).isEqualTo("model_not_found");
        assertThat(call.getErrorMessage())
                .isEqualTo("The model `no-such-model` does not exist or you do not have access to it.");
        assertThat(call.isPartial()).isFalse();
    }

    @Test
    void errorTypeFallsBackToTypeWhenCodeIsNull() {
        LlmCall call = decoder.decode(exchange(chatRequest("openai-nonstream"), json(400,
                "{\"error\":{\"message\":\"We could not parse the JSON body of your request.\","
                        + "\"type\":\"invalid_request_error\",\"param\":null,\"code\":null}}")));
        assertThat(call.getErrorType()).isEqualTo("invalid_request_error");
        assertThat(call.getErrorMessage()).isEqualTo("We could not parse the JSON body of your request.");
    }

    @Test
    void errorShapesOfCompatibleServers() {
        LlmCall vllm = decode(404, "{\"object\":\"error\",\"message\":\"The model `llama-3-70b` does not exist.\","
                + "\"type\":\"NotFoundError\",\"param\":null,\"code\":404}");
        assertThat(vllm.getErrorType()).isEqualTo("NotFoundError");
        assertThat(vllm.getErrorMessage()).isEqualTo("The model `llama-3-70b` does not exist.");

        LlmCall ollama = decode(404, "{\"error\":\"model \\\"llama3.3\\\" not found, try pulling it first\"}");
        assertThat(ollama.getErrorType()).isNull();
        assertThat(ollama.getErrorMessage()).isEqualTo("model \"llama3.3\" not found, try pulling it first");

        LlmCall openRouter = decode(429, "{\"error\":{\"message\":\"Rate limit exceeded: free-models-per-day\","
                + "\"code\":429,\"metadata\":{\"headers\":{\"X-RateLimit-Limit\":\"50\"}}}}");
        assertThat(openRouter.getErrorType()).isEqualTo("429");
        assertThat(openRouter.getErrorMessage()).isEqualTo("Rate limit exceeded: free-models-per-day");

        LlmCall fastApi = decode(422, "{\"detail\":[{\"loc\":[\"body\",\"messages\"],\"msg\":\"field required\"}]}");
        assertThat(fastApi.getErrorType()).isNull();
        assertThat(fastApi.getErrorMessage()).isEqualTo("[{\"loc\":[\"body\",\"messages\"],\"msg\":\"field required\"}]");

        LlmCall azureFilter = decode(400, "{\"error\":{\"message\":\"The response was filtered due to the prompt "
                + "triggering Azure OpenAI's content management policy.\",\"type\":null,\"param\":\"prompt\","
                + "\"code\":\"content_filter\",\"status\":400}}");
        assertThat(azureFilter.getErrorType()).isEqualTo("content_filter");

        LlmCall unknownJson = decode(500, "{\"status\":\"boom\"}");
        assertThat(unknownJson.getErrorMessage()).isEqualTo("{\"status\":\"boom\"}");

        LlmCall brokenJson = decode(500, "{\"error\": {\"message\": \"Internal");
        assertThat(brokenJson.getErrorMessage()).isEqualTo("{\"error\": {\"message\": \"Internal");

        for (LlmCall c : List.of(vllm, ollama, openRouter, fastApi, azureFilter, unknownJson, brokenJson)) {
            assertThat(c.isPartial()).isFalse();
        }
    }

    @Test
    void nonJsonErrorBodyKeepsItsFirst500Characters() {
        String html = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway"
                + "</h1></center>\r\n<hr><center>nginx/1.25.3</center>\r\n" + "<!-- padding -->\r\n".repeat(40)
                + "</body>\r\n</html>\r\n";
        HttpResponse response = new HttpResponse(502, "Bad Gateway", "HTTP/1.1",
                Exchanges.headers("content-type", "text/html"), html.getBytes(StandardCharsets.UTF_8), html.length(),
                false, List.of(), 1, 2, true);
        LlmCall call = decoder.decode(exchange(chatRequest("openai-nonstream"), response));

        assertThat(html.length()).isGreaterThan(500);
        assertThat(call.getErrorType()).isNull();
        assertThat(call.getErrorMessage()).hasSize(500).isEqualTo(html.strip().substring(0, 500));
        assertThat(call.getResponseBody()).isEqualTo(html);
        assertThat(call.isPartial()).isFalse();

        LlmCall plain = decode(503, "upstream connect error or disconnect/reset before headers. reset reason: overflow");
        assertThat(plain.getErrorMessage())
                .isEqualTo("upstream connect error or disconnect/reset before headers. reset reason: overflow");

        String emoji = "x".repeat(499) + "😀tail";
        assertThat(decode(500, emoji).getErrorMessage()).hasSize(499);
    }

    @Test
    void mixedFormatUsageFromAProxy() {
        LlmCall call = decoder.decode(
                exchange(chatRequest("openai-nonstream"), json(200, resource("cliproxy-mixed-usage.response.json"))));
        assertThat(call.getModel()).isEqualTo("claude-sonnet-4-5-20250929");
        assertThat(call.getResponseId()).isEqualTo("msg_01XkRb7Vd2Qe9LmN3pS5tW8y");
        assertThat(call.getFinishReason()).isEqualTo("stop");
        assertTokens(call, 1520, 87, 1607, 12288, 640, null);
    }

    @Test
    void usageEdgeCases() {
        LlmCall noTotal = decode(200, completion("\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":5}"));
        assertTokens(noTotal, 10, 5, 15, null, null, null);
        LlmCall onlyPrompt = decode(200, completion("\"usage\":{\"prompt_tokens\":\"12\"}"));
        assertTokens(onlyPrompt, 12, null, 12, null, null, null);
        LlmCall deepSeekCache = decode(200,
                completion("\"usage\":{\"prompt_tokens\":100,\"completion_tokens\":1,\"total_tokens\":101,"
                        + "\"prompt_cache_hit_tokens\":64,\"prompt_cache_miss_tokens\":36}"));
        assertTokens(deepSeekCache, 100, 1, 101, 64, null, null);
        LlmCall nullUsage = decode(200, completion("\"usage\":null"));
        assertTokens(nullUsage, null, null, null, null, null, null);
        LlmCall weird = decode(200, completion("\"usage\":{\"prompt_tokens\":1.5e30,\"completion_tokens\":true}"));
        assertTokens(weird, null, null, null, null, null, null);
    }

    @Test
    void toolCallsOfAWholeCompletion() {
        LlmCall call = decoder.decode(
                exchange(chatRequest("openai-nonstream"), json(200, resource("openai-nonstream-tools.response.json"))));
        assertThat(call.getFinishReason()).isEqualTo("tool_calls");
        assertThat(call.getToolCalls()).containsExactly(
                new ToolCall(0, "call_Hn4kV8qZ1xW7cB3mR6tY9uL2", "get_weather",
                        "{\"city\":\"Zürich\",\"unit\":\"celsius\"}"),
                new ToolCall(1, "call_Pj5sD0fG2hJ8kL4zX6cV1bN3", "get_time", "{\"timezone\":\"Europe/Zurich\"}"));
        assertTokens(call, 132, 51, 183, 0, null, 0);
    }

    @Test
    void toolCallsWithoutIdsOrWithObjectArgumentsAndLegacyFunctionCall() {
        LlmCall local = decode(200, "{\"id\":\"chatcmpl-9\",\"model\":\"qwen2.5:7b\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":["
                + "{\"type\":\"function\",\"function\":{\"name\":\"a\",\"arguments\":{\"x\":1}}},"
                + "{\"type\":\"function\",\"function\":{\"name\":\"b\",\"arguments\":\"{}\"}}]},"
                + "\"finish_reason\":\"tool_calls\"}]}");
        assertThat(local.getToolCalls()).containsExactly(new ToolCall(0, null, "a", "{\"x\":1}"),
                new ToolCall(1, null, "b", "{}"));

        LlmCall legacy = decode(200, "{\"id\":\"chatcmpl-8\",\"model\":\"gpt-3.5-turbo-0613\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":null,\"function_call\":{\"name\":\"get_current_weather\","
                + "\"arguments\":\"{\\n  \\\"location\\\": \\\"Boston, MA\\\"\\n}\"}},\"finish_reason\":\"function_call\"}]}");
        assertThat(legacy.getFinishReason()).isEqualTo("function_call");
        assertThat(legacy.getToolCalls()).containsExactly(
                new ToolCall(0, null, "get_current_weather", "{\n  \"location\": \"Boston, MA\"\n}"));
    }

    @Test
    void severalChoicesTakeFinishReasonAndToolsFromChoiceZero() {
        LlmCall call = decode(200, "{\"id\":\"c\",\"model\":\"m\",\"choices\":["
                + "{\"finish_reason\":\"length\",\"message\":{\"role\":\"assistant\",\"content\":\"b\"},\"index\":1},"
                + "{\"finish_reason\":\"stop\",\"message\":{\"role\":\"assistant\",\"content\":\"a\"},\"index\":0}]}");
        assertThat(call.getFinishReason()).isEqualTo("stop");
    }

    @Test
    void azureDeploymentNamesTheRequestedModel() {
        LlmCall call = decoder.decode(exchange(
                chatRequest("/openai/deployments/gpt-4o-prod/chat/completions?api-version=2024-10-21",
                        resource("azure-stream.request.json")),
                json(200, resource("azure-nonstream.response.json"))));
        assertThat(call.getRequestModel()).isEqualTo("gpt-4o-prod");
        assertThat(call.getModel()).isEqualTo("gpt-4o-2024-11-20");
        assertThat(call.getResponseId()).isEqualTo("chatcmpl-Az9nOnStReAm0000000000000000");
        assertThat(call.getFinishReason()).isEqualTo("stop");
        assertTokens(call, 29, 12, 41, 0, null, 0);

        LlmCall encoded = decoder.decode(exchange(
                chatRequest("/openai/deployments/my%20gpt4o/chat/completions?api-version=2024-10-21", "{\"messages\":[]}"),
                json(200, "{}")));
        assertThat(encoded.getRequestModel()).isEqualTo("my gpt4o");
        assertThat(encoded.getModel()).isEqualTo("my gpt4o");

        LlmCall bodyWins = decoder.decode(exchange(chatRequest("/openai/deployments/prod/chat/completions",
                "{\"model\":\"gpt-4o\",\"messages\":[]}"), json(200, "{}")));
        assertThat(bodyWins.getRequestModel()).isEqualTo("gpt-4o");
    }

    @Test
    void successWithAnErrorObjectStillReportsTheError() {
        LlmCall call = decode(200, "{\"error\":{\"message\":\"Provider returned error\",\"code\":502}}");
        assertThat(call.getErrorType()).isEqualTo("502");
        assertThat(call.getErrorMessage()).isEqualTo("Provider returned error");
    }

    @Test
    void garbageAndTruncatedBodies() {
        Random random = new Random(7);
        byte[] junk = new byte[2048];
        random.nextBytes(junk);
        LlmCall garbage = decoder.decode(exchange(chatRequest("openai-nonstream"), json(200, junk)));
        assertThat(garbage.isPartial()).isTrue();
        assertThat(garbage.getPartialReason()).isEqualTo("response body is not JSON");
        assertThat(garbage.getResponseBody()).isEqualTo(new String(junk, StandardCharsets.UTF_8));
        assertThat(garbage.getModel()).isEqualTo("gpt-4o-mini");

        LlmCall broken = decode(200, "{\"id\":\"chatcmpl-x\",\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":}]}");
        assertThat(broken.isPartial()).isTrue();
        assertThat(broken.getPartialReason()).startsWith("response body is not valid JSON: ");
        assertThat(broken.getResponseId()).isEqualTo("chatcmpl-x");

        byte[] whole = resource("openai-nonstream-tools.response.json");
        int cut = new String(whole, StandardCharsets.UTF_8).indexOf("get_time") + 20;
        HttpResponse truncated = new HttpResponse(200, "OK", "HTTP/1.1", Exchanges.headers("content-type",
                "application/json"), Arrays.copyOf(whole, cut), whole.length, true, List.of(), 1, 2, true);
        LlmCall capped = decoder.decode(exchange(chatRequest("openai-nonstream"), truncated));
        assertThat(capped.isPartial()).isTrue();
        assertThat(capped.getPartialReason()).isEqualTo("response body truncated after " + cut + " of " + whole.length
                + " bytes");
        assertThat(capped.getResponseId()).isEqualTo("chatcmpl-T0oLcA1lS2nO3nS4tR5eA6mI7nG8");
        assertThat(capped.getModel()).isEqualTo("gpt-4o-2024-08-06");
        assertThat(capped.getToolCalls()).extracting(ToolCall::name).containsExactly("get_weather", "get_time");
        assertThat(capped.getToolCalls().get(1).arguments()).isNull();
        assertThat(capped.getFinishReason()).isNull();

        LlmCall empty = decode(200, "");
        assertThat(empty.isPartial()).isTrue();
        assertThat(empty.getPartialReason()).isEqualTo("response body is empty");
        assertThat(empty.getResponseBody()).isNull();

        LlmCall emptyError = decode(401, "");
        assertThat(emptyError.isPartial()).isFalse();
        assertThat(emptyError.getErrorMessage()).isNull();
    }

    @Test
    void noResponseOrCutOffResponse() {
        LlmCall none = decoder.decode(exchange(chatRequest("openai-stream-text"), null,
                "no response before connection closed"));
        assertThat(none.isPartial()).isTrue();
        assertThat(none.getPartialReason()).isEqualTo("no response before connection closed");
        assertThat(none.getRequestModel()).isEqualTo("gpt-4o-mini");
        assertThat(none.getModel()).isEqualTo("gpt-4o-mini");
        assertThat(none.isStream()).isTrue();
        assertThat(none.getResponseBody()).isNull();

        LlmCall silent = decoder.decode(exchange(chatRequest("openai-nonstream"), null));
        assertThat(silent.getPartialReason()).isEqualTo("no response seen");

        byte[] body = resource("openai-nonstream.response.json");
        HttpResponse incomplete = new HttpResponse(200, "OK", "HTTP/1.1", Exchanges.headers("content-type",
                "application/json"), body, body.length, false, List.of(), 1, 2, false);
        LlmCall cut = decoder.decode(exchange(chatRequest("openai-nonstream"), incomplete));
        assertThat(cut.isPartial()).isTrue();
        assertThat(cut.getPartialReason()).isEqualTo("response cut off before its end");
        assertThat(cut.getFinishReason()).isEqualTo("stop");

        LlmCall nothing = decoder.decode(null);
        assertThat(nothing.isPartial()).isTrue();
        assertThat(nothing.getWireApi()).isEqualTo("openai-chat");

        LlmCall noRequest = decoder.decode(exchange(null, json(200, body)));
        assertThat(noRequest.getRequestModel()).isNull();
        assertThat(noRequest.getModel()).isEqualTo("gpt-4o-mini-2024-07-18");
    }

    @Test
    void recordsWithNullsNeverMakeItThrow() {
        HttpResponse nulls = new HttpResponse(200, null, null, List.of(), null, 0, false, null, 0, 0, true);
        LlmCall call = decoder.decode(exchange(chatRequest("openai-nonstream"), nulls));
        assertThat(call.getWireApi()).isEqualTo("openai-chat");
        assertThat(call.isPartial()).isTrue();

        HttpResponse nullHeaders = new HttpResponse(200, null, null, null, "{}".getBytes(StandardCharsets.UTF_8), 2,
                false, List.of(), 0, 0, true);
        LlmCall bug = decoder.decode(exchange(chatRequest("openai-nonstream"), nullHeaders));
        assertThat(bug.isPartial()).isTrue();
        assertThat(bug.getPartialReason()).startsWith("decoder error: ");
        assertThat(bug.getRequestModel()).isEqualTo("gpt-4o-mini");
    }

    @Test
    void decodesConcurrentlyOnOneInstance() throws Exception {
        List<HttpExchange> exchanges = List.of(
                exchange(chatRequest("openai-stream-text"), Exchanges.sse("openai-stream-text")),
                exchange(chatRequest("openai-stream-tools"), Exchanges.sse("openai-stream-tools")),
                exchange(chatRequest("openai-nonstream"), json(200, resource("openai-nonstream.response.json"))));
        List<String> expected = exchanges.stream().map(e -> decoder.decode(e).getResponseBody()).toList();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int k = i % exchanges.size();
                results.add(pool.submit(() -> decoder.decode(exchanges.get(k)).getResponseBody().equals(expected.get(k))));
            }
            for (Future<Boolean> f : results) {
                assertThat(f.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private LlmCall decode(int status, String body) {
        return decoder.decode(exchange(chatRequest("openai-nonstream"), json(status, body)));
    }

    private static String completion(String usage) {
        return "{\"id\":\"chatcmpl-u\",\"object\":\"chat.completion\",\"model\":\"m\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":\"x\"},\"finish_reason\":\"stop\"}]," + usage + "}";
    }
}
