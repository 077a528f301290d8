package org.egret.console.internal.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.egret.api.packet.SourceProgress;
import org.egret.api.pipeline.PipelineState;
import org.egret.api.pipeline.PipelineStatus;
import org.egret.api.storage.SortOrder;
import org.egret.api.storage.TimeRange;
import org.egret.api.storage.TurnQuery;
import org.egret.api.turn.AgentTurn;
import org.egret.api.turn.TurnStatus;
import org.junit.jupiter.api.Test;

/** {@code /api/traces}: stored turns and the pipelines' open ones, through the router. */
class TraceRoutesTest extends RouterTestBase {

    static final List<String> HERON_LIST_FIELDS = List.of("turn_id", "source_id", "session_id", "start_time",
            "end_time", "duration_ms", "wire_api", "agent_kind", "client_ip", "server_ip", "primary_model",
            "models_used", "call_count", "total_input_tokens", "total_output_tokens", "status", "final_finish_reason",
            "user_input_preview", "final_answer_preview");
    static final List<String> PROXY_FIELDS = List.of("proxy_role", "proxy_peer_turn_id", "proxy_peer_turn_ids");
    static final List<String> CLASSIFICATION_FIELDS = List.of("tool_surfaces", "tool_call_total", "agent_topology",
            "suspicious_skills");
    static final List<String> OUTCOME_FIELDS = List.of("pipeline", "end_reason", "error_calls", "tool_call_count",
            "tool_result_count", "tool_error_count", "tool_success_rate", "plan_loop", "no_submit",
            "model_substituted");
    static final List<String> LIST_EXTRAS = concat(List.of("total_cost_usd", "subagents_used"), OUTCOME_FIELDS);
    static final List<String> HERON_DETAIL_FIELDS = List.of("turn_id", "source_id", "session_id", "wire_api",
            "agent_kind", "client_ip", "server_ip", "start_time", "end_time", "duration_ms", "call_count",
            "models_used", "subagents_used", "total_input_tokens", "total_output_tokens",
            "total_cache_read_input_tokens", "total_cache_creation_input_tokens", "total_cost_usd", "status",
            "final_finish_reason", "user_call_id", "user_input", "final_call_id", "final_answer", "span_ids",
            "metadata", "tool_surfaces", "tool_call_total", "agent_topology", "suspicious_skills");
    static final List<String> DETAIL_EXTRAS = concat(List.of("primary_model", "total_reasoning_tokens"),
            concat(OUTCOME_FIELDS, List.of("tools")));

    private static final String FULL = Fixtures.fullTurn().getTurnId();
    private static final long S = 1_000_000;

    private static List<String> ids(JsonNode list) {
        List<String> ids = new ArrayList<>();
        list.get("items").forEach(i -> ids.add(i.get("turn_id").asText()));
        return ids;
    }

    private TurnQuery lastQuery() {
        return storage.turnQueries.get(storage.turnQueries.size() - 1);
    }

