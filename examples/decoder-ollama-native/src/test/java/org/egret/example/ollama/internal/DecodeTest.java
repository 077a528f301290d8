package org.egret.example.ollama.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.egret.example.ollama.internal.Exchanges.exchange;
import static org.egret.example.ollama.internal.Exchanges.json;
import static org.egret.example.ollama.internal.Exchanges.ndjson;
import static org.egret.example.ollama.internal.Exchanges.request;
import static org.egret.example.ollama.internal.Exchanges.resource;
import static org.egret.example.ollama.internal.Exchanges.response;
import static org.egret.example.ollama.internal.Exchanges.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.egret.api.decode.LlmCall;
import org.egret.api.decode.ToolCall;
import org.egret.api.decode.ToolResult;
import org.egret.api.http.BodyTimeline;
import org.egret.api.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Every expected value here is what the npm ollama client itself reported for the capture (its .observed.json). */
class DecodeTest {

    private final OllamaNativeDecoder decoder = new OllamaNativeDecoder();

    private LlmCall decode(String path, String fixture) {
        return decoder.decode(exchange(request(path, fixture),
                fixture.contains("nonstream") ? json(200, fixture) : ndjson(fixture)));
    }

    private static void assertTokens(LlmCall call, Integer input, Integer output) {
        assertThat(call.getInputTokens()).as("input").isEqualTo(input);
        assertThat(call.getOutputTokens()).as("output").isEqualTo(output);
        assertThat(call.getTotalTokens()).as("total").isEqualTo(input + output);
        assertThat(call.getCacheReadInputTokens()).isNull();
        assertThat(call.getReasoningTokens()).isNull();
    }

    @Test
    void theFirstLineWithTextIsDatedByThePacketThatCompletedIt() {
        // as the capture layer records it: every NDJSON line in a packet of its own, 100 ms apart
        byte[] body = resource("chat-stream-tool-results.response.ndjson");
        long[] offsets = new long[64];
        long[] micros = new long[64];
        int n = 0;
        for (int start = 0; start < body.length && n < 64; ) {
            offsets[n] = start;
            micros[n] = Exchanges.REQUEST_START + 100_000L * (n + 1);
            n++;
            int nl = start;
            while (nl < body.length && body[nl] != '\n') {
                nl++;
            }
            start = nl + 1;
        }
        HttpResponse dated = new HttpResponse(200, "OK", "HTTP/1.1",
                java.util.List.of(new org.egret.api.http.HttpHeader("content-type", "application/x-ndjson")), body,
                body.length, false, java.util.List.of(), Exchanges.REQUEST_START + 40_000,
                Exchanges.REQUEST_START + 3_000_000, true, BodyTimeline.of(offsets, micros, n));

        LlmCall call = decoder.decode(exchange(request("/api/chat", "chat-stream-tool-results"), dated));

        assertThat(n).isGreaterThan(3);
        assertThat(call.getFirstTokenTime()).as("the first line, \"The\"").isEqualTo(Exchanges.REQUEST_START + 100_000);
        assertThat(decoder.decode(exchange(request("/api/chat", "chat-stream-tool-results"),
                ndjson("chat-stream-tool-results"))).getFirstTokenTime()).as("undated").isZero();
    }

