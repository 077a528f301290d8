package org.egret.decoder.anthropic.messages.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.egret.decoder.anthropic.messages.internal.Exchanges.claudeRequest;
import static org.egret.decoder.anthropic.messages.internal.Exchanges.exchange;
import static org.egret.decoder.anthropic.messages.internal.Exchanges.json;
import static org.egret.decoder.anthropic.messages.internal.Exchanges.resource;
import static org.egret.decoder.anthropic.messages.internal.Exchanges.sse;
import static org.egret.decoder.anthropic.messages.internal.Exchanges.text;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.egret.api.decode.LlmCall;
import org.egret.api.http.HttpResponse;
import org.egret.api.transcript.Transcript;
import org.egret.api.transcript.TranscriptMessage;
import org.egret.api.transcript.TranscriptTool;
import org.egret.api.transcript.TranscriptToolCall;
import org.junit.jupiter.api.Test;

/** Transcripts of real Claude Code calls, stored the way the pipeline stores them. */
class MessagesTranscriptReaderTest {

    private final MessagesTranscriptReader reader = new MessagesTranscriptReader();

    /** The call as stored: decoded, the request body kept, the response body the decoder's rebuild or the wire's. */
    static LlmCall stored(String requestFixture, HttpResponse response) {
        LlmCall call = new AnthropicMessagesDecoder()
                .decode(exchange(claudeRequest(resource(requestFixture + ".request.json")), response));
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
    void toolResultsComeBeforeTheUserTextAndPairWithTheirCallsById() {
        Transcript t = reader.read(stored("claude-code-loop-3", sse("claude-code-loop-3")));

        assertThat(t.problem()).isNull();
        assertThat(t.wireApi()).isEqualTo("anthropic");
        assertThat(t.messages()).extracting(TranscriptMessage::role)
                .containsExactly("system", "user", "assistant", "tool", "tool", "assistant", "tool", "assistant");
        assertThat(t.messages().get(0).content()).startsWith("You are Claude Code").doesNotContain("billing-header");
        assertThat(t.messages().get(1).content()).startsWith("<system-reminder>")
                .endsWith("\n\nParserTest is failing. Find out why and fix it.");

        TranscriptMessage first = t.messages().get(2);
        assertThat(first.reasoning()).startsWith("The failing test is ParserTest.");
        assertThat(first.content()).isEqualTo("I’ll read the parser and run the failing test in parallel.");
        assertThat(first.toolCalls()).extracting(TranscriptToolCall::id)
                .containsExactly("toolu_01nhlugsy9j9SRDdJUwtDyS5", "toolu_01z1VZogfQuyGbVTAVXEd6Iv");
        assertThat(first.toolCalls()).extracting(TranscriptToolCall::name).containsExactly("Read", "Bash");
        assertThat(Exchanges.tree(first.toolCalls().get(0).arguments()).get("file_path").asText())
                .endsWith("Parser.java");

        TranscriptMessage read = t.messages().get(3);
        TranscriptMessage bash = t.messages().get(4);
        assertThat(read.toolCallId()).isEqualTo("toolu_01nhlugsy9j9SRDdJUwtDyS5");
        assertThat(read.name()).isEqualTo("Read");
        assertThat(read.error()).isFalse();
        assertThat(read.content()).contains("public final class Parser");
        assertThat(bash.toolCallId()).isEqualTo("toolu_01z1VZogfQuyGbVTAVXEd6Iv");
        assertThat(bash.name()).isEqualTo("Bash");
        assertThat(bash.error()).as("Bash's is_error").isTrue();

        assertThat(t.messages().get(6).toolCallId()).isEqualTo(t.messages().get(5).toolCalls().get(0).id());
        assertThat(t.messages().get(6).name()).isEqualTo("Edit");
        TranscriptMessage answer = t.messages().get(7);
        assertThat(answer.fromResponse()).isTrue();
        assertThat(answer.content()).isNotBlank();
        assertThat(answer.toolCalls()).isEmpty();
        assertThat(t.messages().subList(0, 7)).noneMatch(TranscriptMessage::fromResponse);

        assertThat(t.tools()).extracting(TranscriptTool::name)
                .containsExactly("Agent", "Bash", "Edit", "Grep", "Read", "TodoWrite");
        assertThat(t.tools().get(1).description()).isNotBlank();
        assertThat(Exchanges.tree(t.tools().get(1).parameters()).at("/properties/command/type").asText())
                .isEqualTo("string");
    }

    @Test
    void theStreamedAnswerKeepsThinkingTextAndParallelToolUses() {
        Transcript t = reader.read(stored("claude-code-loop-1", sse("claude-code-loop-1")));

        assertThat(t.problem()).isNull();
        TranscriptMessage answer = t.messages().get(t.messages().size() - 1);
        assertThat(answer.fromResponse()).isTrue();
        assertThat(answer.reasoning()).startsWith("The failing test is ParserTest.");
        assertThat(answer.toolCalls()).extracting(TranscriptToolCall::id)
                .containsExactly("toolu_01nhlugsy9j9SRDdJUwtDyS5", "toolu_01z1VZogfQuyGbVTAVXEd6Iv");
        // the next call's request sends this answer back: the same message, read from the other body
        Transcript next = reader.read(stored("claude-code-loop-2", sse("claude-code-loop-2")));
        TranscriptMessage history = next.messages().get(2);
        assertThat(history.toolCalls()).isEqualTo(answer.toolCalls());
        assertThat(history.reasoning()).isEqualTo(answer.reasoning());
        assertThat(history.content()).isEqualTo(answer.content());
    }

    @Test
    void theReferenceClaudeCliExchangeReadsWhole() {
        Transcript t = reader.read(stored("claude-cli-reference", sse("claude-cli-reference")));

        assertThat(t.problem()).isNull();
        assertThat(t.messages().get(0).role()).isEqualTo("system");
        assertThat(t.messages().get(1).role()).isEqualTo("user");
        assertThat(t.tools()).hasSizeGreaterThan(30);
        assertThat(t.tools()).extracting(TranscriptTool::name).contains("Bash", "Read", "TaskCreate");
        assertThat(t.tools()).allMatch(tool -> tool.parameters() != null && tool.parameters().startsWith("{"));
        TranscriptMessage answer = t.messages().get(t.messages().size() - 1);
        assertThat(answer.fromResponse()).isTrue();
        assertThat(answer.reasoning()).startsWith("**Planning task creation**");
        assertThat(answer.toolCalls()).isNotEmpty();
        for (TranscriptToolCall c : answer.toolCalls()) {
            assertThat(c.id()).startsWith("call_");
            assertThat(Exchanges.tree(c.arguments()).isObject()).isTrue();
        }
    }

    @Test
    void anEventStreamStoredAsTextReadsLikeTheRebuiltBody() {
        HttpResponse response = sse("claude-code-loop-1");
        LlmCall rebuilt = stored("claude-code-loop-1", response);
        LlmCall raw = stored("claude-code-loop-1", response)
                .setResponseBody(new String(response.body(), StandardCharsets.UTF_8));
        assertThat(raw.getResponseBody()).startsWith("event: message_start");
        assertThat(reader.read(raw)).isEqualTo(reader.read(rebuilt));
    }

    @Test
    void aToolInputCutInTheStreamIsKeptAsSentAndNoted() {
        Transcript t = reader.read(stored("claude-code-loop-1", sse("cut-off-tool-input")));
        TranscriptMessage answer = t.messages().get(t.messages().size() - 1);
        assertThat(answer.toolCalls()).hasSize(1);
        assertThat(answer.toolCalls().get(0).arguments()).isEqualTo("{\"file_path\": \"src/Parser.java\", \"old_str");
        assertThat(t.problem()).isEqualTo("arguments of tool call toolu_01CutOff are not valid JSON, kept as sent");
    }

    @Test
    void aWholeResponseAndImagesAndErrors() {
        LlmCall call = stored("claude-code-loop-1", json(200, resource("nonstream-tool-use.response.json")));
        TranscriptMessage answer = reader.read(call).messages().get(reader.read(call).messages().size() - 1);
        assertThat(answer.content()).isEqualTo("Split on the first colon only.");
        assertThat(answer.toolCalls().get(0).arguments()).isEqualTo(
                "{\"file_path\":\"src/Parser.java\",\"old_string\":\"split(\\\":\\\")\",\"new_string\":\"split(\\\":\\\", 2)\"}");

        String request = "{\"system\":\"Be brief.\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image\","
                + "\"source\":{\"type\":\"base64\",\"media_type\":\"image/png\",\"data\":\"AAAA\"}},"
                + "{\"type\":\"text\",\"text\":\"What is this?\"}]}]}";
        Transcript t = reader.read(new LlmCall().setRequestBody(request).setStatusCode(529)
                .setResponseBody("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"));
        assertThat(t.problem()).isNull();
        assertThat(t.messages()).extracting(TranscriptMessage::role).containsExactly("system", "user");
        assertThat(t.messages().get(1).content()).isEqualTo("[image omitted]\n\nWhat is this?");
        assertThat(t.messages().get(1).omitted()).containsExactly("image");
    }

    @Test
    void bodiesThatAreMissingOrNoJsonSaySo() {
        assertThat(reader.read(new LlmCall()).problem()).isEqualTo("request body was not stored; no response was seen");
        assertThat(reader.read(new LlmCall().setRequestBody("GET /").setStatusCode(200).setResponseBody("\u0000\u0001"))
                .problem()).isEqualTo("request body is not JSON; response body is not JSON");
    }

    @Test
    void aRequestCutAnywhereYieldsTheMessagesBeforeTheCutAndAProblem() {
        List<TranscriptMessage> all = reader.read(stored("claude-code-loop-3", sse("claude-code-loop-3"))).messages();
        String request = text("claude-code-loop-3.request.json");
        for (int n = 0; n < request.length(); n += 41) {
            Transcript t = readSafely(stored("claude-code-loop-3", sse("claude-code-loop-3"))
                    .setRequestBody(request.substring(0, n)));
            assertThat(t.problem()).as("cut at %d", n).isNotNull().startsWith("request body");
            List<TranscriptMessage> read = t.messages().stream().filter(m -> !m.fromResponse()).toList();
            // the message the cut falls in is left out, except the system prompt read whole
            assertThat(read.size()).as("cut at %d", n).isLessThan(8);
            for (int i = 0; i < read.size(); i++) {
                assertThat(read.get(i)).as("cut at %d, message %d", n, i).isEqualTo(all.get(i));
            }
            assertThat(t.messages().get(t.messages().size() - 1)).isEqualTo(all.get(all.size() - 1));
        }
    }

    @Test
    void aResponseCutAnywhereNeverThrows() {
        LlmCall whole = stored("claude-code-loop-1", sse("claude-code-loop-1"));
        String response = whole.getResponseBody();
        for (int n = 0; n < response.length(); n += 19) {
            Transcript t = readSafely(stored("claude-code-loop-1", sse("claude-code-loop-1"))
                    .setResponseBody(response.substring(0, n)));
            assertThat(t.problem()).as("cut at %d", n).isNotNull();
        }
        String sseText = new String(sse("claude-code-loop-1").body(), StandardCharsets.UTF_8);
        for (int n = 1; n < sseText.length(); n += 97) {
            readSafely(whole.setResponseBody(sseText.substring(0, n)));
        }
    }

    @Test
    void aCappedReferenceRequestNamesTheCap() {
        LlmCall call = stored("claude-cli-reference", sse("claude-cli-reference"));
        call.setRequestBody(capped(call.getRequestBody(), 65536));
        Transcript t = reader.read(call);
        assertThat(t.problem()).startsWith("request body cut at the capture limit after 49152 bytes (");
        assertThat(t.messages().get(0).role()).isEqualTo("system");
        assertThat(t.messages().get(t.messages().size() - 1).fromResponse()).isTrue();
    }

    @Test
    void componentPublishesTheReaderUnderItsWireApi() throws Exception {
        String name = "/OSGI-INF/" + MessagesTranscriptReader.class.getName() + ".xml";
        String xml;
        try (InputStream in = MessagesTranscriptReader.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(xml).contains("<provide interface=\"org.egret.api.transcript.TranscriptReader\"/>")
                .contains("<property name=\"egret.wireapi.name\" type=\"String\" value=\"anthropic\"/>");
        assertThat(reader.wireApi()).isEqualTo(new AnthropicMessagesDecoder().wireApi());
    }

    private Transcript readSafely(LlmCall call) {
        Transcript[] out = new Transcript[1];
        assertThatCode(() -> out[0] = reader.read(call)).doesNotThrowAnyException();
        assertThat(out[0].problem() == null || !out[0].problem().startsWith("transcript not read whole"))
                .as(out[0].problem()).isTrue();
        return out[0];
    }
}