    @Test
    void aListItemHasHeronsFieldsThenEgrets() {
        storage.turns.add(Fixtures.fullTurn());

        JsonNode d = data(get("/traces"));

        assertThat(d.get("total").asLong()).isEqualTo(1);
        JsonNode item = d.get("items").get(0);
        assertThat(SpanJsonTest.names(item)).containsExactlyElementsOf(
                concat(concat(HERON_LIST_FIELDS, PROXY_FIELDS), concat(CLASSIFICATION_FIELDS, LIST_EXTRAS)));
        assertThat(item.get("turn_id").asText()).isEqualTo(FULL);
        assertThat(item.get("session_id").asText()).isEqualTo("sess-1");
        assertThat(item.get("agent_kind").asText()).isEqualTo("claude-cli");
        assertThat(item.get("start_time").asLong()).isEqualTo(1_767_323_045_678L);
        assertThat(item.get("end_time").asLong()).isEqualTo(1_767_323_050_929L);
        assertThat(item.get("duration_ms").isIntegralNumber()).isTrue();
        assertThat(item.get("duration_ms").asLong()).isEqualTo(5250);
        assertThat(item.get("primary_model").asText()).isEqualTo("claude-sonnet-4-5");
        assertThat(item.get("models_used")).extracting(JsonNode::asText)
                .containsExactly("claude-sonnet-4-5", "claude-haiku-4-5");
        assertThat(item.get("call_count").asInt()).isEqualTo(2);
        assertThat(item.get("total_input_tokens").asLong()).isEqualTo(1200);
        assertThat(item.get("total_output_tokens").asLong()).isEqualTo(300);
        assertThat(item.get("status").asText()).isEqualTo("complete");
        assertThat(item.get("final_finish_reason").asText()).isEqualTo("end_turn");
        assertThat(item.get("user_input_preview").asText()).isEqualTo("Why does <script>alert(1)</script> run?");
        assertThat(item.get("proxy_role").asText()).isEqualTo("proxy_in");
        assertThat(item.get("proxy_peer_turn_ids")).extracting(JsonNode::asText)
                .containsExactly("0195f3a2-0000-7000-9000-00000000t002");
        assertThat(item.get("tool_call_total").asInt()).isEqualTo(2);
        assertThat(item.get("total_cost_usd").asDouble()).isEqualTo(0.0123);
        assertThat(item.get("subagents_used")).extracting(JsonNode::asText).containsExactly("task");
        assertThat(item.get("end_reason").asText()).isEqualTo("terminal");
        assertThat(item.get("error_calls").asInt()).isEqualTo(1);
        assertThat(item.get("tool_result_count").asInt()).isEqualTo(1);
        assertThat(item.get("tool_error_count").asInt()).isEqualTo(1);
        assertThat(item.get("tool_success_rate").isNumber()).as("one result, which failed").isTrue();
        assertThat(item.get("tool_success_rate").asDouble()).isZero();
        assertThat(SpanJsonTest.names(item.get("plan_loop"))).containsExactly("tool", "arguments", "repeats");
        assertThat(item.get("plan_loop").get("repeats").asInt()).isEqualTo(3);
        assertThat(item.get("plan_loop").get("arguments").asText()).isEqualTo("{\"cmd\":\"ls\"}");
        assertThat(item.get("no_submit").asBoolean()).isTrue();
        assertThat(item.get("model_substituted").asBoolean()).isTrue();
        assertThat(item.get("pipeline").asText()).isEqualTo("local");
    }

    @Test
    void aTurnWithoutProxyLoopOrResultsHasNoProxyFieldsAndNulls() {
        storage.turns.add(Fixtures.turn("t1", "s", Fixtures.T0));

        JsonNode item = data(get("/traces")).get("items").get(0);

        assertThat(SpanJsonTest.names(item)).containsExactlyElementsOf(
                concat(HERON_LIST_FIELDS, concat(CLASSIFICATION_FIELDS, LIST_EXTRAS)));
        assertThat(item.get("plan_loop").isNull()).isTrue();
        assertThat(item.get("tool_success_rate").isNull()).as("no result came back").isTrue();
        assertThat(item.get("total_cost_usd").isNull()).isTrue();
        assertThat(item.get("final_finish_reason").isNull()).isTrue();
    }

    @Test
    void previewsAreCutAtHeronsLengthWithAnEllipsis() {
        storage.turns.add(Fixtures.turn("t1", "s", Fixtures.T0).setUserInput("é".repeat(600))
                .setFinalAnswer("a".repeat(TraceJson.PREVIEW_CHARS)));

        JsonNode item = data(get("/traces")).get("items").get(0);

        assertThat(item.get("user_input_preview").asText()).isEqualTo("é".repeat(500) + "…");
        assertThat(item.get("final_answer_preview").asText()).as("not cut").isEqualTo("a".repeat(500));
        JsonNode d = data(get("/traces/t1"));
        assertThat(d.get("user_input").asText()).as("the detail is whole").hasSize(600);
    }

