package org.egret.decoder.openai.responses.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.egret.decoder.openai.responses.internal.Exchanges.events;
import static org.egret.decoder.openai.responses.internal.Exchanges.exchange;
import static org.egret.decoder.openai.responses.internal.Exchanges.responsesRequest;
import static org.egret.decoder.openai.responses.internal.Exchanges.sse;
import static org.egret.decoder.openai.responses.internal.Exchanges.text;
import static org.egret.decoder.openai.responses.internal.Exchanges.tree;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.egret.api.decode.LlmCall;
import org.egret.api.decode.ToolCall;
import org.egret.api.decode.ToolResult;
import org.egret.api.http.SseEvent;
import org.junit.jupiter.api.Test;

class StreamingDecodeTest {

    private final OpenAiResponsesDecoder decoder = new OpenAiResponsesDecoder();

    @Test
    void realTextStreamFromThePlainSdk() {
        List<SseEvent> events = events(text("responses-stream-text.response.sse"));
        LlmCall call = decoder.decode(exchange(responsesRequest("responses-stream-text"), sse("responses-stream-text")));

        assertThat(call.getWireApi()).isEqualTo("openai-responses");
        assertThat(call.isStream()).isTrue();
        assertThat(call.getRequestModel()).isEqualTo("gpt-4.1-mini");
        assertThat(call.getModel()).isEqualTo("gpt-4.1-mini-2025-04-14");
        assertThat(call.isModelSubstituted()).as("a dated snapshot of the alias").isFalse();
        assertThat(call.getResponseId()).isEqualTo("resp_880b64c8944946a6bea4056649c019ac332439658311aec425");
        assertThat(call.getFinishReason()).isEqualTo("completed");
        assertTokens(call, 61, 103, 164, 0, 0);
        assertThat(call.getCacheCreationInputTokens()).isNull();
        assertThat(call.getToolCalls()).isEmpty();
        assertThat(call.getRequestTools()).isEmpty();
        assertThat(call.getToolResults()).isEmpty();
        assertThat(call.getErrorType()).isNull();
        assertThat(call.getErrorMessage()).isNull();
        assertThat(call.isPartial()).isFalse();
        assertThat(call.getPartialReason()).isNull();
        // created, in_progress, item added, part added carry no text: the first token is the first delta
        assertThat(events.get(4).event()).isEqualTo("response.output_text.delta");
        assertThat(call.getFirstTokenTime()).isEqualTo(events.get(4).timestampMicros());
        assertThat(call.getServerKind()).isNull();
        assertThat(call.getAgentKind()).isNull();

        JsonNode body = tree(call.getResponseBody());
        JsonNode completed = tree(events.get(events.size() - 1).data()).get("response");
        assertThat(body).as("the final response object as sent").isEqualTo(completed);
        assertThat(body.at("/output/0/content/0/text").asText()).startsWith("Here\u2019s a compact, allocation-free")
                .endsWith("O(1) space \u2705");
    }

    @Test
    void codexTurnWithEmptyFinalOutputGetsTheStreamedItems() {
        List<SseEvent> events = events(text("responses-codex-shell.response.sse"));
        LlmCall call = decoder.decode(exchange(responsesRequest("responses-codex-shell"), sse("responses-codex-shell")));

        assertThat(call.getModel()).isEqualTo("gpt-5-codex");
        assertThat(call.getFinishReason()).isEqualTo("completed");
        assertTokens(call, 939, 136, 1075, 448, 64);
        assertThat(call.getToolCalls()).containsExactly(
                new ToolCall(0, "call_FMrK2irHbN1T0iZUVoN5y53Z", "shell",
                        "{\"command\":[\"bash\",\"-lc\",\"rg -n \\\"fn parse_header\\\" src\"],"
                                + "\"workdir\":\"/home/dev/httpkit\",\"timeout_ms\":10000}"),
                new ToolCall(1, "call_gQbUQhUi5YSDDtmPefWKidOD", "shell",
                        "{\"command\":[\"bash\",\"-lc\",\"cargo test parser 2>&1 | tail -n 20\"],"
                                + "\"workdir\":\"/home/dev/httpkit\",\"timeout_ms\":120000}"));
        assertThat(call.getRequestTools()).containsExactly("shell", "update_plan", "apply_patch", "web_search");
        assertThat(call.getToolResults()).isEmpty();
        assertThat(call.isPartial()).isFalse();
        // the encrypted reasoning item carries no visible output; the commentary's first delta does
        assertThat(events.get(6).event()).isEqualTo("response.output_text.delta");
        assertThat(call.getFirstTokenTime()).isEqualTo(events.get(6).timestampMicros());

        JsonNode body = tree(call.getResponseBody());
        assertThat(tree(events.get(events.size() - 1).data()).at("/response/output")).isEmpty();
        JsonNode output = body.get("output");
        assertThat(output).hasSize(4);
        assertThat(output.get(0).get("type").asText()).isEqualTo("reasoning");
        assertThat(output.get(0).get("encrypted_content").asText()).startsWith("gAAAAAB");
        assertThat(output.get(1).at("/content/0/text").asText()).isEqualTo(
                "I\u2019ll find the header parser and run its tests first.");
        assertThat(output.get(1).get("phase").asText()).isEqualTo("commentary");
        for (int i = 0; i < 4; i++) {
            JsonNode done = doneItem(events, i);
            assertThat(output.get(i)).as("item %d is the output_item.done item", i).isEqualTo(done);
        }
        assertThat(body.get("usage").get("total_tokens").asInt()).isEqualTo(1075);
    }

