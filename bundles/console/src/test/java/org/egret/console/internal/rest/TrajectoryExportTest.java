package org.egret.console.internal.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.egret.api.turn.AgentTurn;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /api/export/trajectory} and {@code /api/export/trajectories}: the NDJSON produced, parsed back line by
 * line, with a real OpenAI chat reader.
 */
class TrajectoryExportTest extends RouterTestBase {

    private static final long S = 1_000_000;

    @BeforeEach
    void bindReader() {
        readers.add(new ChatTranscriptReader(), TranscriptRouteTest.CHAT);
    }

    /** Two turns of session s1; the second's terminal call repeats the first turn whole. */
    private void storeSession() {
        storage.calls.add(Conversations.firstTurnCall("c1", Fixtures.T0));
        storage.calls.add(Conversations.secondTurnCall("c2", Fixtures.T0 + 10 * S));
        storage.turns.add(Conversations.turn("t1", "s1", Fixtures.T0, "c1", List.of("c1")));
        storage.turns.add(Conversations.turn("t2", "s1", Fixtures.T0 + 10 * S, "c2", List.of("c2")));
    }

    private static List<JsonNode> lines(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        assertThat(text).endsWith("\n");
        List<JsonNode> lines = new ArrayList<>();
        for (String line : text.split("\n")) {
            lines.add(Fixtures.json(line));
        }
        return lines;
    }

    private static List<String> roles(JsonNode line) {
        List<String> roles = new ArrayList<>();
        line.get("messages").forEach(m -> roles.add(m.get("role").asText()));
        return roles;
    }

    @Test
    void aTurnIsOneOpenAiStyleLineFromItsTerminalCall() {
        storeSession();

        List<JsonNode> lines = lines(download("/export/trajectory", "scope=turn&turn_id=t1"));

        assertThat(last.streamed().contentType()).isEqualTo("application/x-ndjson");
        assertThat(last.headers()).containsEntry("Content-Disposition", "attachment; filename=\"trajectory-t1.jsonl\"")
                .containsEntry("x-export-total", "1").containsEntry("x-export-written", "1")
                .containsEntry("x-export-skipped", "0");
        assertThat(lines).hasSize(1);
        JsonNode line = lines.get(0);
        assertThat(SpanJsonTest.names(line)).containsExactly("messages", "tools", "_meta");
        assertThat(roles(line)).containsExactly("system", "user", "assistant", "tool", "assistant");
        JsonNode m = line.get("messages");
        assertThat(m.get(1).get("content").asText()).isEqualTo("Weather in Paris?");
        JsonNode call = m.get(2).get("tool_calls").get(0);
        assertThat(SpanJsonTest.names(call)).containsExactly("id", "type", "function");
        assertThat(call.get("type").asText()).isEqualTo("function");
        assertThat(call.get("function").get("name").asText()).isEqualTo("get_weather");
        assertThat(call.get("function").get("arguments").isObject()).isTrue();
        assertThat(call.get("function").get("arguments").get("city").asText()).isEqualTo("Paris");
        assertThat(m.get(2).has("content")).as("absent fields are left out").isFalse();
        assertThat(SpanJsonTest.names(m.get(3))).containsExactly("role", "content", "tool_call_id");
        assertThat(m.get(3).get("tool_call_id").asText()).isEqualTo("call_a");
        assertThat(m.get(3).get("content").asText()).isEqualTo("18C");
        assertThat(m.get(4).get("content").asText()).isEqualTo("It is 18C.");
        assertThat(m.get(4).get("reasoning_content").asText()).isEqualTo("The tool said 18C.");
        JsonNode tool = line.get("tools").get(0);
        assertThat(tool.get("type").asText()).isEqualTo("function");
        assertThat(tool.get("function").get("name").asText()).isEqualTo("get_weather");
        assertThat(tool.get("function").get("description").asText()).isEqualTo("Current weather");
        assertThat(tool.get("function").get("parameters").get("type").asText()).isEqualTo("object");
        JsonNode meta = line.get("_meta");
        assertThat(SpanJsonTest.names(meta)).containsExactly("source", "scope", "source_id", "session_id",
                "turn_id", "terminal_call_id", "wire_api", "agent_kind", "model", "final_finish_reason",
                "total_input_tokens", "total_output_tokens", "captured_at_ms");
        assertThat(meta.get("source").asText()).isEqualTo("egret");
        assertThat(meta.get("scope").asText()).isEqualTo("turn");
        assertThat(meta.get("session_id").asText()).isEqualTo("s1");
        assertThat(meta.get("turn_id").asText()).isEqualTo("t1");
        assertThat(meta.get("terminal_call_id").asText()).isEqualTo("c1");
        assertThat(meta.get("wire_api").asText()).isEqualTo("openai-chat");
        assertThat(meta.get("agent_kind").asText()).isEqualTo("opencode");
        assertThat(meta.get("model").asText()).isEqualTo("gpt-4o-2024-08-06");
        assertThat(meta.get("final_finish_reason").asText()).isEqualTo("stop");
        assertThat(meta.get("total_input_tokens").asLong()).isEqualTo(10);
        assertThat(meta.get("captured_at_ms").asLong()).isEqualTo(Fixtures.T0 / 1000);
    }

