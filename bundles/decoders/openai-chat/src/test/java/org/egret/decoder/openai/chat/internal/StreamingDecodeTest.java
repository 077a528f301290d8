package org.egret.decoder.openai.chat.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.egret.decoder.openai.chat.internal.Exchanges.chatRequest;
import static org.egret.decoder.openai.chat.internal.Exchanges.data;
import static org.egret.decoder.openai.chat.internal.Exchanges.events;
import static org.egret.decoder.openai.chat.internal.Exchanges.exchange;
import static org.egret.decoder.openai.chat.internal.Exchanges.sse;
import static org.egret.decoder.openai.chat.internal.Exchanges.text;
import static org.egret.decoder.openai.chat.internal.Exchanges.tree;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.egret.api.decode.LlmCall;
import org.egret.api.decode.ToolCall;
import org.egret.api.http.HttpResponse;
import org.egret.api.http.SseEvent;
import org.junit.jupiter.api.Test;

class StreamingDecodeTest {

    private final OpenAiChatDecoder decoder = new OpenAiChatDecoder();

    @Test
    void realTextStreamWithIncludeUsage() {
        List<SseEvent> events = events(text("openai-stream-text.response.sse"));
        LlmCall call = decoder.decode(exchange(chatRequest("openai-stream-text"), sse("openai-stream-text")));

        assertThat(call.getWireApi()).isEqualTo("openai-chat");
        assertThat(call.isStream()).isTrue();
        assertThat(call.getRequestModel()).isEqualTo("gpt-4o-mini");
        assertThat(call.getModel()).isEqualTo("gpt-4o-mini-2024-07-18");
        assertThat(call.getResponseId()).isEqualTo("chatcmpl-MEb3nLEyQxAxkjIXmopDrYiXYLK9V");
        assertThat(call.getFinishReason()).isEqualTo("stop");
        assertTokens(call, 86, 110, 196, 0, null, 0);
        assertThat(call.getToolCalls()).isEmpty();
        assertThat(call.getErrorType()).isNull();
        assertThat(call.getErrorMessage()).isNull();
        assertThat(call.isPartial()).isFalse();
        assertThat(call.getPartialReason()).isNull();
        // The first chunk is role-only with content "": the first token is the second event.
        assertThat(events.get(1).data()).contains("\"content\":\"Here’s\"");
        assertThat(call.getFirstTokenTime()).isEqualTo(events.get(1).timestampMicros()).isEqualTo(1_795_602_247_010_742L);
        assertPipelineFieldsUntouched(call);

        JsonNode body = tree(call.getResponseBody());
        assertThat(fieldNames(body)).containsExactly("id", "object", "created", "model", "system_fingerprint", "choices",
                "usage");
        assertThat(body.get("id").asText()).isEqualTo("chatcmpl-MEb3nLEyQxAxkjIXmopDrYiXYLK9V");
        assertThat(body.get("object").asText()).isEqualTo("chat.completion");
        assertThat(body.get("created").asLong()).isEqualTo(1_767_225_617L);
        assertThat(body.get("model").asText()).isEqualTo("gpt-4o-mini-2024-07-18");
        assertThat(body.get("system_fingerprint").asText()).isEqualTo("fp_560af6e559");
        assertThat(body.get("choices")).hasSize(1);
        JsonNode choice = body.get("choices").get(0);
        assertThat(fieldNames(choice)).containsExactly("index", "message", "finish_reason");
        assertThat(choice.get("index").asInt()).isZero();
        assertThat(choice.get("finish_reason").asText()).isEqualTo("stop");
        JsonNode message = choice.get("message");
        assertThat(fieldNames(message)).containsExactly("role", "content");
        assertThat(message.get("role").asText()).isEqualTo("assistant");
        // What the npm openai SDK itself assembled from the same bytes.
        assertThat(message.get("content").asText()).isEqualTo(text("openai-stream-text.sdk-content.txt"));
        assertThat(body.get("usage")).isEqualTo(tree(
                "{\"prompt_tokens\":86,\"completion_tokens\":110,\"total_tokens\":196,"
                        + "\"prompt_tokens_details\":{\"cached_tokens\":0,\"audio_tokens\":0},"
                        + "\"completion_tokens_details\":{\"reasoning_tokens\":0,\"audio_tokens\":0,"
                        + "\"accepted_prediction_tokens\":0,\"rejected_prediction_tokens\":0}}"));
    }