    @Test
    void aStreamedChatWithTwoToolCalls() {
        LlmCall call = decode("/api/chat", "chat-stream-tools");

        assertThat(call.getWireApi()).isEqualTo("ollama-native");
        assertThat(call.isStream()).isTrue();
        assertThat(call.getRequestModel()).isEqualTo("llama3.2:3b");
        assertThat(call.getModel()).isEqualTo("llama3.2:3b");
        assertThat(call.isModelSubstituted()).isFalse();
        assertThat(call.getFinishReason()).isEqualTo("stop");
        assertTokens(call, 148, 24);
        assertThat(call.getRequestTools()).containsExactly("read_file", "run_shell");
        assertThat(call.getToolCalls()).containsExactly(
                new ToolCall(0, null, "read_file", "{\"path\":\"src/main/java/com/example/http/Parser.java\"}"),
                new ToolCall(1, null, "run_shell", "{\"command\":\"mvn -q -Dtest=ParserTest test\"}"));
        assertThat(call.getToolResults()).isEmpty();
        assertThat(call.getServerKind()).isEqualTo("ollama");
        assertThat(call.getAgentKind()).isNull();
        assertThat(call.getResponseId()).as("Ollama has no response ids").isNull();
        assertThat(call.isPartial()).as(call.getPartialReason()).isFalse();

        JsonNode body = OllamaJson.tree(call.getResponseBody().getBytes(StandardCharsets.UTF_8));
        assertThat(body.path("done").asBoolean()).isTrue();
        assertThat(body.path("message").path("tool_calls")).hasSize(2);
        assertThat(body.path("eval_count").asInt()).isEqualTo(24);
    }