    @Test
    void theDetailIsTheWholeTurnWithItsToolsAndProxyMetadata() {
        storage.turns.add(Fixtures.fullTurn());

        JsonNode d = data(get("/traces/" + FULL));

        assertThat(SpanJsonTest.names(d)).containsExactlyElementsOf(concat(HERON_DETAIL_FIELDS, DETAIL_EXTRAS));
        assertThat(d.get("user_input").asText()).isEqualTo("Why does <script>alert(1)</script> run?");
        assertThat(d.get("final_answer").asText()).isEqualTo("Because it is not escaped & rendered as HTML.");
        assertThat(d.get("user_call_id").asText()).isEqualTo("0195f3a2-0000-7000-8000-000000000001");
        assertThat(d.get("final_call_id").asText()).isEqualTo("c2");
        assertThat(d.get("span_ids")).extracting(JsonNode::asText)
                .containsExactly("0195f3a2-0000-7000-8000-000000000001", "c2");
        assertThat(d.get("total_cache_read_input_tokens").asLong()).isEqualTo(640);
        assertThat(d.get("total_cache_creation_input_tokens").asLong()).isEqualTo(80);
        assertThat(d.get("total_reasoning_tokens").asLong()).isEqualTo(50);
        assertThat(d.get("total_cost_usd").asDouble()).isEqualTo(0.0123);
        JsonNode proxy = d.get("metadata").get("proxy");
        assertThat(SpanJsonTest.names(proxy)).containsExactly("role", "peer_turn_id", "peer_turn_ids");
        assertThat(proxy.get("role").asText()).isEqualTo("proxy_in");
        assertThat(proxy.get("peer_turn_id").asText()).isEqualTo("0195f3a2-0000-7000-9000-00000000t002");
        JsonNode tools = d.get("tools");
        assertThat(tools).hasSize(2);
        assertThat(SpanJsonTest.names(tools.get(0))).containsExactly("call_id", "tool_call_id", "name",
                "arguments_key", "result_call_id", "is_error", "result_key");
        assertThat(tools.get(0).get("is_error").asBoolean()).isTrue();
        assertThat(tools.get(1).get("is_error").isNull()).as("no result came back").isTrue();
        assertThat(tools.get(1).get("tool_call_id").isNull()).isTrue();
        assertThat(d.get("plan_loop").get("tool").asText()).isEqualTo("Bash");
    }

    @Test
    void withoutAProxyTheMetadataIsEmpty() {
        storage.turns.add(Fixtures.turn("t1", "s", Fixtures.T0));

        JsonNode d = data(get("/traces/t1"));

        assertThat(d.get("metadata").isObject()).isTrue();
        assertThat(d.get("metadata").isEmpty()).isTrue();
        assertThat(d.get("tools").isEmpty()).isTrue();
    }

    @Test
    void capturedTextIsOnlyEverJsonEscaped() {
        storage.turns.add(Fixtures.fullTurn());

        for (String path : List.of("/traces", "/traces/" + FULL)) {
            JsonNode env = get(path);
            String wire = new String(last.render(), StandardCharsets.UTF_8);
            assertThat(wire).as(path).doesNotContain("<script>").doesNotContain("&").contains("\\u003Cscript");
            assertThat(env.toString()).as("the text itself is intact").contains("<script>alert(1)</script>");
        }
    }

