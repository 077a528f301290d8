package org.egret.decoder.gemini.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.egret.decoder.gemini.internal.Exchanges.exchange;
import static org.egret.decoder.gemini.internal.Exchanges.fixtureRequest;
import static org.egret.decoder.gemini.internal.Exchanges.json;
import static org.egret.decoder.gemini.internal.Exchanges.resource;
import static org.egret.decoder.gemini.internal.Exchanges.sse;
import static org.egret.decoder.gemini.internal.Exchanges.text;

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

/** Transcripts of real Gemini CLI and SDK calls, stored the way the pipeline stores them. */
class GeminiTranscriptReaderTest {

    private static final String STREAM = "/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse";
    private static final String ARRAY = "/v1beta/models/gemini-2.5-flash:streamGenerateContent";
    private static final String WHOLE = "/v1beta/models/gemini-2.5-flash:generateContent";

    private final GeminiTranscriptReader reader = new GeminiTranscriptReader();

    /** The call as stored: decoded, the request body kept, the response body the decoder's rebuild or the wire's. */
    static LlmCall stored(String target, String requestFixture, HttpResponse response) {
        LlmCall call = new GeminiDecoder().decode(exchange(fixtureRequest(target, requestFixture), response));
        call.setRequestBody(text(requestFixture + ".request.json")).setStatusCode(response.status());
        if (call.getResponseBody() == null) {
            call.setResponseBody(new String(response.body(), StandardCharsets.UTF_8));
        }
        return call;
    }