    @Test
    void realParallelToolCallStream() {
        List<SseEvent> events = events(text("openai-stream-tools.response.sse"));
        LlmCall call = decoder.decode(exchange(chatRequest("openai-stream-tools"), sse("openai-stream-tools")));

        assertThat(call.getModel()).isEqualTo("gpt-4o-mini-2024-07-18");
        assertThat(call.getFinishReason()).isEqualTo("tool_calls");
        assertTokens(call, 267, 35, 302, 0, null, 0);
        assertThat(call.getToolCalls()).containsExactly(
                new ToolCall(0, "call_CtpLnlRHwbOWQ4GUakGGNvgX", "read_file",
                        "{\"path\":\"src/main/java/com/example/http/Parser.java\"}"),
                new ToolCall(1, "call_7EZ9hADevetLVWPmBqeYQgbx", "run_shell",
                        "{\"command\":\"mvn -q -Dtest=ParserTest test\",\"timeout_ms\":120000}"));
        assertThat(call.getToolCallCount()).isEqualTo(2);
        // The first chunk carries the role and call 0's id and name: model output, so it is the first token.
        assertThat(call.getFirstTokenTime()).isEqualTo(events.get(0).timestampMicros());
        assertThat(call.isPartial()).isFalse();

        JsonNode message = tree(call.getResponseBody()).get("choices").get(0).get("message");
        assertThat(fieldNames(message)).containsExactly("role", "content", "tool_calls");
        assertThat(message.get("content").isNull()).isTrue();
        assertThat(message.get("tool_calls")).isEqualTo(tree("""
                [{"id":"call_CtpLnlRHwbOWQ4GUakGGNvgX","type":"function","function":{"name":"read_file",
                  "arguments":"{\\"path\\":\\"src/main/java/com/example/http/Parser.java\\"}"}},
                 {"id":"call_7EZ9hADevetLVWPmBqeYQgbx","type":"function","function":{"name":"run_shell",
                  "arguments":"{\\"command\\":\\"mvn -q -Dtest=ParserTest test\\",\\"timeout_ms\\":120000}"}}]
                """));
        assertThat(tree(call.getResponseBody()).get("choices").get(0).get("finish_reason").asText())
                .isEqualTo("tool_calls");
    }

    @Test
    void realFollowUpTurnWithCachedPrompt() {
        LlmCall call = decoder.decode(
                exchange(chatRequest("openai-stream-tool-results"), sse("openai-stream-tool-results")));
        assertThat(call.getFinishReason()).isEqualTo("stop");
        assertTokens(call, 714, 100, 814, 320, null, 0);
        assertThat(call.getToolCalls()).isEmpty();
        assertThat(tree(call.getResponseBody()).at("/choices/0/message/content").asText())
                .isEqualTo(text("openai-stream-tool-results.sdk-content.txt"));
        assertThat(call.getRequestTools()).containsExactly("read_file", "run_shell");
        assertThat(call.getToolResults()).extracting(r -> r.name() + "@" + r.toolCallId())
                .containsExactly("read_file@call_CtpLnlRHwbOWQ4GUakGGNvgX", "run_shell@call_7EZ9hADevetLVWPmBqeYQgbx");
        assertThat(call.isModelSubstituted()).as("a dated snapshot of the requested alias").isFalse();
    }

    @Test
    void interleavedParallelToolCallFragmentsAreJoinedByIndex() {
        List<SseEvent> events = events(text("openai-stream-tools-interleaved.response.sse"));
        LlmCall call = decoder.decode(
                exchange(chatRequest("openai-stream-tools-interleaved"), sse("openai-stream-tools-interleaved")));

        assertThat(call.getRequestModel()).isEqualTo("gpt-4.1-mini");
        assertThat(call.getModel()).isEqualTo("gpt-4.1-mini-2025-04-14");
        assertThat(call.getResponseId()).isEqualTo("chatcmpl-BqZ0v7uKJ4cXh2mYt8R1wP3sLdNe6");
        assertThat(call.getFinishReason()).isEqualTo("tool_calls");
        assertTokens(call, 412, 58, 470, 256, null, 0);
        assertThat(call.getToolCalls()).containsExactly(
                new ToolCall(0, "call_Qm3xT9aLr2VwK8sYb1nE5pHc", "read_file", "{\"path\":\"pom.xml\"}"),
                new ToolCall(1, "call_Zt7wN4cPq6XbJ0uRk2mF9yDs", "run_shell",
                        "{\"command\":\"git status --short\",\"timeout_ms\":30000}"));
        assertThat(call.getFirstTokenTime()).isEqualTo(events.get(0).timestampMicros());
        assertThat(call.isPartial()).isFalse();
        JsonNode toolCalls = tree(call.getResponseBody()).at("/choices/0/message/tool_calls");
        assertThat(toolCalls).hasSize(2);
        assertThat(toolCalls.get(1).at("/function/arguments").asText())
                .isEqualTo("{\"command\":\"git status --short\",\"timeout_ms\":30000}");
        assertThat(tree(call.getResponseBody()).at("/usage/prompt_tokens_details/cached_tokens").asInt()).isEqualTo(256);
    }