    @Test
    void everyFilterReachesTheTurnQuery() {
        data(get("/traces", "start=1700000000&end=1800000000&agent_kind=claude-cli,codex-cli&status=complete"
                + "&session_id=s1&source_id=capture&wire_api=anthropic&model=m1,m2&client_ip=10.0.0.5"
                + "&server_ip=10.0.0.9&include_proxy_hops=true&sort_by=total_input_tokens&sort_order=asc"
                + "&page=3&page_size=10"));

        TurnQuery q = lastQuery();
        assertThat(q.range()).isEqualTo(new TimeRange(1_700_000_000_000_000L, 1_800_000_000_000_000L));
        assertThat(q.agentKinds()).containsExactly("claude-cli", "codex-cli");
        assertThat(q.statuses()).containsExactly(TurnStatus.COMPLETE);
        assertThat(q.sessionIds()).containsExactly("s1");
        assertThat(q.sourceIds()).containsExactly("capture");
        assertThat(q.wireApis()).containsExactly("anthropic");
        assertThat(q.models()).containsExactly("m1", "m2");
        assertThat(q.clientIps()).containsExactly("10.0.0.5");
        assertThat(q.serverIps()).containsExactly("10.0.0.9");
        assertThat(q.includeProxyOut()).isTrue();
        assertThat(q.sortBy()).isEqualTo("total_input_tokens");
        assertThat(q.order()).isEqualTo(SortOrder.ASC);
        assertThat(q.offset()).isEqualTo(20);
        assertThat(q.limit()).isEqualTo(10);
    }

    @Test
    void theDefaultsAreEverythingNewestFirstWithoutUpstreamLegs() {
        data(get("/traces"));

        TurnQuery q = lastQuery();
        assertThat(q.range().isAll()).isTrue();
        assertThat(q.statuses()).isEmpty();
        assertThat(q.includeProxyOut()).isFalse();
        assertThat(q.sortBy()).isEqualTo("start_time");
        assertThat(q.order()).isEqualTo(SortOrder.DESC);
        assertThat(q.limit()).isEqualTo(50);
    }

    @Test
    void unknownStatusesAndServerPortsAreRefused() {
        JsonNode status = get("/traces", "status=done");
        assertError(status, 400, 1001);
        assertThat(status.get("message").asText())
                .isEqualTo("status: 'done' is not one of in_progress, complete, incomplete");
        JsonNode port = get("/traces", "server_port=443");
        assertError(port, 400, 1001);
        assertThat(port.get("message").asText()).startsWith("server_port:");
        assertError(get("/traces", "sort_by=request_time"), 400, 1001);
        assertThat(storage.turnQueries).as("refused before storage is asked").isEmpty();
    }

    // in-progress turns

    /** Three stored turns (st0..st2) and three open ones (op0..op2) in two pipelines, all of session "s". */
    private void storedAndOpen() {
        for (int i = 0; i < 3; i++) {
            storage.turns.add(Fixtures.turn("st" + i, "s", Fixtures.T0 + i * S));
        }
        pipelines.add(FixedPipeline.running("a", List.of(Fixtures.openTurn("op0", "s", Fixtures.T0 + 10 * S),
                Fixtures.openTurn("op2", "s", Fixtures.T0 + 12 * S))));
        pipelines.add(FixedPipeline.running("b", List.of(Fixtures.openTurn("op1", "s", Fixtures.T0 + 11 * S))));
    }

    @Test
    void openTurnsComeFirstNewestFirstAndCountInTheTotal() {
        storedAndOpen();

        JsonNode d = data(get("/traces"));

        assertThat(d.get("total").asLong()).isEqualTo(6);
        assertThat(ids(d)).containsExactly("op2", "op1", "op0", "st2", "st1", "st0");
        assertThat(d.get("items").get(0).get("status").asText()).isEqualTo("in_progress");
        assertThat(d.get("items").get(0).get("end_reason").isNull()).isTrue();
        assertThat(d.get("items").get(3).get("status").asText()).isEqualTo("complete");
    }

    @Test
    void inAnAscendingListOpenTurnsComeLast() {
        storedAndOpen();

        assertThat(ids(data(get("/traces", "sort_order=asc")))).containsExactly("st0", "st1", "st2", "op0", "op1",
                "op2");
    }