    @Test
    void argumentsThatAreNoJsonObjectAreKeptRawAndFlagged() {
        String ask = "{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"t1\",\"function\":{\"name\":\"sh\","
                + "\"arguments\":\"{\\\"cmd\\\": \\\"ls\"}},{\"id\":\"t2\",\"function\":{\"name\":\"sh\","
                + "\"arguments\":\"\"}}]}";
        storage.calls.add(Conversations.call("c1", Fixtures.T0, Conversations.request(Conversations.USER_1, ask),
                Conversations.response(Conversations.ANSWER_1)));
        storage.turns.add(Conversations.turn("t1", "s1", Fixtures.T0, "c1", List.of("c1")));

        JsonNode line = lines(download("/export/trajectory", "scope=turn&turn_id=t1")).get(0);

        JsonNode calls = line.get("messages").get(1).get("tool_calls");
        assertThat(calls.get(0).get("function").get("arguments").get("_raw").asText()).isEqualTo("{\"cmd\": \"ls");
        assertThat(calls.get(1).get("function").get("arguments").isObject()).isTrue();
        assertThat(calls.get(1).get("function").get("arguments")).as("no arguments sent: {}").isEmpty();
        assertThat(line.get("_meta").get("arguments_unparsed").asBoolean()).isTrue();
    }

    @Test
    void aTurnWithoutFinalCallUsesItsLastAnsweredCall() {
        storage.calls.add(Conversations.firstTurnCall("c1", Fixtures.T0));
        storage.calls.add(Conversations.call("c2", Fixtures.T0 + S, "{}", null).setStatusCode(0));
        storage.turns.add(Conversations.turn("t1", "s1", Fixtures.T0, null, List.of("c1", "c2")));

        JsonNode line = lines(download("/export/trajectory", "scope=turn&turn_id=t1")).get(0);

        assertThat(line.get("_meta").get("terminal_call_id").asText()).isEqualTo("c1");
    }