    @Test
    void reasoningModelStreamKeepsReasoningContentAndTimesTheFirstThought() {
        List<SseEvent> events = events(text("deepseek-reasoner-stream.response.sse"));
        LlmCall call = decoder.decode(
                exchange(chatRequest("deepseek-reasoner-stream"), sse("deepseek-reasoner-stream")));

        assertThat(call.getModel()).isEqualTo("deepseek-reasoner");
        assertThat(call.getResponseId()).isEqualTo("6f0c2a4e-3b1d-4e8f-9a57-0c1d2e3f4a5b");
        assertThat(call.getFinishReason()).isEqualTo("stop");
        assertTokens(call, 17, 164, 181, 0, null, 141);
        // Event 0 opens reasoning_content with "": the first thought is event 1.
        assertThat(call.getFirstTokenTime()).isEqualTo(events.get(1).timestampMicros());
        assertThat(call.isPartial()).isFalse();

        JsonNode body = tree(call.getResponseBody());
        JsonNode message = body.at("/choices/0/message");
        assertThat(fieldNames(message)).containsExactly("role", "content", "reasoning_content");
        assertThat(message.get("reasoning_content").asText()).isEqualTo(
                "Okay, the user asks whether 1013 is prime. Check divisors up to 31: 7×144=1008, 11×92=1012, "
                        + "13×77=1001, 17, 19, 23, 29, 31 don't divide it. So it is prime.");
        assertThat(message.get("content").asText())
                .isEqualTo("Yes—**1013 is prime**. It has no divisor between 2 and 31 (⌊√1013⌋ = 31).");
        assertThat(body.get("system_fingerprint").asText()).isEqualTo("fp_7e0991cad4_prod0820_fp8_kvcache");
        assertThat(body.at("/usage/prompt_cache_miss_tokens").asInt()).isEqualTo(17);
    }

    @Test
    void vllmUsageOnEveryChunkTakesTheLastAndReasoningIsNotDoubled() {
        List<SseEvent> events = events(text("vllm-stream-continuous-usage.response.sse"));
        LlmCall call = decoder.decode(
                exchange(chatRequest("vllm-stream-continuous-usage"), sse("vllm-stream-continuous-usage")));

        assertThat(call.getModel()).isEqualTo("Qwen/Qwen3-8B");
        assertThat(call.getFinishReason()).isEqualTo("stop");
        assertTokens(call, 21, 9, 30, null, null, null);
        assertThat(call.getFirstTokenTime()).isEqualTo(events.get(1).timestampMicros());
        assertThat(call.isPartial()).isFalse();

        JsonNode body = tree(call.getResponseBody());
        assertThat(body.has("system_fingerprint")).isFalse();
        assertThat(body.at("/choices/0/message/reasoning_content").asText())
                .isEqualTo("The user wants the capital of France.");
        assertThat(body.at("/choices/0/message/content").asText()).isEqualTo("The capital of France is Paris.");
        assertThat(body.get("usage")).isEqualTo(tree("{\"prompt_tokens\":21,\"total_tokens\":30,\"completion_tokens\":9}"));
    }

