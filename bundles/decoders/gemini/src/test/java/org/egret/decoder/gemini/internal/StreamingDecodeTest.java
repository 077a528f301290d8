package org.egret.decoder.gemini.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.egret.decoder.gemini.internal.Exchanges.data;
import static org.egret.decoder.gemini.internal.Exchanges.events;
import static org.egret.decoder.gemini.internal.Exchanges.exchange;
import static org.egret.decoder.gemini.internal.Exchanges.fixtureRequest;
import static org.egret.decoder.gemini.internal.Exchanges.sdkRequest;
import static org.egret.decoder.gemini.internal.Exchanges.sse;
import static org.egret.decoder.gemini.internal.Exchanges.text;
import static org.egret.decoder.gemini.internal.Exchanges.tree;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.egret.api.decode.LlmCall;
import org.egret.api.decode.ToolCall;
import org.egret.api.decode.ToolResult;
import org.egret.api.http.SseEvent;
import org.junit.jupiter.api.Test;

class StreamingDecodeTest {

    private static final String STREAM = "/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse";
    private static final String PRO_STREAM = "/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse";
    private final GeminiDecoder decoder = new GeminiDecoder();

    @Test
    void realTextStream() {
        List<SseEvent> events = events(text("gemini-stream-text.response.sse"));
        LlmCall call = decoder.decode(exchange(fixtureRequest(STREAM, "gemini-stream-text"), sse("gemini-stream-text")));

        assertThat(call.getWireApi()).isEqualTo("gemini-aistudio");
        assertThat(call.isStream()).isTrue();
        assertThat(call.getRequestModel()).isEqualTo("gemini-2.5-flash");
        assertThat(call.getModel()).isEqualTo("gemini-2.5-flash");
        assertThat(call.isModelSubstituted()).isFalse();
        assertThat(call.getResponseId()).isEqualTo("oYA72ksYZk0JkGqmbeakwlG");
        assertThat(call.getFinishReason()).isEqualTo("STOP");
        assertThat(call.getInputTokens()).isEqualTo(92);
        assertThat(call.getOutputTokens()).isEqualTo(110);
        assertThat(call.getTotalTokens()).isEqualTo(202);
        assertThat(call.getReasoningTokens()).isNull();
        assertThat(call.getCacheReadInputTokens()).isNull();
        assertThat(call.getCacheCreationInputTokens()).isNull();
        assertThat(call.getToolCalls()).isEmpty();
        assertThat(call.getRequestTools()).containsExactly("googleSearch");
        assertThat(call.getErrorType()).isNull();
        assertThat(call.isPartial()).as(call.getPartialReason()).isFalse();
        assertThat(call.getFirstTokenTime()).isEqualTo(events.get(0).timestampMicros());
        assertThat(call.getServerKind()).isNull();
        assertThat(call.getAgentKind()).isNull();

        JsonNode body = tree(call.getResponseBody());
        assertThat(fieldNames(body)).containsExactly("candidates", "usageMetadata", "modelVersion", "responseId");
        JsonNode candidate = body.get("candidates").get(0);
        assertThat(fieldNames(candidate)).containsExactly("content", "finishReason", "index");
        JsonNode parts = candidate.at("/content/parts");
        assertThat(parts).hasSize(1);
        // what the SDK consumer assembled from the same bytes (observed file of gemini-stream.pcap)
        assertThat(parts.get(0).get("text").asText()).startsWith("Here\u2019s a compact, allocation-free version \u2014")
                .endsWith("O(1) extra space \u2705").contains("public static boolean isPalindrome(String s) {\n");
        assertThat(candidate.at("/content/role").asText()).isEqualTo("model");
        assertThat(body.at("/usageMetadata/candidatesTokenCount").asInt()).isEqualTo(110);
    }

