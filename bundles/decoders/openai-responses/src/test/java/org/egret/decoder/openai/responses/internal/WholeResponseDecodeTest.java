package org.egret.decoder.openai.responses.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.egret.decoder.openai.responses.internal.Exchanges.exchange;
import static org.egret.decoder.openai.responses.internal.Exchanges.json;
import static org.egret.decoder.openai.responses.internal.Exchanges.resource;
import static org.egret.decoder.openai.responses.internal.Exchanges.responsesRequest;
import static org.egret.decoder.openai.responses.internal.Exchanges.text;
import static org.egret.decoder.openai.responses.internal.StreamingDecodeTest.assertTokens;

import java.util.Arrays;
import org.egret.api.decode.LlmCall;
import org.egret.api.decode.ToolCall;
import org.egret.api.decode.ToolResult;
import org.egret.api.http.HttpResponse;
import org.junit.jupiter.api.Test;

class WholeResponseDecodeTest {

    private final OpenAiResponsesDecoder decoder = new OpenAiResponsesDecoder();

    @Test
    void realNonStreamingResponse() {
        LlmCall call = decoder.decode(exchange(responsesRequest("responses-nonstream"),
                json(200, resource("responses-nonstream.response.json"))));
        assertThat(call.isStream()).isFalse();
        assertThat(call.getRequestModel()).isEqualTo("gpt-4.1-mini");
        assertThat(call.getModel()).isEqualTo("gpt-4.1-mini-2025-04-14");
        assertThat(call.getResponseId()).isEqualTo("resp_6ce861aab4986f9f5907a5e2281a37f76bcfe4f214e495a422");
        assertThat(call.getFinishReason()).isEqualTo("completed");
        assertTokens(call, 39, 51, 90, 0, 0);
        assertThat(call.getResponseBody()).isEqualTo(text("responses-nonstream.response.json"));
        assertThat(call.getFirstTokenTime()).isZero();
        assertThat(call.isPartial()).isFalse();
    }

    @Test
    void parallelFunctionCallsAndTheirResults() {
        LlmCall first = decoder.decode(exchange(responsesRequest("responses-tools-calls"),
                json(200, resource("responses-tools-calls.response.json"))));
        assertThat(first.getToolCalls()).containsExactly(
                new ToolCall(0, "call_CtpLnlRHwbOWQ4GUakGGNvgX", "read_file",
                        "{\"path\":\"src/main/java/com/example/http/Parser.java\"}"),
                new ToolCall(1, "call_7EZ9hADevetLVWPmBqeYQgbx", "run_tests",
                        "{\"selector\":\"ParserTest\",\"timeout_ms\":120000}"));
        assertThat(first.getRequestTools()).containsExactly("read_file", "run_tests", "web_search");
        assertThat(first.getToolResults()).isEmpty();

        LlmCall second = decoder.decode(exchange(responsesRequest("responses-tools-results"),
                json(200, resource("responses-tools-results.response.json"))));
        assertThat(second.getToolCalls()).isEmpty();
        assertTokens(second, 457, 44, 501, 192, 0);
        assertThat(second.getToolResults()).hasSize(2);
        ToolResult read = second.getToolResults().get(0);
        assertThat(read.toolCallId()).isEqualTo("call_CtpLnlRHwbOWQ4GUakGGNvgX");
        assertThat(read.name()).isEqualTo("read_file");
        assertThat(read.error()).isFalse();
        assertThat(read.content()).startsWith("package com.example.http;");
        ToolResult tests = second.getToolResults().get(1);
        assertThat(tests.name()).isEqualTo("run_tests");
        assertThat(tests.error()).as("status incomplete").isTrue();
        assertThat(tests.content()).contains("killed after 120000 ms (timeout)");
    }