    @Test
    void azureStreamSkipsTheEmptyFilterChunkAndNamesTheDeployment() {
        List<SseEvent> events = events(text("azure-stream.response.sse"));
        LlmCall call = decoder.decode(exchange(
                chatRequest("/openai/deployments/gpt-4o-prod/chat/completions?api-version=2024-10-21",
                        Exchanges.resource("azure-stream.request.json")),
                sse("azure-stream")));

        assertThat(call.getRequestModel()).isEqualTo("gpt-4o-prod");
        assertThat(call.getModel()).isEqualTo("gpt-4o-2024-11-20");
        assertThat(call.getResponseId()).isEqualTo("chatcmpl-Cb7kQ2mX9vT4rN8wE1yU6iO3pL5aS");
        // The content_filter_offsets chunk after the finish carries finish_reason null: it must not erase "stop".
        assertThat(call.getFinishReason()).isEqualTo("stop");
        assertTokens(call, 29, 11, 40, 0, null, 0);
        assertThat(call.getFirstTokenTime()).isEqualTo(events.get(2).timestampMicros());
        assertThat(call.isPartial()).isFalse();

        JsonNode body = tree(call.getResponseBody());
        assertThat(body.get("id").asText()).isEqualTo("chatcmpl-Cb7kQ2mX9vT4rN8wE1yU6iO3pL5aS");
        assertThat(body.get("created").asLong()).isEqualTo(1_767_226_300L);
        assertThat(body.get("model").asText()).isEqualTo("gpt-4o-2024-11-20");
        assertThat(body.get("choices")).hasSize(1);
        assertThat(body.at("/choices/0/message/content").asText())
                .isEqualTo("Deploy with `az webapp up` from the project root.");
    }

    @Test
    void severalChoicesAreRebuiltByIndex() {
        LlmCall call = decoder.decode(exchange(chatRequest("openai-stream-n2"), sse("openai-stream-n2")));

        assertThat(call.getFinishReason()).isEqualTo("stop");
        assertThat(call.getInputTokens()).isNull();
        assertThat(call.getTotalTokens()).isNull();
        assertThat(call.isPartial()).isFalse();
        JsonNode choices = tree(call.getResponseBody()).get("choices");
        assertThat(choices).hasSize(2);
        assertThat(choices.get(0).get("index").asInt()).isZero();
        assertThat(choices.get(0).at("/message/content").asText()).isEqualTo("fix: split header on first colon");
        assertThat(choices.get(1).get("index").asInt()).isEqualTo(1);
        assertThat(choices.get(1).at("/message/content").asText()).isEqualTo("fix(parser): keep colons in header values");
        assertThat(choices.get(1).get("finish_reason").asText()).isEqualTo("stop");
        assertThat(tree(call.getResponseBody()).has("usage")).isFalse();
    }

    @Test
    void truncatedStreamIsPartialAndKeepsWhatArrived() {
        List<SseEvent> all = events(text("openai-stream-text.response.sse"));
        List<SseEvent> head = all.subList(0, 25);
        StringBuilder expected = new StringBuilder();
        for (SseEvent e : head.subList(1, 25)) {
            expected.append(tree(e.data()).at("/choices/0/delta/content").asText());
        }
        LlmCall call = decoder.decode(exchange(chatRequest("openai-stream-text"), sse(head, false),
                "connection closed before the response ended"));

        assertThat(call.isPartial()).isTrue();
        assertThat(call.getPartialReason())
                .isEqualTo("stream ended before [DONE]; connection closed before the response ended");
        assertThat(call.getModel()).isEqualTo("gpt-4o-mini-2024-07-18");
        assertThat(call.getResponseId()).isEqualTo("chatcmpl-MEb3nLEyQxAxkjIXmopDrYiXYLK9V");
        assertThat(call.getFinishReason()).isNull();
        assertTokens(call, null, null, null, null, null, null);
        assertThat(call.getFirstTokenTime()).isEqualTo(all.get(1).timestampMicros());
        JsonNode body = tree(call.getResponseBody());
        assertThat(body.at("/choices/0/message/content").asText()).isEqualTo(expected.toString()).startsWith("Here’s a");
        assertThat(body.at("/choices/0/finish_reason").isNull()).isTrue();
        assertThat(body.has("usage")).isFalse();

        LlmCall cut = decoder.decode(exchange(chatRequest("openai-stream-text"), sse(head, false)));
        assertThat(cut.getPartialReason()).isEqualTo("stream ended before [DONE]; response cut off before its end");
    }