    @Test
    void pagesAddUpAcrossOpenAndStoredTurns() {
        storedAndOpen();
        for (String order : List.of("desc", "asc")) {
            List<String> whole = ids(data(get("/traces", "sort_order=" + order)));
            List<String> paged = new ArrayList<>();
            for (int page = 1; page <= 4; page++) {
                JsonNode d = data(get("/traces", "sort_order=" + order + "&page_size=4&page=" + page));
                assertThat(d.get("total").asLong()).isEqualTo(6);
                paged.addAll(ids(d));
            }
            assertThat(paged).as(order).containsExactlyElementsOf(whole).hasSize(6);
        }
    }

    @Test
    void theStatusFilterDecidesWhereTurnsComeFrom() {
        storedAndOpen();

        JsonNode open = data(get("/traces", "status=in_progress"));
        assertThat(ids(open)).containsExactly("op2", "op1", "op0");
        assertThat(open.get("total").asLong()).isEqualTo(3);
        assertThat(storage.turnQueries).as("no stored turn is in progress").isEmpty();

        assertThat(ids(data(get("/traces", "status=complete")))).containsExactly("st2", "st1", "st0");
        assertThat(lastQuery().statuses()).containsExactly(TurnStatus.COMPLETE);
        assertThat(data(get("/traces", "status=in_progress,incomplete")).get("total").asLong()).isEqualTo(3);
        assertThat(lastQuery().statuses()).as("in_progress is not asked of storage")
                .containsExactly(TurnStatus.INCOMPLETE);
    }

    @Test
    void openTurnsPassTheSameFilters() {
        pipelines.add(FixedPipeline.running("a", List.of(
                Fixtures.openTurn("kind", "s", Fixtures.T0).setAgentKind("opencode"),
                Fixtures.openTurn("model", "s", Fixtures.T0 + S).setModels(List.of("gpt-5", "o3")),
                Fixtures.openTurn("session", "other", Fixtures.T0 + 2 * S),
                Fixtures.openTurn("upstream", "s", Fixtures.T0 + 3 * S).setProxyRole("proxy_out"),
                Fixtures.openTurn("late", "s", Fixtures.T0 + 100 * S))));

        assertThat(ids(data(get("/traces")))).containsExactly("late", "session", "model", "kind");
        assertThat(ids(data(get("/traces", "agent_kind=opencode")))).containsExactly("kind");
        assertThat(ids(data(get("/traces", "model=o3")))).containsExactly("model");
        assertThat(ids(data(get("/traces", "session_id=other")))).containsExactly("session");
        assertThat(ids(data(get("/traces", "include_proxy_hops=1&sort_order=asc")))).containsExactly("kind",
                "model", "session", "upstream", "late");
        long t0Seconds = Fixtures.T0 / S;
        assertThat(ids(data(get("/traces", "start=" + (t0Seconds + 1) + "&end=" + (t0Seconds + 50)))))
                .containsExactly("session", "model");
        assertThat(ids(data(get("/traces", "sort_by=call_count&sort_order=asc")))).as("ties broken by id")
                .containsExactly("kind", "late", "model", "session");
    }

    @Test
    void anOpenTurnIsServedInProgressAndBeforeAStoredOneOfTheSameId() {
        storage.turns.add(Fixtures.turn("t1", "s", Fixtures.T0));
        pipelines.add(FixedPipeline.running("a", List.of(Fixtures.openTurn("t1", "s", Fixtures.T0)
                .setCallCount(5))));

        JsonNode d = data(get("/traces/t1"));

        assertThat(d.get("status").asText()).isEqualTo("in_progress");
        assertThat(d.get("call_count").asInt()).isEqualTo(5);
        pipelines.clear();
        assertThat(data(get("/traces/t1")).get("status").asText()).as("once closed").isEqualTo("complete");
    }