    static LlmCall cliTurn(int n) {
        return stored(STREAM, "gemini-cli-turn-" + n, sse("gemini-cli-turn-" + n));
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
    void idLessCallsAreNumberedAndTheirResponsesPairByNameAndOrder() {
        Transcript t = reader.read(cliTurn(3));

        assertThat(t.problem()).isNull();
        assertThat(t.wireApi()).isEqualTo("gemini-aistudio");
        assertThat(t.messages()).extracting(TranscriptMessage::role).containsExactly("system", "user", "assistant",
                "user", "assistant", "tool", "tool", "assistant", "tool", "tool", "assistant", "tool", "assistant");
        assertThat(t.messages().get(0).content()).startsWith("You are an interactive CLI agent");

        TranscriptMessage first = t.messages().get(4);
        assertThat(first.toolCalls()).extracting(TranscriptToolCall::id)
                .containsExactly("gemini-call-1", "gemini-call-2");
        assertThat(first.toolCalls()).extracting(TranscriptToolCall::name).containsExactly("glob", "read_file");
        assertThat(first.toolCalls().get(0).arguments()).isEqualTo("{\"pattern\":\"**/ParserTest.java\"}");
        TranscriptMessage glob = t.messages().get(5);
        TranscriptMessage missing = t.messages().get(6);
        assertThat(glob.toolCallId()).isEqualTo("gemini-call-1");
        assertThat(glob.name()).isEqualTo("glob");
        assertThat(glob.error()).isFalse();
        assertThat(glob.content()).startsWith("Found 1 file(s) matching");
        assertThat(missing.toolCallId()).isEqualTo("gemini-call-2");
        assertThat(missing.error()).as("{error} response").isTrue();
        assertThat(missing.content()).startsWith("File not found:");

        assertThat(t.messages().get(7).toolCalls()).extracting(TranscriptToolCall::id)
                .containsExactly("gemini-call-3", "gemini-call-4");
        assertThat(t.messages().get(8).toolCallId()).isEqualTo("gemini-call-3");
        assertThat(t.messages().get(9).toolCallId()).isEqualTo("gemini-call-4");
        assertThat(t.messages().get(9).name()).isEqualTo("run_shell_command");
        assertThat(t.messages().get(10).toolCalls()).extracting(TranscriptToolCall::id).containsExactly("gemini-call-5");
        assertThat(t.messages().get(11).toolCallId()).isEqualTo("gemini-call-5");

        TranscriptMessage answer = t.messages().get(12);
        assertThat(answer.fromResponse()).isTrue();
        assertThat(answer.content()).isNotBlank();
        assertThat(answer.toolCalls()).isEmpty();
        assertThat(t.messages().subList(0, 12)).noneMatch(TranscriptMessage::fromResponse);

        assertThat(t.tools()).extracting(TranscriptTool::name)
                .containsExactly("read_file", "run_shell_command", "replace", "glob", "google_web_search");
        assertThat(Exchanges.tree(t.tools().get(0).parameters()).at("/properties/absolute_path/type").asText())
                .isEqualTo("string");
    }

    @Test
    void theResponsesCallsAreNumberedAsTheNextRequestNumbersThem() {
        Transcript turn0 = reader.read(cliTurn(0));
        TranscriptMessage answer = turn0.messages().get(turn0.messages().size() - 1);
        assertThat(answer.fromResponse()).isTrue();
        assertThat(answer.reasoning()).as("thought parts").isNotBlank();
        assertThat(answer.toolCalls()).extracting(TranscriptToolCall::id)
                .containsExactly("gemini-call-1", "gemini-call-2");

        Transcript turn1 = reader.read(cliTurn(1));
        TranscriptMessage history = turn1.messages().stream().filter(m -> !m.toolCalls().isEmpty()).findFirst()
                .orElseThrow();
        assertThat(history.toolCalls()).isEqualTo(answer.toolCalls());
    }

    @Test
    void aJsonArrayStreamStoredAsTextAndAWholeAnswerWithThoughts() {
        LlmCall array = stored(ARRAY, "gemini-json-array", json(200, resource("gemini-json-array.response.json")));
        Transcript rebuilt = reader.read(array);
        assertThat(rebuilt.problem()).isNull();
        TranscriptMessage answer = rebuilt.messages().get(rebuilt.messages().size() - 1);
        assertThat(answer.reasoning()).startsWith("**Understanding the request**");
        assertThat(answer.content()).isNotBlank();
        Transcript raw = reader.read(stored(ARRAY, "gemini-json-array",
                json(200, resource("gemini-json-array.response.json")))
                .setResponseBody(text("gemini-json-array.response.json")));
        assertThat(raw).isEqualTo(rebuilt);

        Transcript whole = reader.read(stored(WHOLE, "gemini-nonstream-thinking",
                json(200, resource("gemini-nonstream-thinking.response.json"))));
        assertThat(whole.problem()).isNull();
        TranscriptMessage thinking = whole.messages().get(whole.messages().size() - 1);
        assertThat(thinking.reasoning()).isNotBlank();
        assertThat(thinking.content()).isNotBlank().isNotEqualTo(thinking.reasoning());
    }

    @Test
    void anEventStreamStoredAsTextReadsLikeTheRebuiltBody() {
        HttpResponse response = sse("gemini-cli-turn-0");
        LlmCall raw = cliTurn(0).setResponseBody(new String(response.body(), StandardCharsets.UTF_8));
        assertThat(raw.getResponseBody()).startsWith("data: ");
        assertThat(reader.read(raw)).isEqualTo(reader.read(cliTurn(0)));
    }

    @Test
    void snakeCaseVertexSpellingsImagesAndBuiltInTools() {
        String request = "{\"system_instruction\":{\"parts\":[{\"text\":\"Be brief.\"}]},\"contents\":[{\"role\":\"user\","
                + "\"parts\":[{\"text\":\"What is this?\"},{\"inline_data\":{\"mime_type\":\"image/png\",\"data\":\"AAAA\"}},"
                + "{\"file_data\":{\"mime_type\":\"application/pdf\",\"file_uri\":\"gs://b/f.pdf\"}}]},"
                + "{\"role\":\"model\",\"parts\":[{\"function_call\":{\"name\":\"lookup\",\"args\":{\"q\":1.10}}}]},"
                + "{\"role\":\"user\",\"parts\":[{\"function_response\":{\"name\":\"lookup\",\"response\":{\"hits\":[]}}},"
                + "{\"text\":\"and?\"}]}],"
                + "\"tools\":[{\"function_declarations\":[{\"name\":\"lookup\",\"description\":\"Looks up.\","
                + "\"parameters\":{\"type\":\"OBJECT\"}}]},{\"googleSearch\":{}}]}";
        Transcript t = reader.read(new LlmCall().setRequestBody(request).setStatusCode(429)
                .setResponseBody(text("gemini-error-429-stream.response.json")));

        assertThat(t.problem()).isNull();
        assertThat(t.messages()).extracting(TranscriptMessage::role)
                .containsExactly("system", "user", "assistant", "tool", "user");
        assertThat(t.messages().get(0).content()).isEqualTo("Be brief.");
        assertThat(t.messages().get(1).content()).isEqualTo("What is this?\n\n[image omitted]\n\n[file omitted]");
        assertThat(t.messages().get(1).omitted()).containsExactly("image", "file");
        assertThat(t.messages().get(2).toolCalls().get(0).arguments()).isEqualTo("{\"q\":1.10}");
        assertThat(t.messages().get(3).toolCallId()).isEqualTo("gemini-call-1");
        assertThat(t.messages().get(3).content()).isEqualTo("{\"hits\":[]}");
        assertThat(t.messages().get(4).content()).isEqualTo("and?");
        assertThat(t.tools()).extracting(TranscriptTool::name).containsExactly("lookup", "googleSearch");
        assertThat(t.tools().get(1).parameters()).isNull();
    }

    @Test
    void bodiesThatAreMissingOrNoJsonSaySo() {
        assertThat(reader.read(new LlmCall()).problem()).isEqualTo("request body was not stored; no response was seen");
        assertThat(reader.read(new LlmCall().setRequestBody("x=1").setStatusCode(200).setResponseBody("OK"))
                .problem()).isEqualTo("request body is not JSON; response body is not JSON");
    }

    @Test
    void aRequestCutAnywhereYieldsTheContentsBeforeTheCutAndAProblem() {
        // systemInstruction follows the contents in Gemini CLI's body: a cut before it loses it, not the contents
        List<TranscriptMessage> all = reader.read(cliTurn(3)).messages().stream()
                .filter(m -> !m.role().equals("system")).toList();
        String request = text("gemini-cli-turn-3.request.json");
        for (int n = 0; n < request.length(); n += 53) {
            Transcript t = readSafely(cliTurn(3).setRequestBody(request.substring(0, n)));
            assertThat(t.problem()).as("cut at %d", n).isNotNull().startsWith("request body");
            List<TranscriptMessage> read = t.messages().stream()
                    .filter(m -> !m.fromResponse() && !m.role().equals("system")).toList();
            for (int i = 0; i < read.size(); i++) {
                assertThat(read.get(i)).as("cut at %d, message %d", n, i).isEqualTo(all.get(i));
            }
        }
    }

    @Test
    void aResponseCutAnywhereNeverThrows() {
        String response = cliTurn(0).getResponseBody();
        for (int n = 0; n < response.length(); n += 17) {
            Transcript t = readSafely(cliTurn(0).setResponseBody(response.substring(0, n)));
            assertThat(t.problem()).as("cut at %d", n).isNotNull();
        }
        String array = text("gemini-json-array.response.json");
        for (int n = 1; n < array.length(); n += 31) {
            readSafely(cliTurn(0).setResponseBody(array.substring(0, n)));
        }
        String sseText = new String(sse("gemini-cli-turn-0").body(), StandardCharsets.UTF_8);
        for (int n = 1; n < sseText.length(); n += 89) {
            readSafely(cliTurn(0).setResponseBody(sseText.substring(0, n)));
        }
    }

    @Test
    void aCappedRequestNamesTheCap() {
        LlmCall call = cliTurn(3);
        call.setRequestBody(capped(call.getRequestBody(), 4096));
        Transcript t = reader.read(call);
        assertThat(t.problem()).startsWith("request body cut at the capture limit after 3072 bytes (");
        assertThat(t.messages().get(t.messages().size() - 1).fromResponse()).isTrue();
    }

    @Test
    void componentPublishesTheReaderUnderItsWireApi() throws Exception {
        String name = "/OSGI-INF/" + GeminiTranscriptReader.class.getName() + ".xml";
        String xml;
        try (InputStream in = GeminiTranscriptReader.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(xml).contains("<provide interface=\"org.egret.api.transcript.TranscriptReader\"/>")
                .contains("<property name=\"egret.wireapi.name\" type=\"String\" value=\"gemini-aistudio\"/>");
        assertThat(reader.wireApi()).isEqualTo(new GeminiDecoder().wireApi());
    }

    private Transcript readSafely(LlmCall call) {
        Transcript[] out = new Transcript[1];
        assertThatCode(() -> out[0] = reader.read(call)).doesNotThrowAnyException();
        assertThat(out[0].problem() == null || !out[0].problem().startsWith("transcript not read whole"))
                .as(out[0].problem()).isTrue();
        return out[0];
    }
}