    @Test
    void errorInTheMiddleOfAStream() {
        LlmCall call = decoder.decode(exchange(chatRequest("openai-stream-text"), sse("openai-stream-midway-error")));

        assertThat(call.getErrorType()).isEqualTo("server_error");
        assertThat(call.getErrorMessage())
                .isEqualTo("The server had an error while processing your request. Sorry about that!");
        assertThat(call.isPartial()).isTrue();
        assertThat(call.getPartialReason()).isEqualTo("stream ended with an error event");
        assertThat(call.getModel()).isEqualTo("gpt-4o-2024-08-06");
        assertThat(call.getFinishReason()).isNull();
        JsonNode body = tree(call.getResponseBody());
        assertThat(body.at("/choices/0/message/content").asText()).isEqualTo("The migration adds a nullable");
        assertThat(body.at("/error/type").asText()).isEqualTo("server_error");
    }

    @Test
    void namedErrorEventWithTopLevelFields() {
        List<SseEvent> events = List.of(
                data(chunk("{\"role\":\"assistant\",\"content\":\"Hel\"}", null), 10),
                new SseEvent("error", "{\"message\":\"upstream timed out\",\"type\":\"timeout\"}", null, 20));
        LlmCall call = decoder.decode(exchange(chatRequest("openai-stream-text"), sse(events, true)));
        assertThat(call.getErrorType()).isEqualTo("timeout");
        assertThat(call.getErrorMessage()).isEqualTo("upstream timed out");
        assertThat(call.isPartial()).isTrue();
        assertThat(call.getFirstTokenTime()).isEqualTo(10);
    }

    @Test
    void nonJsonDataIsSkippedAndCounted() {
        List<SseEvent> events = List.of(
                data(chunk("{\"role\":\"assistant\",\"content\":\"\"}", null), 100),
                data("keep-alive", 110),
                data(chunk("{\"content\":\"ok\"}", null), 120),
                data("{\"id\":\"chatcmpl-1\",\"choices\":[", 125),
                new SseEvent("ping", "{}", null, 130),
                data(chunk("{}", "\"stop\""), 140),
                data("[DONE]", 150),
                data(chunk("{\"content\":\" after done\"}", null), 160));
        LlmCall call = decoder.decode(exchange(chatRequest("openai-stream-text"), sse(events, true)));

        assertThat(call.isPartial()).isTrue();
        assertThat(call.getPartialReason()).isEqualTo("2 event(s) without valid JSON data skipped");
        assertThat(call.getFinishReason()).isEqualTo("stop");
        assertThat(call.getFirstTokenTime()).isEqualTo(120);
        assertThat(tree(call.getResponseBody()).at("/choices/0/message/content").asText()).isEqualTo("ok");
    }

    @Test
    void explicitMessageEventTypeIsTheDefaultType() {
        List<SseEvent> events = List.of(
                new SseEvent("message", chunk("{\"role\":\"assistant\",\"content\":\"Hi\"}", null), "1", 40),
                new SseEvent("message", chunk("{}", "\"stop\""), "2", 41),
                new SseEvent("message", "[DONE]", "3", 42));
        LlmCall call = decoder.decode(exchange(chatRequest("openai-stream-text"), sse(events, true)));
        assertThat(call.isPartial()).isFalse();
        assertThat(call.getFinishReason()).isEqualTo("stop");
        assertThat(call.getFirstTokenTime()).isEqualTo(40);
        assertThat(tree(call.getResponseBody()).at("/choices/0/message/content").asText()).isEqualTo("Hi");
    }

    @Test
    void finishWithoutDoneIsWholeAndDoneWithoutFinishIsWhole() {
        List<SseEvent> noDone = List.of(data(chunk("{\"content\":\"a\"}", null), 1), data(chunk("{}", "\"length\""), 2));
        LlmCall a = decoder.decode(exchange(chatRequest("openai-stream-text"), sse(noDone, true)));
        assertThat(a.isPartial()).isFalse();
        assertThat(a.getFinishReason()).isEqualTo("length");

        List<SseEvent> noFinish = List.of(data(chunk("{\"content\":\"a\"}", null), 1), data("[DONE]", 2));
        LlmCall b = decoder.decode(exchange(chatRequest("openai-stream-text"), sse(noFinish, true)));
        assertThat(b.isPartial()).isFalse();
        assertThat(b.getFinishReason()).isNull();
    }