    @Test
    void aPipelineFailingToReportItsTurnsIsLeftOut() {
        storage.turns.add(Fixtures.turn("t1", "s", Fixtures.T0));
        pipelines.add(new PipelineStatus() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public PipelineState state() {
                return PipelineState.RUNNING;
            }

            @Override
            public String failure() {
                return null;
            }

            @Override
            public Map<String, SourceProgress> sources() {
                return Map.of();
            }

            @Override
            public Map<String, Long> counters() {
                return Map.of();
            }

            @Override
            public List<AgentTurn> activeTurns() {
                throw new IllegalStateException("tracker stopped");
            }
        });
        pipelines.add(FixedPipeline.running("fine", List.of(Fixtures.openTurn("op", "s", Fixtures.T0 + S))));

        assertThat(ids(data(get("/traces")))).containsExactly("op", "t1");
        assertThat(data(get("/traces/op")).get("status").asText()).isEqualTo("in_progress");
    }

    // spans

    @Test
    void aTurnsSpansAreItsCallsInOrderAndLiteDropsBodies() {
        storage.turns.add(Fixtures.fullTurn());
        storage.calls.add(Fixtures.fullCall());
        storage.calls.add(Fixtures.call("c2", Fixtures.T0 + 2_000_000));

        JsonNode spans = data(get("/traces/" + FULL + "/spans"));

        assertThat(spans.isArray()).isTrue();
        assertThat(spans).extracting(n -> n.get("id").asText()).containsExactly(
                "0195f3a2-0000-7000-8000-000000000001", "c2");
        assertThat(spans).extracting(n -> n.get("sequence").asInt()).containsExactly(1, 2);
        assertThat(SpanJsonTest.names(spans.get(0))).startsWith(SpanJsonTest.HERON_TRACE_SPAN_FIELDS.toArray(
                new String[0]));
        assertThat(spans.get(0).get("request_body").asText()).contains("messages");

        JsonNode lite = data(get("/traces/" + FULL + "/spans", "lite=1"));
        assertThat(lite.get(0).get("request_body").isNull()).isTrue();
        assertThat(lite.get(0).get("response_headers").isNull()).isTrue();
        assertThat(data(get("/traces/" + FULL + "/spans", "lite=0")).get(0).get("request_body").isNull())
                .isFalse();
    }

    @Test
    void aCallNotStoredIsLeftOutAndTheOthersKeepTheirPlace() {
        storage.turns.add(Fixtures.fullTurn());
        storage.calls.add(Fixtures.call("c2", Fixtures.T0 + 2_000_000));

        JsonNode spans = data(get("/traces/" + FULL + "/spans"));

        assertThat(spans).hasSize(1);
        assertThat(spans.get(0).get("id").asText()).isEqualTo("c2");
        assertThat(spans.get(0).get("sequence").asInt()).isEqualTo(2);
    }

    @Test
    void anOpenTurnHasSpansToo() {
        storage.calls.add(Fixtures.call("c1", Fixtures.T0));
        pipelines.add(FixedPipeline.running("a", List.of(Fixtures.openTurn("op", "s", Fixtures.T0)
                .setCallIds(List.of("c1")))));

        assertThat(data(get("/traces/op/spans")).get(0).get("id").asText()).isEqualTo("c1");
    }

    @Test
    void agentTurnsIsADeprecatedAliasOfTraces() {
        storage.turns.add(Fixtures.fullTurn());
        storage.calls.add(Fixtures.fullCall());
        assertThat(get("/agent-turns")).isEqualTo(get("/traces"));
        get("/agent-turns");
        assertThat(last.headers()).containsEntry("Deprecation", "true")
                .containsEntry("Link", "</api/traces>; rel=\"successor-version\"");
        assertThat(get("/agent-turns/" + FULL)).isEqualTo(get("/traces/" + FULL));
        JsonNode calls = data(get("/agent-turns/" + FULL + "/calls", "lite=1"));
        assertThat(calls.get(0).get("id").asText()).isEqualTo("0195f3a2-0000-7000-8000-000000000001");
        assertThat(last.headers()).containsEntry("Deprecation", "true");
        data(get("/traces"));
        assertThat(last.headers()).isEmpty();
    }
}