    @Test
    void geminiCliTurnWithThoughtsAndParallelFunctionCalls() {
        List<SseEvent> events = events(text("gemini-cli-turn-0.response.sse"));
        LlmCall call = decoder.decode(exchange(fixtureRequest(PRO_STREAM, "gemini-cli-turn-0"), sse("gemini-cli-turn-0")));

        assertThat(call.getModel()).isEqualTo("gemini-2.5-pro");
        // raw finish reason, even though the answer is function calls
        assertThat(call.getFinishReason()).isEqualTo("STOP");
        assertThat(call.getInputTokens()).isEqualTo(988);
        // billed output: candidates 24 + thoughts 71
        assertThat(call.getOutputTokens()).isEqualTo(95);
        assertThat(call.getReasoningTokens()).isEqualTo(71);
        assertThat(call.getTotalTokens()).isEqualTo(1083);
        assertThat(call.getToolCalls()).containsExactly(
                new ToolCall(0, null, "glob", "{\"pattern\":\"**/ParserTest.java\"}"),
                new ToolCall(1, null, "read_file",
                        "{\"absolute_path\":\"/workspace/http-demo/src/main/java/com/example/Parser.java\"}"));
        assertThat(call.getRequestTools()).containsExactly("read_file", "run_shell_command", "replace", "glob",
                "google_web_search");
        assertThat(call.getToolResults()).isEmpty();
        // a thought part is content: the first event carries one
        assertThat(call.getFirstTokenTime()).isEqualTo(events.get(0).timestampMicros());
        assertThat(call.isPartial()).isFalse();

        JsonNode parts = tree(call.getResponseBody()).at("/candidates/0/content/parts");
        assertThat(parts).hasSize(3);
        assertThat(parts.get(0).get("thought").asBoolean()).isTrue();
        assertThat(parts.get(0).get("text").asText()).isEqualTo("**Locating the failing test**\n\nI need to see the "
                + "test and the parser. I will search for the test file and read the parser at the same time.");
        assertThat(parts.get(1).at("/functionCall/name").asText()).isEqualTo("glob");
        assertThat(parts.get(1).get("thoughtSignature").asText()).endsWith("==");
        assertThat(parts.get(2).at("/functionCall/args/absolute_path").asText()).endsWith("/Parser.java");
        assertThat(parts.get(2).has("thoughtSignature")).isFalse();
    }

    @Test
    void geminiCliFollowUpSendsFunctionResponsesOneOfThemAnError() {
        LlmCall call = decoder.decode(exchange(fixtureRequest(PRO_STREAM, "gemini-cli-turn-1"), sse("gemini-cli-turn-1")));

        assertThat(call.getCacheReadInputTokens()).isEqualTo(768);
        assertThat(call.getToolCalls()).extracting(ToolCall::name).containsExactly("read_file", "run_shell_command");
        List<ToolResult> results = call.getToolResults();
        assertThat(results).hasSize(2);
        assertThat(results.get(0).toolCallId()).isEqualTo("glob-1767225601000-5efd03");
        assertThat(results.get(0).name()).isEqualTo("glob");
        assertThat(results.get(0).error()).isFalse();
        assertThat(tree(results.get(0).content()).get("output").asText()).startsWith("Found 1 file(s) matching");
        assertThat(results.get(1).name()).isEqualTo("read_file");
        assertThat(results.get(1).error()).isTrue();
        assertThat(results.get(1).content())
                .isEqualTo("{\"error\":\"File not found: /workspace/http-demo/src/main/java/com/example/Parser.java\"}");
    }

    @Test
    void anErrorChunkEndsTheStreamWithPartOfTheAnswerAndItsError() {
        List<SseEvent> events = events(text("gemini-midstream-error.response.sse"));
        LlmCall call = decoder.decode(exchange(fixtureRequest(STREAM, "gemini-midstream-error"),
                sse("gemini-midstream-error")));

        assertThat(call.getErrorType()).isEqualTo("INTERNAL");
        assertThat(call.getErrorMessage()).startsWith("An internal error has occurred.");
        assertThat(call.getFinishReason()).isNull();
        assertThat(call.getInputTokens()).isEqualTo(27);
        assertThat(call.getOutputTokens()).isEqualTo(30);
        assertThat(call.isPartial()).isTrue();
        assertThat(call.getPartialReason()).isEqualTo("stream ended with an error chunk");
        assertThat(call.getFirstTokenTime()).isEqualTo(events.get(0).timestampMicros());
        JsonNode body = tree(call.getResponseBody());
        assertThat(body.at("/error/status").asText()).isEqualTo("INTERNAL");
        assertThat(body.at("/candidates/0/content/parts/0/text").asText()).startsWith("A Java record is a concise");
    }

    @Test
    void aStreamCutOffBeforeItsFinishIsPartial() {
        List<SseEvent> events = events(text("gemini-stream-text.response.sse"));
        List<SseEvent> head = new ArrayList<>(events.subList(0, 5));
        LlmCall call = decoder.decode(exchange(fixtureRequest(STREAM, "gemini-stream-text"), sse(head, false),
                "connection closed before the response ended"));

        assertThat(call.isPartial()).isTrue();
        assertThat(call.getPartialReason()).contains("stream ended without a finishReason")
                .contains("connection closed before the response ended");
        assertThat(call.getFinishReason()).isNull();
        assertThat(call.getOutputTokens()).isEqualTo(25);
        assertThat(tree(call.getResponseBody()).at("/candidates/0/content/parts/0/text").asText())
                .startsWith("Here\u2019s a compact");
    }