    @Test
    void legacyFunctionCallStream() {
        List<SseEvent> events = List.of(
                data(chunk("{\"role\":\"assistant\",\"content\":null,\"function_call\":{\"name\":\"get_current_weather\","
                        + "\"arguments\":\"\"}}", null), 5),
                data(chunk("{\"function_call\":{\"arguments\":\"{\\\"location\\\":\"}}", null), 6),
                data(chunk("{\"function_call\":{\"arguments\":\"\\\"Boston, MA\\\"}\"}}", null), 7),
                data(chunk("{}", "\"function_call\""), 8),
                data("[DONE]", 9));
        LlmCall call = decoder.decode(exchange(chatRequest("openai-stream-text"), sse(events, true)));

        assertThat(call.getFinishReason()).isEqualTo("function_call");
        assertThat(call.getToolCalls())
                .containsExactly(new ToolCall(0, null, "get_current_weather", "{\"location\":\"Boston, MA\"}"));
        assertThat(call.getFirstTokenTime()).isEqualTo(5);
        JsonNode message = tree(call.getResponseBody()).at("/choices/0/message");
        assertThat(message.get("function_call"))
                .isEqualTo(tree("{\"name\":\"get_current_weather\",\"arguments\":\"{\\\"location\\\":\\\"Boston, MA\\\"}\"}"));
        assertThat(message.has("tool_calls")).isFalse();
    }

    @Test
    void toolCallFragmentsWithoutIndexFollowTheirId() {
        List<SseEvent> events = List.of(
                data(chunk("{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"call_a\",\"type\":\"function\","
                        + "\"function\":{\"name\":\"ls\",\"arguments\":\"{\\\"d\\\":\"}}]}", null), 1),
                data(chunk("{\"tool_calls\":[{\"function\":{\"arguments\":\"\\\"/\\\"}\"}}]}", null), 2),
                data(chunk("{\"tool_calls\":[{\"id\":\"call_b\",\"function\":{\"name\":\"pwd\",\"arguments\":\"{}\"}}]}", null), 3),
                data(chunk("{}", "\"tool_calls\""), 4),
                data("[DONE]", 5));
        LlmCall call = decoder.decode(exchange(chatRequest("openai-stream-text"), sse(events, true)));
        assertThat(call.getToolCalls()).containsExactly(new ToolCall(0, "call_a", "ls", "{\"d\":\"/\"}"),
                new ToolCall(1, "call_b", "pwd", "{}"));
    }

    @Test
    void ollamaReasoningFieldAndRefusal() {
        List<SseEvent> events = List.of(
                data(chunk("{\"role\":\"assistant\",\"content\":\"\",\"reasoning\":\"Thinking\"}", null), 1),
                data(chunk("{\"content\":\"\",\"reasoning\":\" hard.\"}", null), 2),
                data(chunk("{\"refusal\":\"I can't help with that.\"}", null), 3),
                data(chunk("{}", "\"stop\""), 4),
                data("[DONE]", 5));
        LlmCall call = decoder.decode(exchange(chatRequest("openai-stream-text"), sse(events, true)));
        JsonNode message = tree(call.getResponseBody()).at("/choices/0/message");
        assertThat(message.get("reasoning_content").asText()).isEqualTo("Thinking hard.");
        assertThat(message.get("refusal").asText()).isEqualTo("I can't help with that.");
        assertThat(message.get("content").asText()).isEmpty();
        assertThat(call.getFirstTokenTime()).isEqualTo(1);
    }

    @Test
    void eventStreamTextWithoutParsedEventsIsSplitFromTheBody() {
        String body = ("data: " + chunk("{\"role\":\"assistant\",\"content\":\"\"}", null) + "\r\n\r\n"
                + ": keep-alive\r\n\r\n"
                + "data: " + chunk("{\"content\":\"Hi\"}", null) + "\r\n\r\n"
                + "data: " + chunk("{}", "\"stop\"") + "\r\n\r\n"
                + "data: [DONE]\r\n\r\n");
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpResponse plain = new HttpResponse(200, "OK", "HTTP/1.1", Exchanges.headers("content-type", "text/plain"),
                bytes, bytes.length, false, List.of(), 1, 2, true);
        LlmCall call = decoder.decode(exchange(chatRequest("openai-stream-text"), plain));

        assertThat(call.isStream()).isTrue();
        assertThat(call.isPartial()).isFalse();
        assertThat(call.getFinishReason()).isEqualTo("stop");
        assertThat(call.getFirstTokenTime()).isZero();
        assertThat(tree(call.getResponseBody()).at("/choices/0/message/content").asText()).isEqualTo("Hi");
    }

