package org.egret.console.internal.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.egret.api.storage.SessionQuery;
import org.egret.api.storage.SortOrder;
import org.egret.api.storage.TimeRange;
import org.egret.api.storage.TurnQuery;
import org.egret.api.turn.TurnStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /api/agent-sessions}: sessions summed up from their turns, through the router. */
class SessionRoutesTest extends RouterTestBase {

    static final List<String> SESSION_FIELDS = List.of("first_turn_at", "last_turn_at", "turn_count", "call_count",
            "total_input_tokens", "total_output_tokens", "total_cache_read_input_tokens",
            "total_cache_creation_input_tokens", "total_cost_usd", "first_user_input_preview", "first_user_call_id",
            "complete_turns", "models_used", "last_turn_id");
    static final List<String> SESSION_TRACE_FIELDS = List.of("turn_id", "source_id", "session_id", "start_time",
            "end_time", "duration_ms", "wire_api", "agent_kind", "primary_model", "models_used", "call_count",
            "total_input_tokens", "total_output_tokens", "status", "final_finish_reason", "user_input",
            "final_answer", "tool_surfaces", "tool_call_total", "agent_topology", "suspicious_skills");

    private static final long S = 1_000_000;

    /**
     * Session "a": two stored turns and an open one; session "b": one stored turn starting the very microsecond "a"
     * starts, and one later; session "c": one turn, ended last.
     */
    @BeforeEach
    void store() {
        storage.turns.add(Fixtures.turn("a1", "a", Fixtures.T0).setCostUsd(0.5).setModels(List.of("m1"))
                .setCacheReadInputTokens(7).setCacheCreationInputTokens(3));
        storage.turns.add(Fixtures.turn("a2", "a", Fixtures.T0 + 10 * S).setStatus(TurnStatus.INCOMPLETE)
                .setModels(List.of("m2", "m1")).setCallCount(4).setInputTokens(100).setCostUsd(0.25));
        storage.turns.add(Fixtures.turn("b1", "b", Fixtures.T0).setAgentKind("opencode"));
        storage.turns.add(Fixtures.turn("b2", "b", Fixtures.T0 + 20 * S).setAgentKind("opencode"));
        storage.turns.add(Fixtures.turn("c1", "c", Fixtures.T0 + 30 * S).setSourceId("live:eth0")
                .setUserInput("x".repeat(700)));
        pipelines.add(FixedPipeline.running("p", List.of(Fixtures.openTurn("a3", "a", Fixtures.T0 + 40 * S))));
    }

    private static List<String> values(JsonNode items, String field) {
        List<String> out = new ArrayList<>();
        items.forEach(i -> out.add(i.get(field).asText()));
        return out;
    }

    private SessionQuery lastQuery() {
        return storage.sessionQueries.get(storage.sessionQueries.size() - 1);
    }