    @Test
    void aSessionIsOneLineOfTheLastTurnsHistoryWhenItHoldsTheEarlierTurns() {
        storeSession();

        List<JsonNode> lines = lines(download("/export/trajectory", "scope=session&session_id=s1"));

        assertThat(lines).hasSize(1);
        JsonNode line = lines.get(0);
        assertThat(roles(line)).containsExactly("system", "user", "assistant", "tool", "assistant", "user",
                "assistant");
        assertThat(line.get("messages").get(6).get("content").asText()).isEqualTo("Rain.");
        JsonNode meta = line.get("_meta");
        assertThat(meta.get("scope").asText()).isEqualTo("session");
        assertThat(meta.get("turn_id").asText()).isEqualTo("t2");
        assertThat(meta.get("turn_ids").toString()).isEqualTo("[\"t1\",\"t2\"]");
        assertThat(meta.get("terminal_call_id").asText()).isEqualTo("c2");
        assertThat(meta.get("total_input_tokens").asLong()).as("summed over the turns").isEqualTo(20);
        assertThat(meta.get("captured_at_ms").asLong()).as("the first turn's start").isEqualTo(Fixtures.T0 / 1000);
        assertThat(last.headers()).containsEntry("Content-Disposition",
                "attachment; filename=\"trajectory-session-s1.jsonl\"").containsEntry("x-export-total", "2")
                .containsEntry("x-export-written", "2").containsEntry("x-export-skipped", "0");
    }

    @Test
    void aSessionWhoseHistoriesDivergeIsConcatenatedAndSkippedTurnsAreCounted() {
        storeSession();
        // a third turn that starts afresh (the agent compacted its history), and a fourth whose call is gone
        storage.calls.add(Conversations.call("c3", Fixtures.T0 + 20 * S,
                Conversations.request("{\"role\":\"user\",\"content\":\"Summary: weather.\"}"),
                Conversations.response("{\"role\":\"assistant\",\"content\":\"Noted.\"}")));
        storage.turns.add(Conversations.turn("t3", "s1", Fixtures.T0 + 20 * S, "c3", List.of("c3")));
        storage.turns.add(Conversations.turn("t4", "s1", Fixtures.T0 + 30 * S, "gone", List.of("gone")));

        JsonNode line = lines(download("/export/trajectory", "scope=session&session_id=s1")).get(0);

        assertThat(roles(line)).containsExactly("system", "user", "assistant", "tool", "assistant", "user",
                "assistant", "user", "assistant");
        assertThat(line.get("messages").get(8).get("content").asText()).isEqualTo("Noted.");
        assertThat(line.get("tools")).as("the union by name").hasSize(1);
        assertThat(last.headers()).containsEntry("x-export-total", "4").containsEntry("x-export-written", "3")
                .containsEntry("x-export-skipped", "1")
                .containsEntry("x-export-skip-reasons", "t4:terminal_call_not_stored");
    }

    @Test
    void badTrajectoryRequestsAre400And404() {
        storeSession();
        storage.calls.add(Conversations.call("c9", Fixtures.T0, "{}", "{}").setWireApi("anthropic"));
        storage.turns.add(Conversations.turn("t9", "s9", Fixtures.T0, "c9", List.of("c9")));

        assertError(get("/export/trajectory"), 400, ApiException.INVALID_PARAMETER);
        assertThat(last.message()).isEqualTo("scope: required, one of turn, session");
        assertError(get("/export/trajectory", "scope=call"), 400, ApiException.INVALID_PARAMETER);
        assertThat(last.message()).isEqualTo("scope: 'call' is not one of turn, session");
        assertError(get("/export/trajectory", "scope=turn"), 400, ApiException.INVALID_PARAMETER);
        assertThat(last.message()).isEqualTo("turn_id: required with scope=turn");
        assertError(get("/export/trajectory", "scope=session&turn_id=t1"), 400, ApiException.INVALID_PARAMETER);
        assertThat(last.message()).isEqualTo("session_id: required with scope=session");
        assertError(get("/export/trajectory", "scope=turn&turn_id=nope"), 404, ApiException.NOT_FOUND);
        assertError(get("/export/trajectory", "scope=session&session_id=nope"), 404, ApiException.NOT_FOUND);
        assertError(get("/export/trajectory", "scope=turn&turn_id=t9"), 400, ApiException.INVALID_PARAMETER);
        assertThat(last.message()).isEqualTo("turn_id: turn t9 cannot be exported: no transcript reader is "
                + "installed for wire API 'anthropic' of its terminal call");
        assertError(get("/export/trajectory", "scope=session&session_id=s9"), 400, ApiException.INVALID_PARAMETER);
        assertThat(last.message()).startsWith("session_id: session s9 cannot be exported: none of its 1 turns");
        bound = null;
        assertError(get("/export/trajectory", "scope=turn&turn_id=t1"), 503, ApiException.STORAGE_UNAVAILABLE);
    }