    @Test
    void aStreamedChatThatSendsToolResultsBack() {
        LlmCall call = decode("/api/chat", "chat-stream-tool-results");

        assertTokens(call, 313, 24);
        assertThat(call.getToolCalls()).isEmpty();
        assertThat(call.getToolResults()).extracting(ToolResult::toolCallId, ToolResult::name, ToolResult::error)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("read_file", "read_file", false),
                        org.assertj.core.groups.Tuple.tuple("run_shell", "run_shell", false));
        assertThat(call.getToolResults().get(1).content()).startsWith("$ mvn -q -Dtest=ParserTest test\n[ERROR]");
        JsonNode body = OllamaJson.tree(call.getResponseBody().getBytes(StandardCharsets.UTF_8));
        assertThat(body.path("message").path("content").asText()).isEqualTo("The test fails because `parseHeader` "
                + "splits on every colon, so `Host: localhost:8080` loses its port. Split once with "
                + "`line.split(\":\", 2)` and the test passes.");
        assertThat(call.isPartial()).isFalse();
    }

    @Test
    void aWholeChatAnswerWithThinking() {
        LlmCall call = decode("/api/chat", "chat-nonstream-thinking");

        assertThat(call.isStream()).isFalse();
        assertThat(call.getModel()).isEqualTo("qwen3:4b");
        assertThat(call.getFinishReason()).isEqualTo("stop");
        assertTokens(call, 29, 34);
        assertThat(call.getResponseBody()).isEqualTo(text("chat-nonstream-thinking.response.json"));
        assertThat(call.isPartial()).isFalse();
    }

    @Test
    void aModelThatIsNotInstalled() {
        LlmCall call = decoder.decode(exchange(request("/api/chat", "chat-error-404"), json(404, "chat-error-404")));

        assertThat(call.isStream()).isFalse();
        assertThat(call.getRequestModel()).isEqualTo("mistral:7b");
        assertThat(call.getModel()).isEqualTo("mistral:7b");
        assertThat(call.getErrorType()).as("Ollama's errors have no type").isNull();
        assertThat(call.getErrorMessage()).isEqualTo("model \"mistral:7b\" not found, try pulling it first");
        assertThat(call.getFinishReason()).isNull();
        assertThat(call.getInputTokens()).isNull();
        assertThat(call.isPartial()).isFalse();
    }

    @Test
    void generateStreamedAndWhole() {
        LlmCall streamed = decode("/api/generate", "generate-stream");
        assertThat(streamed.isStream()).isTrue();
        assertTokens(streamed, 19, 13);
        JsonNode body = OllamaJson.tree(streamed.getResponseBody().getBytes(StandardCharsets.UTF_8));
        assertThat(body.path("response").asText())
                .isEqualTo("Packets drift like leaves\u2014\nthe tap hears every token,\nsilent, it keeps count.");
        assertThat(body.path("context")).hasSize(12);
        assertThat(streamed.isPartial()).isFalse();

        LlmCall whole = decode("/api/generate", "generate-nonstream");
        assertThat(whole.isStream()).isFalse();
        assertTokens(whole, 12, 9);
        assertThat(whole.getResponseBody()).isEqualTo(text("generate-nonstream.response.json"));
    }

    @Test
    void aStreamCutOffBeforeItsFinalObjectIsPartialWithWhatArrived() {
        String lines = text("chat-stream-tool-results.response.ndjson");
        byte[] cut = lines.substring(0, lines.indexOf("\"done\":true") - 200).getBytes(StandardCharsets.UTF_8);
        LlmCall call = decoder.decode(exchange(request("/api/chat", "chat-stream-tool-results"),
                response(200, "application/x-ndjson", cut, false)));

        assertThat(call.isPartial()).isTrue();
        assertThat(call.getPartialReason()).contains("stream ended before its done:true object")
                .contains("response cut off before its end").contains("line(s) without valid JSON skipped");
        assertThat(call.getFinishReason()).isNull();
        assertThat(call.getInputTokens()).isNull();
        assertThat(OllamaJson.tree(call.getResponseBody().getBytes(StandardCharsets.UTF_8))
                .path("message").path("content").asText()).startsWith("The test fails because");
    }

    @Test
    void anErrorLineInsideA200Stream() {
        byte[] body = ("{\"model\":\"llama3.2:3b\",\"created_at\":\"2026-01-01T09:00:14.015838123Z\","
                + "\"message\":{\"role\":\"assistant\",\"content\":\"The\"},\"done\":false}\n"
                + "{\"error\":\"an error was encountered while running the model: unexpected EOF\"}\n")
                .getBytes(StandardCharsets.UTF_8);
        LlmCall call = decoder.decode(exchange(request("/api/chat", "chat-stream-tools"),
                response(200, "application/x-ndjson", body, true)));

        assertThat(call.isStream()).isTrue();
        assertThat(call.getErrorMessage()).isEqualTo("an error was encountered while running the model: unexpected EOF");
        assertThat(call.isPartial()).isTrue();
        assertThat(call.getPartialReason()).isEqualTo("stream ended with an error");
    }

    @Test
    void aProxyAnsweringInOpenAiFormatKeepsItsUsage() {
        byte[] body = ("{\"model\":\"llama3.2:3b\",\"message\":{\"role\":\"assistant\",\"content\":\"hi\"},\"done\":true,"
                + "\"done_reason\":\"stop\",\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":2,\"total_tokens\":12,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":4}}}").getBytes(StandardCharsets.UTF_8);
        LlmCall call = decoder.decode(exchange(request("/api/chat", "chat-nonstream-thinking"),
                response(200, "application/json", body, true)));

        assertThat(call.getInputTokens()).isEqualTo(10);
        assertThat(call.getOutputTokens()).isEqualTo(2);
        assertThat(call.getTotalTokens()).isEqualTo(12);
        assertThat(call.getCacheReadInputTokens()).isEqualTo(4);
        assertThat(call.getServerKind()).as("not Ollama's own counts").isNull();
        assertThat(call.isModelSubstituted()).as("qwen3:4b asked, llama3.2:3b served").isTrue();
    }

    @Test
    void noResponseAndGarbageNeverThrow() {
        LlmCall none = decoder.decode(exchange(request("/api/chat", "chat-stream-tools"), null));
        assertThat(none.isPartial()).isTrue();
        assertThat(none.getPartialReason()).isEqualTo("no response seen");
        assertThat(none.isStream()).as("Ollama streams unless told not to").isTrue();
        assertThat(none.getRequestModel()).isEqualTo("llama3.2:3b");

        assertThat(decoder.decode(null).isPartial()).isTrue();
        byte[] whole = resource("chat-stream-tool-results.response.ndjson");
        for (int n = 0; n < whole.length; n += 37) {
            byte[] cut = Arrays.copyOf(whole, n);
            LlmCall c = decoder.decode(exchange(request("/api/chat", "chat-stream-tool-results"),
                    response(200, "application/x-ndjson", cut, false)));
            assertThat(c.getWireApi()).isEqualTo("ollama-native");
            assertThat(c.isPartial()).isTrue();
        }
    }
}
