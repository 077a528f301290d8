package org.egret.decoder.openai.chat.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.egret.decoder.openai.chat.internal.Exchanges.chatRequest;
import static org.egret.decoder.openai.chat.internal.Exchanges.exchange;
import static org.egret.decoder.openai.chat.internal.Exchanges.json;
import static org.egret.decoder.openai.chat.internal.Exchanges.resource;
import static org.egret.decoder.openai.chat.internal.Exchanges.sse;
import static org.egret.decoder.openai.chat.internal.Exchanges.text;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.egret.api.decode.LlmCall;
import org.egret.api.http.HttpResponse;
import org.egret.api.transcript.Transcript;
import org.egret.api.transcript.TranscriptMessage;
import org.egret.api.transcript.TranscriptToolCall;
import org.junit.jupiter.api.Test;

/** Transcripts of real captured Chat Completions calls, stored the way the pipeline stores them. */
class ChatTranscriptReaderTest {

    private final ChatTranscriptReader reader = new ChatTranscriptReader();

    /** The call as stored: decoded, the request body kept, the response body the decoder's rebuild or the wire's. */
    static LlmCall stored(String requestFixture, HttpResponse response) {
        LlmCall call = new OpenAiChatDecoder().decode(exchange(chatRequest(requestFixture), response));
        call.setRequestBody(text(requestFixture + ".request.json")).setStatusCode(response.status());
        if (call.getResponseBody() == null) {
            call.setResponseBody(new String(response.body(), StandardCharsets.UTF_8));
        }
        return call;
    }