    @Test
    void brokenEventsAreSkippedAndSaid() {
        long t = Exchanges.REQUEST_START + 50_000;
        List<SseEvent> events = List.of(
                data("{\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"\"}],\"role\": \"model\"},\"index\": 0}]}", t),
                data("{\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"Hel", t + 1),
                data("not json", t + 2),
                data("{\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"lo\"}],\"role\": \"model\"},"
                        + "\"finishReason\": \"STOP\",\"index\": 0}],\"usageMetadata\": {\"promptTokenCount\": 3,"
                        + "\"candidatesTokenCount\": 1,\"totalTokenCount\": 4},\"modelVersion\": \"gemini-2.5-flash\"}", t + 3),
                data("[DONE]", t + 4));
        LlmCall call = decoder.decode(exchange(sdkRequest(STREAM, "{\"contents\":[]}"), sse(events, true)));

        assertThat(call.getPartialReason()).isEqualTo("2 event(s) without valid JSON data skipped");
        // an empty text part is not a token
        assertThat(call.getFirstTokenTime()).isEqualTo(t + 3);
        assertThat(call.getFinishReason()).isEqualTo("STOP");
        assertThat(call.getTotalTokens()).isEqualTo(4);
    }

    @Test
    void candidatesAreMergedByIndexAndSignaturesKept() {
        long t = Exchanges.REQUEST_START + 50_000;
        List<SseEvent> events = List.of(
                data("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"A1\"}],\"role\":\"model\"},\"index\":0},"
                        + "{\"content\":{\"parts\":[{\"text\":\"B1\"}],\"role\":\"model\"},\"index\":1}]}", t),
                data("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"B2\",\"thoughtSignature\":\"c2ln\"}]},"
                        + "\"index\":1,\"finishReason\":\"MAX_TOKENS\"}]}", t + 1),
                data("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"A2\"},{\"executableCode\":{\"language\":"
                        + "\"PYTHON\",\"code\":\"print(1)\"}}]},\"index\":0,\"finishReason\":\"STOP\","
                        + "\"safetyRatings\":[{\"category\":\"HARM_CATEGORY_HATE_SPEECH\",\"probability\":\"NEGLIGIBLE\"}],"
                        + "\"citationMetadata\":{\"citationSources\":[]}}],\"responseId\":\"r1\"}", t + 2));
        LlmCall call = decoder.decode(exchange(sdkRequest(STREAM, "{\"contents\":[]}"), sse(events, true)));

        assertThat(call.getFinishReason()).isEqualTo("STOP");
        JsonNode candidates = tree(call.getResponseBody()).get("candidates");
        assertThat(candidates).hasSize(2);
        assertThat(candidates.at("/0/content/parts/0/text").asText()).isEqualTo("A1A2");
        assertThat(candidates.at("/0/content/parts/1/executableCode/code").asText()).isEqualTo("print(1)");
        assertThat(candidates.at("/0/safetyRatings/0/probability").asText()).isEqualTo("NEGLIGIBLE");
        assertThat(candidates.at("/0/citationMetadata").isObject()).isTrue();
        assertThat(candidates.at("/1/content/parts/0/text").asText()).isEqualTo("B1B2");
        assertThat(candidates.at("/1/content/parts/0/thoughtSignature").asText()).isEqualTo("c2ln");
        assertThat(candidates.at("/1/finishReason").asText()).isEqualTo("MAX_TOKENS");
    }

    @Test
    void anSseBodyWithoutParsedEventsIsSplitFromTheText() {
        String body = "data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"Hi\"}],\"role\": \"model\"},"
                + "\"finishReason\": \"STOP\",\"index\": 0}],\"modelVersion\": \"gemini-2.5-flash\"}\r\n\r\n";
        LlmCall call = decoder.decode(exchange(sdkRequest(STREAM, "{\"contents\":[]}"), Exchanges.json(200, body)));

        assertThat(call.isStream()).isTrue();
        assertThat(call.getFinishReason()).isEqualTo("STOP");
        assertThat(call.isPartial()).isFalse();
        assertThat(tree(call.getResponseBody()).at("/candidates/0/content/parts/0/text").asText()).isEqualTo("Hi");
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