    @Test
    void theListHasHeronsFieldsAndTheLatestActivityFirst() {
        JsonNode d = data(get("/agent-sessions"));

        assertThat(SpanJsonTest.names(d)).containsExactly("total", "items", "next_cursor");
        assertThat(d.get("total").asLong()).isEqualTo(3);
        assertThat(values(d.get("items"), "session_id")).containsExactly("c", "b", "a");
        JsonNode a = d.get("items").get(2);
        assertThat(SpanJsonTest.names(a)).containsExactlyElementsOf(concat(
                List.of("source_id", "session_id", "agent_kind", "last_turn_at_in_window"), SESSION_FIELDS));
        assertThat(a.get("source_id").asText()).isEqualTo("capture");
        assertThat(a.get("agent_kind").asText()).isEqualTo("codex-cli");
        assertThat(a.get("first_turn_at").asLong()).isEqualTo(1_767_323_045_678L);
        assertThat(a.get("last_turn_at").asLong()).as("end of a2, the open a3 is not stored")
                .isEqualTo(1_767_323_056_678L);
        assertThat(a.get("turn_count").asInt()).isEqualTo(2);
        assertThat(a.get("complete_turns").asInt()).isEqualTo(1);
        assertThat(a.get("call_count").asLong()).isEqualTo(5);
        assertThat(a.get("total_input_tokens").asLong()).isEqualTo(110);
        assertThat(a.get("total_output_tokens").asLong()).isEqualTo(4);
        assertThat(a.get("total_cache_read_input_tokens").asLong()).isEqualTo(7);
        assertThat(a.get("total_cache_creation_input_tokens").asLong()).isEqualTo(3);
        assertThat(a.get("total_cost_usd").asDouble()).isEqualTo(0.75);
        assertThat(a.get("first_user_input_preview").asText()).isEqualTo("question a1");
        assertThat(a.get("models_used")).extracting(JsonNode::asText).containsExactly("m1", "m2");
        assertThat(a.get("last_turn_id").asText()).isEqualTo("a2");
        assertThat(a.get("last_turn_at_in_window").isNull()).isTrue();
        assertThat(a.get("first_user_call_id").isNull()).isTrue();
        assertThat(d.get("items").get(0).get("first_user_input_preview").asText()).hasSize(501).endsWith("…");
        assertThat(d.get("items").get(1).get("total_cost_usd").isNull()).as("b has no cost").isTrue();
        assertThat(d.get("next_cursor").isNull()).as("one page").isTrue();
    }

    @Test
    void everyParameterReachesTheSessionQuery() {
        data(get("/agent-sessions", "start=1700000000&end=1800000000&agent_kind=opencode,codex-cli"
                + "&source_id=capture&sort_by=turn_count&sort_order=asc&page=2&page_size=10"));

        SessionQuery q = lastQuery();
        assertThat(q.range()).isEqualTo(new TimeRange(1_700_000_000_000_000L, 1_800_000_000_000_000L));
        assertThat(q.agentKinds()).containsExactly("opencode", "codex-cli");
        assertThat(q.sourceIds()).containsExactly("capture");
        assertThat(q.sortBy()).isEqualTo("turn_count");
        assertThat(q.order()).isEqualTo(SortOrder.ASC);
        assertThat(q.offset()).isEqualTo(10);
        assertThat(q.limit()).isEqualTo(10);

        data(get("/agent-sessions"));
        assertThat(lastQuery().sortBy()).isEqualTo("end_time");
        assertThat(lastQuery().order()).isEqualTo(SortOrder.DESC);
        assertThat(lastQuery().range().isAll()).isTrue();
    }

    @Test
    void followingNextCursorWalksTheWholeList() {
        List<String> walked = new ArrayList<>();
        String query = "page_size=2";
        for (int pages = 0; query != null; pages++) {
            assertThat(pages).as("ends").isLessThan(5);
            JsonNode d = data(get("/agent-sessions", query));
            walked.addAll(values(d.get("items"), "session_id"));
            JsonNode next = d.get("next_cursor");
            query = next.isNull() ? null : "page_size=2&cursor=" + next.asText();
        }
        assertThat(walked).containsExactly("c", "b", "a");
        assertThat(data(get("/agent-sessions", "page_size=2&page=2")).get("items").get(0).get("session_id")
                .asText()).as("page works as well").isEqualTo("a");
    }

    @Test
    void aCursorThisApiDidNotReturnIsRefused() {
        for (String cursor : List.of("zz", "00", "706167653a30", "706167653a78")) {
            JsonNode env = get("/agent-sessions", "cursor=" + cursor);
            assertError(env, 400, 1001);
            assertThat(env.get("message").asText()).as(cursor).startsWith("cursor: '" + cursor + "' is not a");
        }
        JsonNode both = get("/agent-sessions", "cursor=706167653a32&page=1");
        assertError(both, 400, 1001);
        assertThat(both.get("message").asText()).isEqualTo("cursor: conflicts with page; pass one of them");
    }