    /** What the pipeline's body cap stores of a body over {@code cap} bytes: head, marker, tail. */
    static String capped(String body, int cap) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        int head = cap / 4 * 3;
        int tail = cap / 4;
        return new String(b, 0, head, StandardCharsets.UTF_8) + "\n...[egret body cap: " + (b.length - head - tail)
                + " bytes elided]...\n" + new String(b, b.length - tail, tail, StandardCharsets.UTF_8);
    }

    @Test
    void toolCallsAndTheirResultsPairByIdWithToolsAndTheAnswer() {
        Transcript t = reader.read(stored("openai-stream-tool-results", sse("openai-stream-tool-results")));

        assertThat(t.problem()).isNull();
        assertThat(t.wireApi()).isEqualTo("openai-chat");
        assertThat(t.messages()).extracting(TranscriptMessage::role)
                .containsExactly("system", "user", "assistant", "tool", "tool", "assistant");
        assertThat(t.messages().get(0).content()).startsWith("You are a coding agent");
        TranscriptMessage calls = t.messages().get(2);
        assertThat(calls.content()).isNull();
        assertThat(calls.toolCalls()).extracting(TranscriptToolCall::id)
                .containsExactly("call_CtpLnlRHwbOWQ4GUakGGNvgX", "call_7EZ9hADevetLVWPmBqeYQgbx");
        assertThat(calls.toolCalls()).extracting(TranscriptToolCall::arguments).containsExactly(
                "{\"path\":\"src/main/java/com/example/http/Parser.java\"}",
                "{\"command\":\"mvn -q -Dtest=ParserTest test\",\"timeout_ms\":120000}");
        TranscriptMessage read = t.messages().get(3);
        assertThat(read.toolCallId()).isEqualTo(calls.toolCalls().get(0).id());
        assertThat(read.name()).isEqualTo("read_file");
        assertThat(read.content()).startsWith("package com.example.http;");
        assertThat(t.messages().get(4).toolCallId()).isEqualTo(calls.toolCalls().get(1).id());
        assertThat(t.messages().get(4).name()).isEqualTo("run_shell");
        assertThat(t.messages().get(4).error()).isFalse();
        assertThat(t.messages().subList(0, 5)).noneMatch(TranscriptMessage::fromResponse);

        TranscriptMessage answer = t.messages().get(5);
        assertThat(answer.fromResponse()).isTrue();
        assertThat(answer.content()).isEqualTo(text("openai-stream-tool-results.sdk-content.txt").strip());

        assertThat(t.tools()).extracting(tool -> tool.name()).containsExactly("read_file", "run_shell");
        assertThat(t.tools().get(0).description()).isEqualTo("Read a UTF-8 text file from the workspace and return its contents.");
        assertThat(Exchanges.tree(t.tools().get(0).parameters()).at("/properties/path/type").asText()).isEqualTo("string");
    }

    @Test
    void streamedToolCallsOfTheResponseKeepTheirArgumentsAsJsonObjects() {
        Transcript t = reader.read(stored("openai-stream-tools", sse("openai-stream-tools")));

        assertThat(t.problem()).isNull();
        TranscriptMessage answer = t.messages().get(t.messages().size() - 1);
        assertThat(answer.fromResponse()).isTrue();
        assertThat(answer.toolCalls()).extracting(TranscriptToolCall::name).containsExactly("read_file", "run_shell");
        assertThat(answer.toolCalls().get(0).id()).isEqualTo("call_CtpLnlRHwbOWQ4GUakGGNvgX");
        assertThat(answer.toolCalls().get(0).arguments())
                .isEqualTo("{\"path\":\"src/main/java/com/example/http/Parser.java\"}");
    }

    @Test
    void reasoningContentOfAStreamIsTheAnswersReasoning() {
        Transcript t = reader.read(stored("deepseek-reasoner-stream", sse("deepseek-reasoner-stream")));

        assertThat(t.problem()).isNull();
        assertThat(t.messages()).extracting(TranscriptMessage::role).containsExactly("user", "assistant");
        assertThat(t.messages().get(0).content()).isEqualTo("Is 1013 a prime number?");
        TranscriptMessage answer = t.messages().get(1);
        assertThat(answer.reasoning()).startsWith("Okay");
        assertThat(answer.content()).isNotBlank();
        assertThat(answer.reasoning()).isNotEqualTo(answer.content());
    }

    @Test
    void vllmSendsReasoningTwiceAndItIsKeptOnce() {
        Transcript t = reader.read(stored("vllm-stream-continuous-usage", sse("vllm-stream-continuous-usage")));
        TranscriptMessage answer = t.messages().get(t.messages().size() - 1);
        assertThat(answer.reasoning()).isNotBlank();
        assertThat(answer.reasoning()).doesNotContain("\n\n" + answer.reasoning());
    }

    @Test
    void anEventStreamStoredAsTextReadsLikeTheRebuiltBody() {
        HttpResponse response = sse("openai-stream-tool-results");
        LlmCall rebuilt = stored("openai-stream-tool-results", response);
        LlmCall raw = stored("openai-stream-tool-results", response)
                .setResponseBody(new String(response.body(), StandardCharsets.UTF_8));

        assertThat(raw.getResponseBody()).startsWith("data: ");
        assertThat(reader.read(raw)).isEqualTo(reader.read(rebuilt));
    }

    @Test
    void wholeResponseWithNonAsciiArguments() {
        LlmCall call = stored("openai-nonstream", json(200, resource("openai-nonstream-tools.response.json")));
        Transcript t = reader.read(call);

        assertThat(t.problem()).isNull();
        TranscriptMessage answer = t.messages().get(t.messages().size() - 1);
        assertThat(answer.toolCalls()).extracting(TranscriptToolCall::arguments)
                .containsExactly("{\"city\":\"Zürich\",\"unit\":\"celsius\"}", "{\"timezone\":\"Europe/Zurich\"}");
    }

    @Test
    void argumentsThatAreNoJsonAreKeptAndNoted() {
        String body = "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":"
                + "[{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"a\\\":\"}},"
                + "{\"id\":\"call_2\",\"type\":\"function\",\"function\":{\"name\":\"g\",\"arguments\":\"\"}},"
                + "{\"id\":\"call_3\",\"type\":\"function\",\"function\":{\"name\":\"h\",\"arguments\":\" {\\\"x\\\" : 1.10 } \"}}]}}]}";
        LlmCall call = new LlmCall().setStatusCode(200).setRequestBody("{\"messages\":[]}").setResponseBody(body);
        Transcript t = reader.read(call);

        assertThat(t.messages()).hasSize(1);
        assertThat(t.messages().get(0).toolCalls()).extracting(TranscriptToolCall::arguments)
                .containsExactly("{\"a\":", "{}", "{\"x\":1.10}");
        assertThat(t.problem()).isEqualTo("arguments of tool call call_1 are not valid JSON, kept as sent");
    }

    @Test
    void imagePartsAndDeveloperPromptsAndErrors() {
        String request = "{\"messages\":[{\"role\":\"developer\",\"content\":[{\"type\":\"text\",\"text\":\"Be brief.\"}]},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"What is this?\"},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,AAAA\"}},"
                + "{\"type\":\"input_audio\",\"input_audio\":{\"data\":\"AAAA\",\"format\":\"wav\"}}]}]}";
        LlmCall call = new LlmCall().setStatusCode(429).setRequestBody(request)
                .setResponseBody(text("openai-error-429.response.json"));
        Transcript t = reader.read(call);

        assertThat(t.problem()).isNull();
        assertThat(t.messages()).extracting(TranscriptMessage::role).containsExactly("system", "user");
        assertThat(t.messages().get(1).content()).isEqualTo("What is this?\n\n[image omitted]\n\n[audio omitted]");
        assertThat(t.messages().get(1).omitted()).containsExactly("image", "audio");
        assertThat(t.messages().get(1).content()).doesNotContain("AAAA");
    }

    @Test
    void bodiesThatAreMissingOrNoJsonSaySo() {
        assertThat(reader.read(new LlmCall()).problem())
                .isEqualTo("request body was not stored; no response was seen");
        Transcript t = reader.read(new LlmCall().setStatusCode(200).setRequestBody("hello")
                .setResponseBody("<html>bad gateway</html>"));
        assertThat(t.messages()).isEmpty();
        assertThat(t.problem()).isEqualTo("request body is not JSON; response body is not JSON");
        assertThat(reader.read(new LlmCall().setRequestBody("{\"messages\":{\"role\":1}}").setStatusCode(200)
                .setResponseBody("[1,2]")).problem()).isEqualTo("response body is not JSON");
        assertThat(reader.read(null).problem()).isEqualTo("no call");
    }

    @Test
    void aRequestCutAnywhereYieldsTheMessagesBeforeTheCutAndAProblem() {
        LlmCall whole = stored("openai-stream-tool-results", sse("openai-stream-tool-results"));
        List<TranscriptMessage> all = reader.read(whole).messages();
        String request = whole.getRequestBody();
        for (int n = 0; n < request.length(); n += 37) {
            LlmCall cut = stored("openai-stream-tool-results", sse("openai-stream-tool-results"))
                    .setRequestBody(request.substring(0, n));
            Transcript t = assertDoesNotThrow(cut);
            assertThat(t.problem()).as("cut at %d", n).isNotNull().startsWith("request body");
            List<TranscriptMessage> read = t.messages().stream().filter(m -> !m.fromResponse()).toList();
            assertThat(read).as("cut at %d", n).isEqualTo(all.subList(0, read.size()));
            assertThat(t.messages().get(t.messages().size() - 1).fromResponse()).isTrue();
        }
    }

    @Test
    void aResponseCutAnywhereNeverThrows() {
        LlmCall whole = stored("openai-stream-tools", sse("openai-stream-tools"));
        String response = whole.getResponseBody();
        for (int n = 0; n < response.length(); n += 23) {
            Transcript t = assertDoesNotThrow(stored("openai-stream-tools", sse("openai-stream-tools"))
                    .setResponseBody(response.substring(0, n)));
            assertThat(t.problem()).as("cut at %d", n).isNotNull().startsWith("response body");
        }
        String sseText = new String(sse("openai-stream-tools").body(), StandardCharsets.UTF_8);
        for (int n = 1; n < sseText.length(); n += 101) {
            assertDoesNotThrow(whole.setResponseBody(sseText.substring(0, n)));
        }
    }

    @Test
    void aBodyCappedByThePipelineNamesTheCap() {
        LlmCall call = stored("openai-stream-tool-results", sse("openai-stream-tool-results"));
        call.setRequestBody(capped(call.getRequestBody(), 2048));
        Transcript t = reader.read(call);

        assertThat(t.problem()).isEqualTo("request body cut at the capture limit after 1536 bytes ("
                + (text("openai-stream-tool-results.request.json").getBytes(StandardCharsets.UTF_8).length - 2048)
                + " bytes elided)");
        // the head holds the first tool result whole, the second one is cut
        assertThat(t.messages()).extracting(TranscriptMessage::role)
                .containsExactly("system", "user", "assistant", "tool", "assistant");
        assertThat(t.messages().get(4).fromResponse()).isTrue();
    }

    @Test
    void componentPublishesTheReaderUnderItsWireApi() throws Exception {
        String name = "/OSGI-INF/" + ChatTranscriptReader.class.getName() + ".xml";
        String xml;
        try (InputStream in = ChatTranscriptReader.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(xml).contains("<provide interface=\"org.egret.api.transcript.TranscriptReader\"/>")
                .contains("<property name=\"egret.wireapi.name\" type=\"String\" value=\"openai-chat\"/>");
        assertThat(reader.wireApi()).isEqualTo(new OpenAiChatDecoder().wireApi());
    }

    private Transcript assertDoesNotThrow(LlmCall call) {
        Transcript[] out = new Transcript[1];
        assertThatCode(() -> out[0] = reader.read(call)).doesNotThrowAnyException();
        assertThat(out[0].problem() == null || !out[0].problem().startsWith("transcript not read whole"))
                .as(out[0].problem()).isTrue();
        return out[0];
    }
}