    @Test
    void theBatchIsOneLinePerTurnWithCountsAndReasons() {
        storeSession();
        AgentTurn noCalls = Conversations.turn("t0", "s2", Fixtures.T0 - 10 * S, null, List.of());
        storage.turns.add(noCalls);
        storage.calls.add(Conversations.call("c5", Fixtures.T0 + 40 * S, Conversations.request(
                Conversations.USER_1), "{\"choices\":[]}"));
        storage.turns.add(Conversations.turn("t5", "s3", Fixtures.T0 + 40 * S, "c5", List.of("c5")));

        List<JsonNode> lines = lines(download("/export/trajectories", null));

        assertThat(last.headers()).containsEntry("Content-Disposition", "attachment; filename=\"trajectories.jsonl\"")
                .containsEntry("x-export-total", "4").containsEntry("x-export-written", "2")
                .containsEntry("x-export-skipped", "2").containsEntry("x-export-matched", "4")
                .containsEntry("x-export-skip-reasons", "t5:transcript_incomplete,t0:no_terminal_call");
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).get("_meta").get("turn_id").asText()).as("newest first, as /api/traces")
                .isEqualTo("t2");
        assertThat(lines.get(1).get("_meta").get("turn_id").asText()).isEqualTo("t1");
        assertThat(lines.get(1).get("_meta").get("scope").asText()).isEqualTo("turn");
    }

    @Test
    void theBatchTakesTheTraceFiltersAndALimit() {
        storeSession();
        storage.turns.add(Conversations.turn("t7", "s7", Fixtures.T0 + 50 * S, "c1", List.of("c1"))
                .setAgentKind("claude-cli"));

        List<JsonNode> lines = lines(download("/export/trajectories", "agent_kind=opencode&sort_order=asc&limit=1"));

        assertThat(lines).hasSize(1);
        assertThat(lines.get(0).get("_meta").get("turn_id").asText()).isEqualTo("t1");
        assertThat(last.headers()).containsEntry("x-export-total", "1").containsEntry("x-export-matched", "2");
        assertThat(storage.turnQueries.get(storage.turnQueries.size() - 1).agentKinds()).containsExactly("opencode");

        assertThat(lines(download("/export/trajectories", "limit=2000"))).hasSize(3);
        for (String bad : List.of("limit=0", "limit=2001", "limit=abc", "status=bogus", "server_port=80",
                "start=abc")) {
            assertError(get("/export/trajectories", bad), 400, ApiException.INVALID_PARAMETER);
        }
        assertThat(get("/export/trajectories", "limit=2001").get("message").asText())
                .isEqualTo("limit: '2001' is not a row count from 1 to 2000");
    }

    @Test
    void manyTurnsArePagedThroughStorage() {
        for (int i = 0; i < 450; i++) {
            String id = String.format("t%03d", i);
            storage.turns.add(Conversations.turn(id, "s", Fixtures.T0 + i * S, "c1", List.of("c1")));
        }
        storage.calls.add(Conversations.firstTurnCall("c1", Fixtures.T0));

        List<JsonNode> lines = lines(download("/export/trajectories", "limit=420"));

        assertThat(lines).hasSize(420);
        assertThat(last.headers()).containsEntry("x-export-total", "420").containsEntry("x-export-matched", "450");
        assertThat(storage.turnQueries).as("pages of at most 200").allMatch(q -> q.limit() <= 200);
    }
}