    @Test
    void realErrorBodies() {
        LlmCall limited = decoder.decode(exchange(responsesRequest("responses-error-429"),
                json(429, resource("responses-error-429.response.json"))));
        assertThat(limited.getErrorType()).isEqualTo("rate_limit_exceeded");
        assertThat(limited.getErrorMessage()).startsWith("Rate limit reached for gpt-4.1-mini");
        assertThat(limited.isStream()).as("the answer was JSON, not a stream").isFalse();
        assertThat(limited.getRequestModel()).isEqualTo("gpt-4.1-mini-ratelimited");
        assertThat(limited.getModel()).isEqualTo("gpt-4.1-mini-ratelimited");
        assertThat(limited.getFinishReason()).isNull();
        assertThat(limited.isPartial()).isFalse();

        LlmCall invalid = decoder.decode(exchange(responsesRequest("responses-error-429"),
                json(400, resource("responses-error-400.response.json"))));
        assertThat(invalid.getErrorType()).isEqualTo("unsupported_parameter");
        assertThat(invalid.getErrorMessage()).isEqualTo(
                "Unsupported parameter: 'temperature' is not supported with this model.");

        LlmCall server = decoder.decode(exchange(responsesRequest("responses-error-429"),
                json(500, resource("responses-error-500.response.json"))));
        assertThat(server.getErrorType()).as("code null: the type").isEqualTo("server_error");
        assertThat(server.getErrorMessage()).startsWith("The server had an error processing your request.");

        LlmCall overloaded = decoder.decode(exchange(responsesRequest("responses-error-429"),
                json(503, resource("responses-error-503.response.json"))));
        assertThat(overloaded.getErrorType()).isEqualTo("server_error");
        assertThat(overloaded.getErrorMessage()).isEqualTo("The engine is currently overloaded, please try again later.");
        assertThat(overloaded.isPartial()).isFalse();
    }

    @Test
    void otherErrorShapes() {
        assertError(502, "<html><body>Bad gateway</body></html>", null, "<html><body>Bad gateway</body></html>");
        assertError(401, "{\"error\":\"invalid api key\"}", null, "invalid api key");
        assertError(400, "{\"object\":\"error\",\"message\":\"max_tokens too large\",\"type\":\"BadRequestError\","
                + "\"param\":null,\"code\":400}", "BadRequestError", "max_tokens too large");
        assertError(422, "{\"detail\":[{\"loc\":[\"body\",\"input\"],\"msg\":\"field required\"}]}", null,
                "[{\"loc\":[\"body\",\"input\"],\"msg\":\"field required\"}]");
        assertError(529, "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}",
                "overloaded_error", "Overloaded");
        LlmCall empty = decoder.decode(exchange(responsesRequest("responses-nonstream"), json(503, "")));
        assertThat(empty.getErrorMessage()).isEqualTo("HTTP 503");
        assertThat(empty.isPartial()).isFalse();
    }

    @Test
    void failedResponseObjectCarriesItsError() {
        String body = "{\"id\":\"resp_1\",\"object\":\"response\",\"status\":\"failed\",\"model\":\"gpt-4.1-mini-2025-04-14\","
                + "\"error\":{\"code\":\"server_error\",\"message\":\"An error occurred.\"},\"output\":[],\"usage\":null}";
        LlmCall call = decoder.decode(exchange(responsesRequest("responses-nonstream"), json(200, body)));
        assertThat(call.getFinishReason()).isEqualTo("failed");
        assertThat(call.getErrorType()).isEqualTo("server_error");
        assertThat(call.getErrorMessage()).isEqualTo("An error occurred.");
        assertThat(call.isPartial()).isFalse();
    }