    @Test
    void codexCustomToolCallAndTheShellResultsItAnswers() {
        LlmCall call = decoder.decode(exchange(responsesRequest("responses-codex-patch"), sse("responses-codex-patch")));

        assertThat(call.getToolCalls()).hasSize(1);
        ToolCall patch = call.getToolCalls().get(0);
        assertThat(patch.id()).isEqualTo("call_K9JljxfyXKoIL7RPjQBiKYJ2");
        assertThat(patch.name()).isEqualTo("apply_patch");
        assertThat(patch.arguments()).startsWith("*** Begin Patch\n*** Update File: src/parser.rs\n")
                .endsWith("*** End Patch\n");
        assertTokens(call, 1420, 196, 1616, 704, 128);
        // Codex's shell output is a JSON text whose metadata.exit_code says how the command ended: 0, then 101.
        assertThat(call.getToolResults()).hasSize(2);
        ToolResult grep = call.getToolResults().get(0);
        assertThat(grep.toolCallId()).isEqualTo("call_FMrK2irHbN1T0iZUVoN5y53Z");
        assertThat(grep.name()).isEqualTo("shell");
        assertThat(grep.error()).isFalse();
        assertThat(grep.content()).startsWith("{\"output\":\"src/parser.rs:41:fn parse_header");
        ToolResult test = call.getToolResults().get(1);
        assertThat(test.toolCallId()).isEqualTo("call_gQbUQhUi5YSDDtmPefWKidOD");
        assertThat(test.name()).isEqualTo("shell");
        assertThat(test.error()).isTrue();
        assertThat(test.content()).contains("\"exit_code\":101");
        assertThat(call.isPartial()).isFalse();
        JsonNode output = tree(call.getResponseBody()).get("output");
        assertThat(output.get(1).get("type").asText()).isEqualTo("custom_tool_call");
        assertThat(output.get(1).get("input").asText()).isEqualTo(patch.arguments());
    }

