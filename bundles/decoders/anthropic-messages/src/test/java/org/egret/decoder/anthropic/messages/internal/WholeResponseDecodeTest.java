package org.egret.decoder.anthropic.messages.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.egret.decoder.anthropic.messages.internal.Exchanges.claudeRequest;
import static org.egret.decoder.anthropic.messages.internal.Exchanges.exchange;
import static org.egret.decoder.anthropic.messages.internal.Exchanges.json;
import static org.egret.decoder.anthropic.messages.internal.Exchanges.post;
import static org.egret.decoder.anthropic.messages.internal.Exchanges.resource;
import static org.egret.decoder.anthropic.messages.internal.Exchanges.text;
import static org.egret.decoder.anthropic.messages.internal.Exchanges.tree;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.egret.api.decode.LlmCall;
import org.egret.api.decode.ToolCall;
import org.egret.api.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WholeResponseDecodeTest {

    private static final String REQUEST = "{\"model\":\"claude-haiku-4-5\",\"max_tokens\":1024,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"Fix the parser.\"}],"
            + "\"tools\":[{\"name\":\"Edit\",\"input_schema\":{\"type\":\"object\"}}]}";

    private final AnthropicMessagesDecoder decoder = new AnthropicMessagesDecoder();

    @Test
    void messageWithToolUseAndSplitCacheCreation() {
        String body = text("nonstream-tool-use.response.json");
        LlmCall call = decoder.decode(exchange(claudeRequest(REQUEST), json(200, body)));

        assertThat(call.isStream()).isFalse();
        assertThat(call.getRequestModel()).isEqualTo("claude-haiku-4-5");
        assertThat(call.getModel()).isEqualTo("claude-haiku-4-5-20251001");
        assertThat(call.isModelSubstituted()).isFalse();
        assertThat(call.getResponseId()).isEqualTo("msg_01HCDu5LRGeP2o7s2xGmxyFa");
        assertThat(call.getFinishReason()).isEqualTo("tool_use");
        assertThat(call.getInputTokens()).isEqualTo(1520);
        assertThat(call.getOutputTokens()).isEqualTo(74);
        assertThat(call.getTotalTokens()).isEqualTo(1594);
        assertThat(call.getCacheReadInputTokens()).isEqualTo(1024);
        // cache_creation_input_tokens is null: the per-TTL counts are summed
        assertThat(call.getCacheCreationInputTokens()).isEqualTo(500);
        assertThat(call.getRequestTools()).containsExactly("Edit");
        assertThat(call.getToolCalls()).hasSize(1);
        ToolCall edit = call.getToolCalls().get(0);
        assertThat(edit.id()).isEqualTo("toolu_01NonStream");
        assertThat(edit.name()).isEqualTo("Edit");
        assertThat(tree(edit.arguments())).isEqualTo(tree("{\"file_path\":\"src/Parser.java\","
                + "\"old_string\":\"split(\\\":\\\")\",\"new_string\":\"split(\\\":\\\", 2)\"}"));
        assertThat(call.getResponseBody()).isEqualTo(body);
        assertThat(call.getFirstTokenTime()).isZero();
        assertThat(call.isPartial()).isFalse();
        assertThat(call.getErrorType()).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "400|invalid_request_error|max_tokens: 64001 > 64000, which is the maximum allowed number of output tokens for claude-haiku-4-5-20251001",
        "429|rate_limit_error|This request would exceed the rate limit for your organization of 50 requests per minute.",
        "500|api_error|Internal server error",
        "529|overloaded_error|Overloaded"})
    void anthropicErrorBodies(int status, String type, String message) {
        String body = "{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"" + message + "\"},"
                + "\"request_id\":\"req_011CSHoEeqs5C35K2UUqR7Fy\"}";
        LlmCall call = decoder.decode(exchange(claudeRequest(REQUEST.replace("{\"model", "{\"stream\":true,\"model")),
                json(status, body, "request-id", "req_011CSHoEeqs5C35K2UUqR7Fy", "x-should-retry", "true")));

        assertThat(call.getErrorType()).isEqualTo(type);
        assertThat(call.getErrorMessage()).isEqualTo(message);
        assertThat(call.isStream()).isFalse();
        assertThat(call.getModel()).isEqualTo("claude-haiku-4-5");
        assertThat(call.getFinishReason()).isNull();
        assertThat(call.getInputTokens()).isNull();
        assertThat(call.getResponseBody()).isEqualTo(body);
        assertThat(call.isPartial()).isFalse();
    }

    @Test
    void otherErrorShapes() {
        LlmCall openAi = decoder.decode(exchange(claudeRequest(REQUEST), json(401,
                "{\"error\":{\"message\":\"Invalid API key\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}")));
        assertThat(openAi.getErrorType()).isEqualTo("invalid_request_error");
        assertThat(openAi.getErrorMessage()).isEqualTo("Invalid API key");

        LlmCall vertex = decoder.decode(exchange(claudeRequest(REQUEST), json(429, "[{\"error\":{\"code\":429,"
                + "\"message\":\"Quota exceeded for aiplatform.googleapis.com/online_prediction_requests_per_base_model\","
                + "\"status\":\"RESOURCE_EXHAUSTED\"}}]")));
        assertThat(vertex.getErrorType()).isEqualTo("RESOURCE_EXHAUSTED");
        assertThat(vertex.getErrorMessage()).startsWith("Quota exceeded");

        LlmCall bedrock = decoder.decode(exchange(post("/model/anthropic.claude-3-haiku-20240307-v1%3A0/invoke",
                "{\"anthropic_version\":\"bedrock-2023-05-31\",\"messages\":[]}"),
                json(400, "{\"message\":\"Malformed input request: #: required key [max_tokens] not found\"}",
                        "x-amzn-ErrorType", "ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/")));
        assertThat(bedrock.getRequestModel()).isEqualTo("anthropic.claude-3-haiku-20240307-v1:0");
        assertThat(bedrock.getErrorType()).isEqualTo("ValidationException");
        assertThat(bedrock.getErrorMessage()).startsWith("Malformed input request");

        LlmCall html = decoder.decode(exchange(claudeRequest(REQUEST), json(502, "<html>Bad Gateway</html>")));
        assertThat(html.getErrorType()).isNull();
        assertThat(html.getErrorMessage()).isEqualTo("<html>Bad Gateway</html>");
        assertThat(html.isPartial()).isFalse();
    }

    @Test
    void proxyAnsweringInAnotherShapeKeepsItsUsage() {
        String chat = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"model\":\"gpt-4o-mini-2024-07-18\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"hi\"},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":20,\"completion_tokens\":3,\"total_tokens\":23,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":8},\"completion_tokens_details\":{\"reasoning_tokens\":2}}}";
        LlmCall call = decoder.decode(exchange(claudeRequest(REQUEST), json(200, chat)));
        assertThat(call.getModel()).isEqualTo("gpt-4o-mini-2024-07-18");
        assertThat(call.isModelSubstituted()).isTrue();
        assertThat(call.getFinishReason()).isEqualTo("stop");
        assertThat(call.getInputTokens()).isEqualTo(20);
        assertThat(call.getOutputTokens()).isEqualTo(3);
        assertThat(call.getTotalTokens()).isEqualTo(23);
        assertThat(call.getCacheReadInputTokens()).isEqualTo(8);
        assertThat(call.getReasoningTokens()).isEqualTo(2);

        String gemini = "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"hi\"}]},\"finishReason\":\"STOP\"}],"
                + "\"usageMetadata\":{\"promptTokenCount\":11,\"candidatesTokenCount\":4,\"totalTokenCount\":21,"
                + "\"cachedContentTokenCount\":6,\"thoughtsTokenCount\":6},\"modelVersion\":\"gemini-2.5-flash\","
                + "\"responseId\":\"abc\"}";
        LlmCall g = decoder.decode(exchange(claudeRequest(REQUEST), json(200, gemini)));
        assertThat(g.getModel()).isEqualTo("gemini-2.5-flash");
        assertThat(g.getResponseId()).isEqualTo("abc");
        assertThat(g.getFinishReason()).isEqualTo("STOP");
        assertThat(g.getInputTokens()).isEqualTo(11);
        assertThat(g.getTotalTokens()).isEqualTo(21);
        assertThat(g.getCacheReadInputTokens()).isEqualTo(6);
        assertThat(g.getReasoningTokens()).isEqualTo(6);
    }

    @Test
    void brokenEmptyAndTruncatedBodies() {
        LlmCall broken = decoder.decode(exchange(claudeRequest(REQUEST), json(200, "{\"id\":\"msg_1\",\"content\":[")));
        assertThat(broken.isPartial()).isTrue();
        assertThat(broken.getPartialReason()).startsWith("response body is not valid JSON");

        LlmCall empty = decoder.decode(exchange(claudeRequest(REQUEST), json(200, "")));
        assertThat(empty.getPartialReason()).isEqualTo("response body is empty");

        byte[] full = resource("nonstream-tool-use.response.json");
        byte[] head = Arrays.copyOf(full, 300);
        HttpResponse truncated = new HttpResponse(200, "OK", "HTTP/1.1", Exchanges.headers("content-type",
                "application/json"), head, full.length, true, List.of(), 1, 2, true);
        LlmCall cut = decoder.decode(exchange(claudeRequest(REQUEST), truncated));
        assertThat(cut.getPartialReason()).isEqualTo("response body truncated after 300 of " + full.length + " bytes");
        assertThat(cut.getModel()).isEqualTo("claude-haiku-4-5-20251001");

        LlmCall notJson = decoder.decode(exchange(claudeRequest(REQUEST), json(200, "hello")));
        assertThat(notJson.getPartialReason()).startsWith("response body is not valid JSON");

        HttpResponse incomplete = new HttpResponse(200, "OK", "HTTP/1.1", Exchanges.headers("content-type",
                "application/json"), full, full.length, false, List.of(), 1, 2, false);
        assertThat(decoder.decode(exchange(claudeRequest(REQUEST), incomplete)).getPartialReason())
                .isEqualTo("response cut off before its end");
    }

    @Test
    void jsonAnswerToAStreamingRequestUnderAnEventStreamType() {
        byte[] body = "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"
                .getBytes(StandardCharsets.UTF_8);
        HttpResponse r = new HttpResponse(529, "", "HTTP/1.1", Exchanges.headers("content-type", "text/event-stream"),
                body, body.length, false, List.of(), 1, 2, true);
        LlmCall call = decoder.decode(exchange(claudeRequest(REQUEST), r));
        assertThat(call.getErrorType()).isEqualTo("overloaded_error");
        assertThat(call.isStream()).isFalse();
    }
}