    @Test
    void truncatedBodyKeepsWhatCameBeforeTheCut() {
        byte[] whole = resource("responses-tools-calls.response.json");
        String text = new String(whole, java.nio.charset.StandardCharsets.UTF_8);
        byte[] cut = Arrays.copyOf(whole, text.indexOf("\"parallel_tool_calls\""));
        HttpResponse response = new HttpResponse(200, "OK", "HTTP/1.1", Exchanges.headers("content-type",
                "application/json"), cut, whole.length, true, java.util.List.of(), 1, 2, true);
        LlmCall call = decoder.decode(exchange(responsesRequest("responses-tools-calls"), response));
        assertThat(call.isPartial()).isTrue();
        assertThat(call.getPartialReason()).isEqualTo(
                "response body truncated after " + cut.length + " of " + whole.length + " bytes");
        assertThat(call.getResponseId()).isEqualTo("resp_880b64c8944946a6bea4056649c019ac332439658311aec425");
        assertThat(call.getFinishReason()).isEqualTo("completed");
        assertThat(call.getToolCalls()).hasSize(2);
        assertThat(call.getInputTokens()).as("usage comes after the cut").isNull();

        byte[] insideOutput = Arrays.copyOf(whole, text.indexOf("run_tests\""));
        call = decoder.decode(exchange(responsesRequest("responses-tools-calls"), json(200, insideOutput)));
        assertThat(call.getToolCalls()).extracting(ToolCall::name).containsExactly("read_file");
        assertThat(call.isPartial()).isTrue();
        assertThat(call.getPartialReason()).startsWith("response body is not valid JSON: ");
    }

    @Test
    void bodiesThatAreNotAResponse() {
        LlmCall empty = decoder.decode(exchange(responsesRequest("responses-nonstream"), json(200, "")));
        assertThat(empty.isPartial()).isTrue();
        assertThat(empty.getPartialReason()).isEqualTo("response body is empty");
        LlmCall html = decoder.decode(exchange(responsesRequest("responses-nonstream"), json(200, "<html>hi</html>")));
        assertThat(html.getPartialReason()).isEqualTo("response body is not JSON");
        assertThat(html.getResponseBody()).isEqualTo("<html>hi</html>");
    }

    @Test
    void usageInOtherProvidersNamesFromTranslatingProxies() {
        LlmCall chat = decode("{\"id\":\"resp_x\",\"status\":\"completed\",\"output\":[],\"usage\":{\"prompt_tokens\":10,"
                + "\"completion_tokens\":5,\"prompt_tokens_details\":{\"cached_tokens\":4},"
                + "\"completion_tokens_details\":{\"reasoning_tokens\":2}}}");
        assertTokens(chat, 10, 5, 15, 4, 2);
        LlmCall anthropic = decode("{\"id\":\"resp_x\",\"status\":\"completed\",\"output\":[],\"usage\":{\"input_tokens\":10,"
                + "\"output_tokens\":5,\"cache_read_input_tokens\":300,\"cache_creation_input_tokens\":40}}");
        assertTokens(anthropic, 10, 5, 15, 300, null);
        assertThat(anthropic.getCacheCreationInputTokens()).isEqualTo(40);
        LlmCall gemini = decode("{\"responseId\":\"x\",\"usageMetadata\":{\"promptTokenCount\":12,"
                + "\"candidatesTokenCount\":7,\"totalTokenCount\":25,\"cachedContentTokenCount\":3,"
                + "\"thoughtsTokenCount\":6}}");
        assertTokens(gemini, 12, 7, 25, 3, 6);
        LlmCall strings = decode("{\"usage\":{\"input_tokens\":\"8\",\"output_tokens\":2.5,\"total_tokens\":null}}");
        assertTokens(strings, 8, null, 8, null, null);
    }

    @Test
    void substitutedModelIsFlagged() {
        LlmCall call = decode("{\"id\":\"resp_x\",\"model\":\"gpt-4o-mini-2024-07-18\",\"status\":\"completed\",\"output\":[]}");
        assertThat(call.getRequestModel()).isEqualTo("gpt-4.1-mini");
        assertThat(call.isModelSubstituted()).isTrue();
    }

