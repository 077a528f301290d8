package org.egret.console.internal.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.egret.api.decode.LlmCall;
import org.egret.api.transcript.Transcript;
import org.egret.api.transcript.TranscriptReader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /api/spans/{id}/transcript} through the router, with a real OpenAI chat reader bound. */
class TranscriptRouteTest extends RouterTestBase {

    static final Map<String, Object> CHAT = Map.of(TranscriptReader.WIRE_API_PROPERTY, "openai-chat",
            "service.id", 7L);

    @BeforeEach
    void bindReader() {
        readers.add(new ChatTranscriptReader(), CHAT);
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void readsTheStoredBodiesAsOneConversation() {
        storage.calls.add(Conversations.firstTurnCall("c1", Fixtures.T0));

        JsonNode d = data(get("/spans/c1/transcript"));

        assertThat(names(d)).containsExactly("call_id", "wire_api", "partial", "partial_reason", "problem",
                "messages", "tools", "tool_results");
        assertThat(d.get("call_id").asText()).isEqualTo("c1");
        assertThat(d.get("wire_api").asText()).isEqualTo("openai-chat");
        assertThat(d.get("problem").isNull()).isTrue();
        assertThat(d.get("partial").asBoolean()).isFalse();
        JsonNode m = d.get("messages");
        assertThat(m).hasSize(5);
        assertThat(names(m.get(0))).containsExactly("role", "content", "reasoning", "tool_calls", "tool_call_id",
                "name", "error", "from_response", "omitted");
        List<String> roles = new ArrayList<>();
        m.forEach(x -> roles.add(x.get("role").asText()));
        assertThat(roles).containsExactly("system", "user", "assistant", "tool", "assistant");
        JsonNode call = m.get(2).get("tool_calls").get(0);
        assertThat(call.get("id").asText()).isEqualTo("call_a");
        assertThat(call.get("name").asText()).isEqualTo("get_weather");
        assertThat(call.get("arguments").isObject()).as("arguments embedded as JSON, not a string").isTrue();
        assertThat(call.get("arguments").get("city").asText()).isEqualTo("Paris");
        assertThat(m.get(3).get("tool_call_id").asText()).isEqualTo("call_a");
        assertThat(m.get(4).get("from_response").asBoolean()).isTrue();
        assertThat(m.get(3).get("from_response").asBoolean()).isFalse();
        assertThat(m.get(4).get("reasoning").asText()).isEqualTo("The tool said 18C.");
        JsonNode tool = d.get("tools").get(0);
        assertThat(tool.get("name").asText()).isEqualTo("get_weather");
        assertThat(tool.get("description").asText()).isEqualTo("Current weather");
        assertThat(tool.get("parameters").get("required").get(0).asText()).isEqualTo("city");
        JsonNode link = d.get("tool_results").get(0);
        assertThat(names(link)).containsExactly("tool_call_id", "message_index", "error");
        assertThat(link.get("tool_call_id").asText()).isEqualTo("call_a");
        assertThat(link.get("message_index").asInt()).isEqualTo(3);
        assertThat(link.get("error").asBoolean()).isFalse();
    }

    @Test
    void toolResultsPairEveryCallWithItsResultOrNone() {
        String ask = "{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"t1\",\"function\":{\"name\":\"a\","
                + "\"arguments\":\"{}\"}},{\"id\":\"t2\",\"function\":{\"name\":\"b\",\"arguments\":\"not json\"}}]}";
        String failed = "{\"role\":\"tool\",\"tool_call_id\":\"t2\",\"content\":\"boom\",\"is_error\":true}";
        String orphan = "{\"role\":\"tool\",\"tool_call_id\":\"t0\",\"content\":\"late\"}";
        storage.calls.add(Conversations.call("c1", Fixtures.T0, Conversations.request(orphan, ask, failed),
                Conversations.response(Conversations.ANSWER_1)));

        JsonNode d = data(get("/spans/c1/transcript"));

        JsonNode links = d.get("tool_results");
        assertThat(links).hasSize(3);
        assertThat(links.get(0).get("tool_call_id").asText()).isEqualTo("t1");
        assertThat(links.get(0).get("message_index").isNull()).as("no result came back").isTrue();
        assertThat(links.get(1).get("tool_call_id").asText()).isEqualTo("t2");
        assertThat(links.get(1).get("message_index").asInt()).isEqualTo(2);
        assertThat(links.get(1).get("error").asBoolean()).isTrue();
        assertThat(links.get(2).get("tool_call_id").asText()).as("a result whose call is not in this history")
                .isEqualTo("t0");
        assertThat(links.get(2).get("message_index").asInt()).isZero();
        JsonNode unparsed = d.get("messages").get(1).get("tool_calls").get(1).get("arguments");
        assertThat(unparsed.isTextual()).as("arguments that are not JSON stay the string sent").isTrue();
        assertThat(unparsed.asText()).isEqualTo("not json");
    }

    @Test
    void aPartialCallSaysWhyAndWhatIsMissing() {
        storage.calls.add(Conversations.call("c1", Fixtures.T0, Conversations.request(Conversations.USER_1),
                "{\"choices\":[{\"message\":{\"role\":\"assis").setPartial(true)
                .setPartialReason("response body cut at the capture limit"));

        JsonNode d = data(get("/spans/c1/transcript"));

        assertThat(d.get("partial").asBoolean()).isTrue();
        assertThat(d.get("partial_reason").asText()).isEqualTo("response body cut at the capture limit");
        assertThat(d.get("problem").asText()).isEqualTo("response body has no message");
        assertThat(d.get("messages")).as("what could be read is kept").hasSize(1);
    }

    @Test
    void aWireApiWithoutReaderIsA200WithAProblem() {
        storage.calls.add(Conversations.call("c1", Fixtures.T0, "{}", "{}").setWireApi("anthropic"));

        JsonNode d = data(get("/spans/c1/transcript"));

        assertThat(d.get("wire_api").asText()).isEqualTo("anthropic");
        assertThat(d.get("problem").asText()).isEqualTo("no transcript reader is installed for wire API 'anthropic'");
        assertThat(d.get("messages")).isEmpty();
        assertThat(d.get("tools")).isEmpty();
        assertThat(d.get("tool_results")).isEmpty();
    }

    @Test
    void aFailingReaderIsAProblemNotA500() {
        readers.add(new TranscriptReader() {
            @Override
            public String wireApi() {
                return "gemini";
            }

            @Override
            public Transcript read(LlmCall call) {
                throw new IllegalStateException("reader bug");
            }
        }, Map.of(TranscriptReader.WIRE_API_PROPERTY, "gemini"));
        storage.calls.add(Conversations.call("c1", Fixtures.T0, "{}", "{}").setWireApi("gemini"));

        JsonNode d = data(get("/spans/c1/transcript"));

        assertThat(d.get("problem").asText()).isEqualTo("the transcript reader for wire API 'gemini' failed");
    }

    @Test
    void anUnknownCallIs404AndNoStorageIs503() {
        assertError(get("/spans/nope/transcript"), 404, ApiException.NOT_FOUND);
        assertError(get("/spans/nope/other"), 404, ApiException.NOT_FOUND);
        bound = null;
        assertError(get("/spans/c1/transcript"), 503, ApiException.STORAGE_UNAVAILABLE);
    }

    @Test
    void theHighestRankedReaderWinsAndAnUnboundOneIsForgotten() {
        TranscriptReader low = new ChatTranscriptReader();
        TranscriptReader high = new ChatTranscriptReader();
        TranscriptReaders r = new TranscriptReaders();
        r.add(low, Map.of(TranscriptReader.WIRE_API_PROPERTY, "openai-chat", "service.id", 1L));
        r.add(high, Map.of(TranscriptReader.WIRE_API_PROPERTY, "openai-chat", "service.id", 2L,
                "service.ranking", 10));
        r.add(new ChatTranscriptReader(), Map.of());

        assertThat(r.find("openai-chat")).containsSame(high);
        r.remove(high);
        assertThat(r.find("openai-chat")).containsSame(low);
        r.remove(low);
        assertThat(r.find("openai-chat")).isEmpty();
    }
}