    @Test
    void theDetailIsTheSessionWithItsTurnsOldestFirstOpenOnesLast() {
        JsonNode d = data(get("/agent-sessions/a"));

        assertThat(SpanJsonTest.names(d)).containsExactlyElementsOf(concat(concat(
                List.of("source_id", "session_id", "agent_kind"), SESSION_FIELDS),
                List.of("first_user_input", "turns_total", "turns")));
        assertThat(d.get("session_id").asText()).isEqualTo("a");
        assertThat(d.get("turn_count").asInt()).isEqualTo(2);
        assertThat(d.get("first_user_input").asText()).isEqualTo("question a1");
        assertThat(d.get("turns_total").asLong()).isEqualTo(3);
        assertThat(values(d.get("turns"), "turn_id")).containsExactly("a1", "a2", "a3");
        assertThat(values(d.get("turns"), "status")).containsExactly("complete", "incomplete", "in_progress");
        JsonNode turn = d.get("turns").get(0);
        assertThat(SpanJsonTest.names(turn)).containsExactlyElementsOf(concat(SESSION_TRACE_FIELDS,
                TraceRoutesTest.LIST_EXTRAS));
        assertThat(turn.get("user_input").asText()).isEqualTo("question a1");
        assertThat(turn.get("final_answer").asText()).isEqualTo("answer a1");
    }

    @Test
    void theDetailTellsASessionFromAnotherStartingTheSameMicrosecond() {
        assertThat(data(get("/agent-sessions/b")).get("agent_kind").asText()).isEqualTo("opencode");
        assertThat(data(get("/agent-sessions/a")).get("agent_kind").asText()).isEqualTo("codex-cli");
        // the lookup went by the first turn's start: both sessions were candidates
        assertThat(lastQuery().range()).isEqualTo(new TimeRange(Fixtures.T0, Fixtures.T0 + 1));
    }

    @Test
    void aSessionWithoutStoredTurnsIsNotFound() {
        pipelines.add(FixedPipeline.running("q", List.of(Fixtures.openTurn("d1", "d", Fixtures.T0))));

        assertError(get("/agent-sessions/d"), 404, 2001);
        // its open turn is still listed among the session's traces
        assertThat(values(data(get("/agent-sessions/d/traces")).get("items"), "turn_id")).containsExactly("d1");
    }

    @Test
    void aSessionsTracesAreItsTurnsNewestFirstWithTheTraceFilters() {
        JsonNode d = data(get("/agent-sessions/a/traces"));

        assertThat(SpanJsonTest.names(d)).containsExactly("total", "items", "next_cursor");
        assertThat(d.get("total").asLong()).isEqualTo(3);
        assertThat(values(d.get("items"), "turn_id")).containsExactly("a3", "a2", "a1");
        assertThat(SpanJsonTest.names(d.get("items").get(0))).doesNotContain("client_ip", "server_ip",
                "proxy_role");

        assertThat(values(data(get("/agent-sessions/a/traces", "status=complete")).get("items"), "turn_id"))
                .containsExactly("a1");
        TurnQuery q = storage.turnQueries.get(storage.turnQueries.size() - 1);
        assertThat(q.sessionIds()).containsExactly("a");
        assertThat(values(data(get("/agent-sessions/a/traces", "session_id=b")).get("items"), "turn_id"))
                .as("the path names the session").containsExactly("a3", "a2", "a1");
        assertThat(data(get("/agent-sessions/nobody/traces")).get("total").asLong()).isZero();
    }

    @Test
    void aSessionsTracesPageByCursor() {
        JsonNode first = data(get("/agent-sessions/a/traces", "page_size=2"));
        assertThat(values(first.get("items"), "turn_id")).containsExactly("a3", "a2");

        JsonNode second = data(get("/agent-sessions/a/traces", "page_size=2&cursor="
                + first.get("next_cursor").asText()));

        assertThat(values(second.get("items"), "turn_id")).containsExactly("a1");
        assertThat(second.get("next_cursor").isNull()).isTrue();
    }
}