    @Test
    void codexFinalAnswerAfterTheCustomToolResult() {
        LlmCall call = decoder.decode(exchange(responsesRequest("responses-codex-final"), sse("responses-codex-final")));

        assertThat(call.getToolCalls()).isEmpty();
        assertTokens(call, 1654, 202, 1856, 768, 160);
        assertThat(call.getToolResults()).extracting(ToolResult::toolCallId, ToolResult::name, ToolResult::error)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("call_FMrK2irHbN1T0iZUVoN5y53Z", "shell", false),
                        org.assertj.core.groups.Tuple.tuple("call_gQbUQhUi5YSDDtmPefWKidOD", "shell", true),
                        org.assertj.core.groups.Tuple.tuple("call_K9JljxfyXKoIL7RPjQBiKYJ2", "apply_patch", false));
        assertThat(call.getToolResults().get(2).content())
                .isEqualTo("Success. Updated the following files:\nM src/parser.rs\n");
        JsonNode output = tree(call.getResponseBody()).get("output");
        assertThat(output).hasSize(2);
        assertThat(output.get(1).get("phase").asText()).isEqualTo("final_answer");
    }

    @Test
    void realCodexTuiCaptureThroughAProxy() {
        // Reference capture of codex-tui 0.118 (instructions, tools and encrypted content shortened).
        List<SseEvent> events = events(text("codex-tui-reference.response.sse"));
        LlmCall call = decoder.decode(exchange(Exchanges.post("/v1/responses", "{\"model\":\"gpt-5.4\",\"stream\":true}"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8), "Authorization", "Bearer FIXTUREKEY"), sse(events, true)));

        assertThat(call.getModel()).isEqualTo("gpt-5.4");
        assertThat(call.getResponseId()).isEqualTo("resp_08e5b1ae6c478f050169dcb44f8c588191abbadab46508eb52");
        assertThat(call.getFinishReason()).isEqualTo("completed");
        assertTokens(call, 11550, 353, 11903, 9600, 132);
        assertThat(call.getToolCalls()).extracting(ToolCall::id).containsExactly("call_cJX2DTbz8RB0x9TxRHLCi0SY",
                "call_sbi2jmBPmgbRFeumolwtzMOR", "call_C20swklfALvJF3JHWxTrX0m1");
        assertThat(call.getToolCalls()).extracting(ToolCall::name).containsOnly("exec_command");
        assertThat(call.getToolCalls().get(2).arguments()).isEqualTo(
                "{\"cmd\":\"git status --short\",\"workdir\":\"/Users/timmy/code/netis/TokenScope\","
                        + "\"max_output_tokens\":2000,\"yield_time_ms\":1000}");
        assertThat(call.getFirstTokenTime()).isEqualTo(events.get(6).timestampMicros());
        assertThat(tree(call.getResponseBody()).get("output")).hasSize(5);
        assertThat(call.isPartial()).isFalse();
    }

    @Test
    void reasoningSummaryIsTheFirstToken() {
        List<SseEvent> events = events(text("responses-reasoning-summary.response.sse"));
        LlmCall call = decoder.decode(
                exchange(responsesRequest("responses-reasoning-summary"), sse("responses-reasoning-summary")));

        assertThat(call.getModel()).isEqualTo("o4-mini-2025-04-16");
        assertTokens(call, 32, 361, 393, 0, 320);
        assertThat(events.get(4).event()).isEqualTo("response.reasoning_summary_text.delta");
        assertThat(call.getFirstTokenTime()).isEqualTo(events.get(4).timestampMicros());
        JsonNode output = tree(call.getResponseBody()).get("output");
        assertThat(output.at("/0/summary/0/text").asText()).startsWith("**Weighing the trade-offs**");
        assertThat(output.at("/1/content/0/text").asText()).startsWith("Use virtual threads");
        assertThat(call.isPartial()).isFalse();
    }

    @Test
    void incompleteResponseIsAWholeExchange() {
        LlmCall call = decoder.decode(
                exchange(responsesRequest("responses-reasoning-incomplete"), sse("responses-reasoning-incomplete")));

        assertThat(call.getFinishReason()).isEqualTo("incomplete");
        assertThat(call.isPartial()).isFalse();
        assertThat(call.getPartialReason()).isNull();
        assertTokens(call, 23, 200, 223, 0, 200);
        JsonNode body = tree(call.getResponseBody());
        assertThat(body.at("/incomplete_details/reason").asText()).isEqualTo("max_output_tokens");
        assertThat(body.get("output")).hasSize(1);
        assertThat(call.getErrorType()).isNull();
    }

    @Test
    void failedEventInA200StreamIsAProviderError() {
        List<SseEvent> events = events(text("responses-stream-failed.response.sse"));
        LlmCall call = decoder.decode(exchange(responsesRequest("responses-stream-failed"), sse("responses-stream-failed")));

        assertThat(call.getFinishReason()).isEqualTo("failed");
        assertThat(call.getErrorType()).isEqualTo("server_error");
        assertThat(call.getErrorMessage()).startsWith("An error occurred while processing your request.");
        assertThat(call.isPartial()).as("the stream ended with its final event").isFalse();
        assertThat(call.getInputTokens()).isNull();
        assertThat(call.getFirstTokenTime()).isEqualTo(events.get(4).timestampMicros());
        JsonNode body = tree(call.getResponseBody());
        assertThat(body.get("status").asText()).isEqualTo("failed");
        // the failed response's empty output is replaced by the message as far as it streamed
        assertThat(body.at("/output/0/status").asText()).isEqualTo("in_progress");
        assertThat(body.at("/output/0/content/0/text").asText()).isEqualTo("A Java record is a concise, immutable");
    }

    @Test
    void streamCutBeforeTheFinalEventStillHasABody() {
        List<SseEvent> all = events(text("responses-codex-shell.response.sse"));
        // cut inside the second shell call's arguments
        int cut = 0;
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).event().equals("response.function_call_arguments.delta")
                    && all.get(i).data().contains("\"output_index\":3")) {
                cut = i + 3;
                break;
            }
        }
        List<SseEvent> events = all.subList(0, cut);
        LlmCall call = decoder.decode(exchange(responsesRequest("responses-codex-shell"), sse(events, false)));

        assertThat(call.isPartial()).isTrue();
        assertThat(call.getPartialReason()).isEqualTo(
                "stream ended before response.completed; response cut off before its end");
        assertThat(call.getFinishReason()).isNull();
        assertThat(call.getModel()).isEqualTo("gpt-5-codex");
        assertThat(call.getResponseId()).isEqualTo("resp_880b64c8944946a6bea4056649c019ac332439658311aec425");
        assertThat(call.getInputTokens()).isNull();
        assertThat(call.getToolCalls()).hasSize(2);
        assertThat(call.getToolCalls().get(0).arguments()).endsWith("\"timeout_ms\":10000}");
        String partialArgs = call.getToolCalls().get(1).arguments();
        assertThat("{\"command\":[\"bash\",\"-lc\",\"cargo test parser 2>&1 | tail -n 20\"]").startsWith(partialArgs);
        assertThat(partialArgs).isNotEmpty();
        JsonNode body = tree(call.getResponseBody());
        assertThat(body.get("status").asText()).isEqualTo("in_progress");
        assertThat(body.get("output")).hasSize(4);
        assertThat(body.at("/output/3/status").asText()).isEqualTo("in_progress");
        assertThat(body.at("/output/3/call_id").asText()).isEqualTo("call_gQbUQhUi5YSDDtmPefWKidOD");
    }

    @Test
    void streamCutInsideTheTextKeepsTheTextSoFar() {
        List<SseEvent> all = events(text("responses-stream-text.response.sse"));
        LlmCall call = decoder.decode(exchange(responsesRequest("responses-stream-text"), sse(all.subList(0, 10), false)));
        assertThat(call.isPartial()).isTrue();
        StringBuilder expected = new StringBuilder();
        for (SseEvent e : all.subList(4, 10)) {
            expected.append(tree(e.data()).get("delta").asText());
        }
        JsonNode body = tree(call.getResponseBody());
        assertThat(body.at("/output/0/content/0/text").asText()).isEqualTo(expected.toString());
        assertThat(body.at("/output/0/content/0/type").asText()).isEqualTo("output_text");
        assertThat(call.getFirstTokenTime()).isEqualTo(all.get(4).timestampMicros());
    }

    @Test
    void streamWithOnlyTheCreatedEvent() {
        List<SseEvent> all = events(text("responses-stream-text.response.sse"));
        LlmCall call = decoder.decode(exchange(responsesRequest("responses-stream-text"), sse(all.subList(0, 1), false)));
        assertThat(call.isPartial()).isTrue();
        assertThat(call.getModel()).isEqualTo("gpt-4.1-mini-2025-04-14");
        assertThat(tree(call.getResponseBody()).get("output")).isEmpty();
        assertThat(call.getFirstTokenTime()).isZero();
    }

    @Test
    void errorEventWithoutAFinalResponse() {
        List<SseEvent> all = events(text("responses-stream-text.response.sse"));
        List<SseEvent> events = new java.util.ArrayList<>(all.subList(0, 8));
        events.add(new SseEvent("error", "{\"type\":\"error\",\"code\":\"server_error\",\"message\":\"The model "
                + "produced invalid content.\",\"param\":null,\"sequence_number\":8}", null, 1_795_602_247_500_000L));
        LlmCall call = decoder.decode(exchange(responsesRequest("responses-stream-text"), sse(events, true)));
        assertThat(call.getErrorType()).isEqualTo("server_error");
        assertThat(call.getErrorMessage()).isEqualTo("The model produced invalid content.");
        assertThat(call.isPartial()).isTrue();
        assertThat(call.getPartialReason()).isEqualTo("stream ended with an error event before the response finished");
        assertThat(call.getFinishReason()).isNull();

        // the nested shape some servers send
        events.set(8, new SseEvent("error", "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\","
                + "\"code\":\"context_length_exceeded\",\"message\":\"Too long.\"}}", null, 1L));
        call = decoder.decode(exchange(responsesRequest("responses-stream-text"), sse(events, true)));
        assertThat(call.getErrorType()).isEqualTo("context_length_exceeded");
        assertThat(call.getErrorMessage()).isEqualTo("Too long.");
    }

    @Test
    void dataOnlyEventsAreTypedByTheirTypeField() {
        List<SseEvent> named = events(text("responses-codex-shell.response.sse"));
        List<SseEvent> unnamed = named.stream().map(e -> new SseEvent(null, e.data(), null, e.timestampMicros())).toList();
        LlmCall a = decoder.decode(exchange(responsesRequest("responses-codex-shell"), sse(named, true)));
        LlmCall b = decoder.decode(exchange(responsesRequest("responses-codex-shell"), sse(unnamed, true)));
        assertThat(b.getResponseBody()).isEqualTo(a.getResponseBody());
        assertThat(b.getToolCalls()).isEqualTo(a.getToolCalls());
        assertThat(b.getFirstTokenTime()).isEqualTo(a.getFirstTokenTime());
        assertThat(b.isPartial()).isFalse();
    }

    @Test
    void eventsWithoutIndexesArePlacedByItemId() {
        List<SseEvent> named = events(text("responses-codex-shell.response.sse"));
        List<SseEvent> stripped = named.stream().map(e -> new SseEvent(e.event(),
                e.data().replaceAll(",\"output_index\":\\d+", ""), null, e.timestampMicros())).toList();
        LlmCall a = decoder.decode(exchange(responsesRequest("responses-codex-shell"), sse(named, true)));
        LlmCall b = decoder.decode(exchange(responsesRequest("responses-codex-shell"), sse(stripped, true)));
        assertThat(tree(b.getResponseBody()).get("output")).isEqualTo(tree(a.getResponseBody()).get("output"));
    }

    @Test
    void brokenEventsAreSkippedAndCounted() {
        List<SseEvent> all = new java.util.ArrayList<>(events(text("responses-stream-text.response.sse")));
        all.add(5, new SseEvent("response.output_text.delta", "{\"type\":\"response.output_text.delta\",\"delta\":", null, 1));
        all.add(6, new SseEvent(null, "not json", null, 1));
        all.add(7, new SseEvent("response.output_text.delta", "[1,2]", null, 1));
        LlmCall call = decoder.decode(exchange(responsesRequest("responses-stream-text"), sse(all, true)));
        assertThat(call.isPartial()).isTrue();
        assertThat(call.getPartialReason()).isEqualTo("3 event(s) without valid JSON data skipped");
        assertThat(call.getFinishReason()).isEqualTo("completed");
        assertThat(call.getOutputTokens()).isEqualTo(103);
    }

    @Test
    void eventStreamUnderAJsonContentTypeIsStillAStream() {
        byte[] body = sse("responses-stream-text").body();
        org.egret.api.http.HttpResponse json = Exchanges.json(200, body);
        LlmCall call = decoder.decode(exchange(responsesRequest("responses-stream-text"), json));
        assertThat(call.isStream()).isTrue();
        assertThat(call.getFinishReason()).isEqualTo("completed");
        assertThat(call.getOutputTokens()).isEqualTo(103);
        assertThat(call.isPartial()).isFalse();
    }

    @Test
    void emptyEventStream() {
        LlmCall call = decoder.decode(exchange(responsesRequest("responses-stream-text"), sse(List.of(), true)));
        assertThat(call.isStream()).isTrue();
        assertThat(call.isPartial()).isTrue();
        assertThat(call.getPartialReason()).isEqualTo("event stream carried no events");
        assertThat(call.getRequestModel()).isEqualTo("gpt-4.1-mini");
    }

    private static JsonNode doneItem(List<SseEvent> events, int outputIndex) {
        for (SseEvent e : events) {
            if ("response.output_item.done".equals(e.event())) {
                JsonNode d = tree(e.data());
                if (d.get("output_index").asInt() == outputIndex) {
                    return d.get("item");
                }
            }
        }
        throw new AssertionError("no done item " + outputIndex);
    }

    static void assertTokens(LlmCall call, Integer input, Integer output, Integer total, Integer cached,
            Integer reasoning) {
        assertThat(call.getInputTokens()).as("input").isEqualTo(input);
        assertThat(call.getOutputTokens()).as("output").isEqualTo(output);
        assertThat(call.getTotalTokens()).as("total").isEqualTo(total);
        assertThat(call.getCacheReadInputTokens()).as("cache read").isEqualTo(cached);
        assertThat(call.getReasoningTokens()).as("reasoning").isEqualTo(reasoning);
    }
}
