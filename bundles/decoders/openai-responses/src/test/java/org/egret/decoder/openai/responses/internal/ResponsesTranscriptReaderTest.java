package org.egret.decoder.openai.responses.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.egret.decoder.openai.responses.internal.Exchanges.codexRequest;
import static org.egret.decoder.openai.responses.internal.Exchanges.exchange;
import static org.egret.decoder.openai.responses.internal.Exchanges.json;
import static org.egret.decoder.openai.responses.internal.Exchanges.resource;
import static org.egret.decoder.openai.responses.internal.Exchanges.sse;
import static org.egret.decoder.openai.responses.internal.Exchanges.text;

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

/** Transcripts of real Codex and SDK Responses calls, stored the way the pipeline stores them. */
class ResponsesTranscriptReaderTest {

    private final ResponsesTranscriptReader reader = new ResponsesTranscriptReader();

    /** The call as stored: decoded, the request body kept, the response body the decoder's rebuild or the wire's. */
    static LlmCall stored(String requestFixture, HttpResponse response) {
        LlmCall call = new OpenAiResponsesDecoder().decode(exchange(codexRequest(requestFixture), response));
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
    void codexCallsAndTheirOutputsPairByCallIdAndAFailedShellIsAnError() {
        Transcript t = reader.read(stored("responses-codex-patch", sse("responses-codex-patch")));

        assertThat(t.problem()).isNull();
        assertThat(t.wireApi()).isEqualTo("openai-responses");
        assertThat(t.messages()).extracting(TranscriptMessage::role)
                .containsExactly("system", "user", "user", "user", "assistant", "tool", "tool", "assistant");
        assertThat(t.messages().get(0).content()).startsWith("You are");
        TranscriptMessage calls = t.messages().get(4);
        assertThat(calls.content()).isEqualTo("I’ll find the header parser and run its tests first.");
        assertThat(calls.toolCalls()).extracting(TranscriptToolCall::id)
                .containsExactly("call_FMrK2irHbN1T0iZUVoN5y53Z", "call_gQbUQhUi5YSDDtmPefWKidOD");
        assertThat(calls.toolCalls()).extracting(TranscriptToolCall::name).containsExactly("shell", "shell");
        assertThat(calls.toolCalls().get(0).arguments()).isEqualTo(
                "{\"command\":[\"bash\",\"-lc\",\"rg -n \\\"fn parse_header\\\" src\"],\"workdir\":\"/home/dev/httpkit\",\"timeout_ms\":10000}");
        TranscriptMessage rg = t.messages().get(5);
        TranscriptMessage cargo = t.messages().get(6);
        assertThat(rg.toolCallId()).isEqualTo(calls.toolCalls().get(0).id());
        assertThat(rg.name()).isEqualTo("shell");
        assertThat(rg.error()).isFalse();
        assertThat(cargo.toolCallId()).isEqualTo(calls.toolCalls().get(1).id());
        assertThat(cargo.error()).as("cargo test exited non-zero").isTrue();

        TranscriptMessage answer = t.messages().get(7);
        assertThat(answer.fromResponse()).isTrue();
        assertThat(answer.toolCalls()).hasSize(1);
        TranscriptToolCall patch = answer.toolCalls().get(0);
        assertThat(patch.id()).isEqualTo("call_K9JljxfyXKoIL7RPjQBiKYJ2");
        assertThat(patch.name()).isEqualTo("apply_patch");
        assertThat(Exchanges.tree(patch.arguments()).get("input").asText()).startsWith("*** Begin Patch");

        assertThat(t.tools()).extracting(TranscriptTool::name)
                .containsExactly("shell", "update_plan", "apply_patch", "web_search");
        assertThat(Exchanges.tree(t.tools().get(0).parameters()).path("properties").has("command")).isTrue();
        assertThat(t.tools().get(2).parameters()).isNull();
    }

    @Test
    void anIncompleteOutputIsAnError() {
        LlmCall call = stored("responses-tools-results", json(200, resource("responses-tools-calls.response.json")));
        Transcript t = reader.read(call);
        List<TranscriptMessage> results = t.messages().stream().filter(m -> m.role().equals("tool")).toList();
        assertThat(results).extracting(TranscriptMessage::toolCallId)
                .containsExactly("call_CtpLnlRHwbOWQ4GUakGGNvgX", "call_7EZ9hADevetLVWPmBqeYQgbx");
        assertThat(results).extracting(TranscriptMessage::error).containsExactly(false, true);
        assertThat(results).extracting(TranscriptMessage::name).doesNotContainNull();
        assertThat(t.messages().get(0).role()).isEqualTo("system");
    }

    @Test
    void reasoningSummaryIsTheAnswersReasoning() {
        Transcript t = reader.read(stored("responses-reasoning-summary", sse("responses-reasoning-summary")));

        assertThat(t.problem()).isNull();
        assertThat(t.messages()).extracting(TranscriptMessage::role).containsExactly("user", "assistant");
        assertThat(t.messages().get(0).content()).startsWith("Our Spring service does a lot of blocking JDBC calls.");
        TranscriptMessage answer = t.messages().get(1);
        assertThat(answer.fromResponse()).isTrue();
        assertThat(answer.reasoning()).isNotBlank();
        assertThat(answer.content()).isNotBlank().isNotEqualTo(answer.reasoning());
    }

    @Test
    void theReferenceCodexExchangeReadsWhole() {
        // the request of the reference exchange whole; its stream is the shortened codex-tui-reference
        Transcript t = reader.read(stored("codex-cli-reference", sse("codex-tui-reference")));

        assertThat(t.problem()).isNull();
        assertThat(t.messages()).extracting(TranscriptMessage::role)
                .containsExactly("system", "system", "user", "user", "assistant");
        assertThat(t.messages().get(0).content()).startsWith("You are Codex");
        assertThat(t.messages().get(1).content()).startsWith("<permissions instructions>");
        TranscriptMessage answer = t.messages().get(4);
        assertThat(answer.content()).isNotBlank();
        assertThat(answer.toolCalls()).hasSize(3).allSatisfy(c -> {
            assertThat(c.name()).isEqualTo("exec_command");
            assertThat(c.id()).startsWith("call_");
            assertThat(Exchanges.tree(c.arguments()).has("cmd")).isTrue();
        });
        assertThat(t.tools()).extracting(TranscriptTool::name).contains("exec_command", "apply_patch", "web_search");
    }

    @Test
    void anEventStreamStoredAsTextReadsLikeTheRebuiltBody() {
        HttpResponse response = sse("responses-codex-patch");
        LlmCall rebuilt = stored("responses-codex-patch", response);
        LlmCall raw = stored("responses-codex-patch", response)
                .setResponseBody(new String(response.body(), StandardCharsets.UTF_8));
        assertThat(raw.getResponseBody()).startsWith("event: response.created");
        assertThat(reader.read(raw)).isEqualTo(reader.read(rebuilt));
    }

    @Test
    void stringInputImagesAndErrors() {
        Transcript t = reader.read(new LlmCall().setStatusCode(429).setRequestBody(
                "{\"instructions\":\"Be brief.\",\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_text\","
                        + "\"text\":\"What is this?\"},{\"type\":\"input_image\",\"image_url\":\"data:image/png;base64,AAAA\"},"
                        + "{\"type\":\"input_file\",\"file_id\":\"file-1\"}]}]}")
                .setResponseBody(text("responses-error-429.response.json")));
        assertThat(t.problem()).isNull();
        assertThat(t.messages()).extracting(TranscriptMessage::role).containsExactly("system", "user");
        assertThat(t.messages().get(1).content()).isEqualTo("What is this?\n\n[image omitted]\n\n[file omitted]");
        assertThat(t.messages().get(1).omitted()).containsExactly("image", "file");

        Transcript plain = reader.read(new LlmCall().setStatusCode(200).setRequestBody("{\"input\":\"hello\"}")
                .setResponseBody(text("responses-nonstream.response.json")));
        assertThat(plain.problem()).isNull();
        assertThat(plain.messages()).extracting(TranscriptMessage::role).containsExactly("user", "assistant");
        assertThat(plain.messages().get(0).content()).isEqualTo("hello");
    }

    @Test
    void bodiesThatAreMissingOrNoJsonSaySo() {
        assertThat(reader.read(new LlmCall()).problem()).isEqualTo("request body was not stored; no response was seen");
        assertThat(reader.read(new LlmCall().setRequestBody("[]").setStatusCode(200).setResponseBody("oops"))
                .problem()).isEqualTo("request body is not JSON; response body is not JSON");
    }

    @Test
    void aRequestCutAnywhereYieldsTheItemsBeforeTheCutAndAProblem() {
        List<TranscriptMessage> all = reader.read(stored("responses-codex-patch", sse("responses-codex-patch")))
                .messages();
        String request = text("responses-codex-patch.request.json");
        for (int n = 0; n < request.length(); n += 43) {
            Transcript t = readSafely(stored("responses-codex-patch", sse("responses-codex-patch"))
                    .setRequestBody(request.substring(0, n)));
            assertThat(t.problem()).as("cut at %d", n).isNotNull().startsWith("request body");
            List<TranscriptMessage> read = t.messages().stream().filter(m -> !m.fromResponse()).toList();
            // a message the cut falls in may lose later items (an assistant run, a part list), never earlier ones
            for (int i = 0; i + 1 < read.size(); i++) {
                assertThat(read.get(i)).as("cut at %d, message %d", n, i).isEqualTo(all.get(i));
            }
            assertThat(t.messages().get(t.messages().size() - 1)).isEqualTo(all.get(all.size() - 1));
        }
    }

    @Test
    void aResponseCutAnywhereNeverThrows() {
        LlmCall whole = stored("responses-codex-patch", sse("responses-codex-patch"));
        String response = whole.getResponseBody();
        for (int n = 0; n < response.length(); n += 29) {
            Transcript t = readSafely(stored("responses-codex-patch", sse("responses-codex-patch"))
                    .setResponseBody(response.substring(0, n)));
            assertThat(t.problem()).as("cut at %d", n).isNotNull();
        }
        String sseText = new String(sse("responses-codex-patch").body(), StandardCharsets.UTF_8);
        for (int n = 1; n < sseText.length(); n += 131) {
            readSafely(whole.setResponseBody(sseText.substring(0, n)));
        }
    }

    @Test
    void aCappedReferenceResponseNamesTheCap() {
        LlmCall call = stored("codex-cli-reference", sse("codex-tui-reference"));
        call.setResponseBody(capped(call.getResponseBody(), 2048));
        Transcript t = reader.read(call);
        assertThat(t.problem()).startsWith("response body cut at the capture limit after 1536 bytes (");
        assertThat(t.messages().get(0).content()).startsWith("You are Codex");
    }

    @Test
    void componentPublishesTheReaderUnderItsWireApi() throws Exception {
        String name = "/OSGI-INF/" + ResponsesTranscriptReader.class.getName() + ".xml";
        String xml;
        try (InputStream in = ResponsesTranscriptReader.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(xml).contains("<provide interface=\"org.egret.api.transcript.TranscriptReader\"/>")
                .contains("<property name=\"egret.wireapi.name\" type=\"String\" value=\"openai-responses\"/>");
        assertThat(reader.wireApi()).isEqualTo(new OpenAiResponsesDecoder().wireApi());
    }

    private Transcript readSafely(LlmCall call) {
        Transcript[] out = new Transcript[1];
        assertThatCode(() -> out[0] = reader.read(call)).doesNotThrowAnyException();
        assertThat(out[0].problem() == null || !out[0].problem().startsWith("transcript not read whole"))
                .as(out[0].problem()).isTrue();
        return out[0];
    }
}