    @Test
    void builtInClientToolCallsAreToolCallsHostedOnesAreNot() {
        LlmCall call = decode("{\"status\":\"completed\",\"output\":["
                + "{\"type\":\"web_search_call\",\"id\":\"ws_1\",\"status\":\"completed\",\"action\":{\"type\":\"search\",\"query\":\"jdk 21\"}},"
                + "{\"type\":\"local_shell_call\",\"id\":\"lsh_1\",\"call_id\":\"call_a\",\"status\":\"completed\","
                + "\"action\":{\"type\":\"exec\",\"command\":[\"ls\"],\"env\":{}}},"
                + "{\"type\":\"shell_call\",\"id\":\"sh_1\",\"call_id\":\"call_b\",\"action\":{\"commands\":[\"pwd\"],\"timeout_ms\":1000}},"
                + "{\"type\":\"apply_patch_call\",\"id\":\"apc_1\",\"call_id\":\"call_c\",\"operation\":{\"type\":\"update_file\",\"path\":\"a.txt\",\"diff\":\"-a\\n+b\"}},"
                + "{\"type\":\"mcp_call\",\"id\":\"mcp_1\",\"name\":\"search\",\"arguments\":\"{}\",\"server_label\":\"docs\"},"
                + "{\"type\":\"function_call\",\"id\":\"fc_1\",\"call_id\":\"call_d\",\"name\":\"f\",\"arguments\":\"{}\"}]}");
        assertThat(call.getToolCalls()).containsExactly(
                new ToolCall(0, "call_a", "local_shell", "{\"type\":\"exec\",\"command\":[\"ls\"],\"env\":{}}"),
                new ToolCall(1, "call_b", "shell", "{\"commands\":[\"pwd\"],\"timeout_ms\":1000}"),
                new ToolCall(2, "call_c", "apply_patch", "{\"type\":\"update_file\",\"path\":\"a.txt\",\"diff\":\"-a\\n+b\"}"),
                new ToolCall(3, "call_d", "f", "{}"));
    }

    @Test
    void requestOnlyExchange() {
        LlmCall call = decoder.decode(exchange(responsesRequest("responses-codex-shell"), null,
                "no response before connection closed"));
        assertThat(call.isPartial()).isTrue();
        assertThat(call.getPartialReason()).isEqualTo("no response before connection closed");
        assertThat(call.isStream()).isTrue();
        assertThat(call.getRequestModel()).isEqualTo("gpt-5-codex");
        assertThat(call.getModel()).isEqualTo("gpt-5-codex");
        assertThat(call.getRequestTools()).hasSize(4);
        assertThat(decoder.decode(null).getPartialReason()).isEqualTo("no exchange");
    }

    @Test
    void neverThrowsOnGarbage() {
        java.util.Random random = new java.util.Random(11);
        for (int i = 0; i < 200; i++) {
            byte[] junk = new byte[random.nextInt(400)];
            random.nextBytes(junk);
            if (junk.length > 0 && i % 2 == 0) {
                junk[0] = '{';
            }
            LlmCall call = decoder.decode(exchange(Exchanges.post("/v1/responses", junk), json(200, junk)));
            assertThat(call.getWireApi()).isEqualTo("openai-responses");
        }
        String deep = "{\"output\":" + "[".repeat(100_000);
        LlmCall call = decoder.decode(exchange(responsesRequest("/v1/responses", deep), json(200, deep)));
        assertThat(call.isPartial()).isTrue();
    }

    private void assertError(int status, String body, String type, String message) {
        LlmCall call = decoder.decode(exchange(responsesRequest("responses-nonstream"), json(status, body)));
        assertThat(call.getErrorType()).as(body).isEqualTo(type);
        assertThat(call.getErrorMessage()).as(body).isEqualTo(message);
        assertThat(call.isPartial()).as(body).isFalse();
    }

    private LlmCall decode(String body) {
        return decoder.decode(exchange(responsesRequest("responses-nonstream"), json(200, body)));
    }
}