    @Test
    void eventStreamWithNothingInIt() {
        HttpResponse empty = new HttpResponse(200, "OK", "HTTP/1.1",
                Exchanges.headers("content-type", "text/event-stream"), new byte[0], 0, false, List.of(), 1, 2, false);
        LlmCall call = decoder.decode(exchange(chatRequest("openai-stream-text"), empty));
        assertThat(call.isStream()).isTrue();
        assertThat(call.isPartial()).isTrue();
        assertThat(call.getPartialReason()).isEqualTo("event stream carried no events; response cut off before its end");
        assertThat(call.getResponseBody()).isNull();
        assertThat(call.getModel()).isEqualTo("gpt-4o-mini");
    }

    @Test
    void onlyDoneMeansNoRebuiltBody() {
        LlmCall call = decoder.decode(exchange(chatRequest("openai-stream-text"), sse(List.of(data("[DONE]", 3)), true)));
        assertThat(call.getResponseBody()).isNull();
        assertThat(call.isPartial()).isFalse();
        assertThat(call.getFirstTokenTime()).isZero();
    }

    @Test
    void everyPrefixOfEveryStreamDecodesWithoutThrowing() {
        for (String fixture : List.of("openai-stream-text", "openai-stream-tools", "openai-stream-tools-interleaved",
                "deepseek-reasoner-stream", "vllm-stream-continuous-usage", "azure-stream", "openai-stream-n2",
                "openai-stream-midway-error")) {
            List<SseEvent> all = events(text(fixture + ".response.sse"));
            for (int n = 0; n <= all.size(); n++) {
                List<SseEvent> prefix = new ArrayList<>(all.subList(0, n));
                if (n > 0) {
                    SseEvent last = prefix.get(n - 1);
                    String d = last.data();
                    prefix.set(n - 1, new SseEvent(null, d.substring(0, d.length() / 2), null, last.timestampMicros()));
                }
                LlmCall call = decoder.decode(exchange(chatRequest("openai-stream-text"), sse(prefix, false)));
                assertThat(call.getWireApi()).isEqualTo("openai-chat");
                assertThat(call.isPartial()).as(fixture + " prefix " + n).isTrue();
            }
        }
    }

    private static String chunk(String delta, String finishReason) {
        return "{\"id\":\"chatcmpl-T1\",\"object\":\"chat.completion.chunk\",\"created\":1767226900,\"model\":\"gpt-4o-mini\","
                + "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":" + finishReason + "}]}";
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    static void assertTokens(LlmCall call, Integer input, Integer output, Integer total, Integer cacheRead,
            Integer cacheCreation, Integer reasoning) {
        assertThat(call.getInputTokens()).as("input").isEqualTo(input);
        assertThat(call.getOutputTokens()).as("output").isEqualTo(output);
        assertThat(call.getTotalTokens()).as("total").isEqualTo(total);
        assertThat(call.getCacheReadInputTokens()).as("cache read").isEqualTo(cacheRead);
        assertThat(call.getCacheCreationInputTokens()).as("cache creation").isEqualTo(cacheCreation);
        assertThat(call.getReasoningTokens()).as("reasoning").isEqualTo(reasoning);
    }

    /** The decoder sets wire fields only; identity, network, HTTP and timing (but first token) are the pipeline's. */
    static void assertPipelineFieldsUntouched(LlmCall call) {
        assertThat(call.getId()).isNull();
        assertThat(call.getSourceId()).isNull();
        assertThat(call.getPipeline()).isNull();
        assertThat(call.getExchangeId()).isNull();
        assertThat(call.getClientIp()).isNull();
        assertThat(call.getClientPort()).isZero();
        assertThat(call.getServerIp()).isNull();
        assertThat(call.getServerPort()).isZero();
        assertThat(call.getMethod()).isNull();
        assertThat(call.getRequestPath()).isNull();
        assertThat(call.getHost()).isNull();
        assertThat(call.getStatusCode()).isZero();
        assertThat(call.getRequestHeaders()).isEmpty();
        assertThat(call.getResponseHeaders()).isEmpty();
        assertThat(call.getRequestBody()).isNull();
        assertThat(call.getRequestTime()).isZero();
        assertThat(call.getResponseTime()).isZero();
        assertThat(call.getCompleteTime()).isZero();
        assertThat(call.getTtftMs()).isNull();
        assertThat(call.getE2eLatencyMs()).isNull();
        assertThat(call.getTpotMs()).isNull();
        assertThat(call.getBodyBytesDropped()).isZero();
    }
}
