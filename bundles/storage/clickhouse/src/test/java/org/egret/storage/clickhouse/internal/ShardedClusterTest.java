package org.egret.storage.clickhouse.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.egret.storage.conformance.ConformanceTraffic.T0;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.egret.api.decode.LlmCall;
import org.egret.api.storage.AgentSession;
import org.egret.api.storage.CallQuery;
import org.egret.api.storage.ExchangeQuery;
import org.egret.api.storage.ExchangeRecord;
import org.egret.api.storage.HealthQuery;
import org.egret.api.storage.HealthSample;
import org.egret.api.storage.Page;
import org.egret.api.storage.RollupQuery;
import org.egret.api.storage.SessionQuery;
import org.egret.api.storage.SortOrder;
import org.egret.api.storage.TimeRange;
import org.egret.api.storage.TurnQuery;
import org.egret.api.turn.AgentTurn;
import org.egret.api.turn.TurnStatus;
import org.egret.storage.conformance.ConformanceTraffic;
import org.egret.storage.conformance.ConformanceTurns;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fleet case: two real servers as the two shards of a cluster, two Egret instances (two pipelines, each
 * writing to its own node) writing different data through the Distributed tables, and a third instance whose every
 * query must answer with the union.
 */
class ShardedClusterTest {
    private static List<ClickHouseServer> shards;
    private static final String DB = ClickHouseTestBase.uniqueDatabase();
    private static ClickHouseStorage pipelineA;
    private static ClickHouseStorage pipelineB;
    private static ClickHouseStorage reader;
    private static final List<LlmCall> CALLS = new ArrayList<>();
    private static final List<AgentTurn> TURNS = new ArrayList<>();

    private static ClickHouseStorage open(ClickHouseServer node) throws Exception {
        ClickHouseStorage s = new ClickHouseStorage();
        s.activate(TestConfigs.config("url", node.url(), "database", DB, "cluster", ClickHouseServer.CLUSTER,
                "retention_enabled", false, "flush_interval_ms", 200));
        return s;
    }

    @BeforeAll
    static void writeThroughBothPipelines() throws Exception {
        shards = ClickHouseServer.startShards();
        pipelineA = open(shards.get(0));
        pipelineB = open(shards.get(1));
        for (int i = 0; i < 200; i++) {
            ClickHouseStorage via = i % 2 == 0 ? pipelineA : pipelineB;
            LlmCall call = ConformanceTraffic.fullCall(i, T0 + (i * 7919L % 200) * 1_000_000L)
                    .setPipeline(i % 2 == 0 ? "a" : "b").setStatusCode(i % 5 == 0 ? 500 : 200)
                    .setInputTokens(i % 7 == 0 ? null : i * 3).setModel(i % 3 == 0 ? "m3" : "m");
            CALLS.add(call);
            via.writeCalls(List.of(call));
            via.writeExchanges(List.of(ConformanceTraffic.plainExchange(i, T0 + i, "POST", "/v1/x" + i, 200)));
        }
        // one session whose turns come from both pipelines and land on both shards
        for (int i = 0; i < 12; i++) {
            AgentTurn t = ConformanceTurns.fullTurn(i, T0 + i * 60_000_000L).setSessionId(i < 10 ? "shared" : "solo-" + i)
                    .setPipeline(i % 2 == 0 ? "a" : "b").setCallCount(i + 1).setProxyRole(null)
                    .setUserInput(i == 0 ? null : "question " + i);
            TURNS.add(t);
            (i % 2 == 0 ? pipelineA : pipelineB).writeTurns(List.of(t));
        }
        pipelineA.writeRollups(List.of(MetricsRoundTripTest.rollup("a", T0, "m", 3)));
        pipelineB.writeRollups(List.of(MetricsRoundTripTest.rollup("b", T0, "m", 4)));
        pipelineA.writeHealthSamples(List.of(new HealthSample(T0, "a", "running", Map.of("calls", 100L))));
        pipelineB.writeHealthSamples(List.of(new HealthSample(T0 + 1, "b", "running", Map.of("calls", 100L))));
        pipelineA.flush();
        pipelineB.flush();
        reader = open(shards.get(0));
    }

    @AfterAll
    static void stop() {
        for (ClickHouseStorage s : new ClickHouseStorage[] {pipelineA, pipelineB, reader}) {
            if (s != null) {
                s.deactivate();
            }
        }
        if (shards != null) {
            shards.forEach(ClickHouseServer::close);
        }
    }

    private static long localRows(ClickHouseServer node, String table) throws IOException {
        return Long.parseLong(node.sql("SELECT count() FROM " + DB + "." + table + "_local"));
    }

    /** Distinct ids: a rewritten turn is two rows of one id until a merge, always on one shard. */
    private static long localIds(ClickHouseServer node, String table) throws IOException {
        return Long.parseLong(node.sql("SELECT uniqExact(id) FROM " + DB + "." + table + "_local"));
    }

    @Test
    void theRowsAreSpreadOverBothShards() throws Exception {
        long a = localRows(shards.get(0), "spans");
        long b = localRows(shards.get(1), "spans");

        assertThat(a).isPositive();
        assertThat(b).isPositive();
        assertThat(a + b).isEqualTo(200);
        assertThat(localIds(shards.get(0), "turns") + localIds(shards.get(1), "turns")).isEqualTo(12);
        assertThat(localIds(shards.get(0), "turns")).isPositive();
        assertThat(localIds(shards.get(1), "turns")).isPositive();
    }

    @Test
    void callPagesAreTheUnionsPagesInOrder() throws Exception {
        List<String> expected = CALLS.stream()
                .sorted(Comparator.comparingLong(LlmCall::getRequestTime).thenComparing(LlmCall::getId).reversed())
                .map(LlmCall::getId).toList();
        List<String> paged = new ArrayList<>();
        for (int offset = 0; offset < 200; offset += 17) {
            Page<LlmCall> page = reader.queryCalls(CallQuery.all(offset, 17));
            assertThat(page.total()).isEqualTo(200);
            page.items().forEach(c -> paged.add(c.getId()));
        }

        assertThat(paged).containsExactlyElementsOf(expected);
    }

    @Test
    void filtersAndNullableSortsSpanTheShards() throws Exception {
        CallQuery errors = new CallQuery(TimeRange.ALL, List.of(), List.of("m3"), List.of(), List.of(), List.of(),
                List.of(500), List.of(), null, null, "input_tokens", SortOrder.ASC, 0, 100);
        List<LlmCall> expected = CALLS.stream().filter(c -> c.getStatusCode() == 500 && c.getModel().equals("m3"))
                .sorted(Comparator.comparing((LlmCall c) -> c.getInputTokens() == null ? Integer.MAX_VALUE
                        : c.getInputTokens()).thenComparing(LlmCall::getId)).toList();

        Page<LlmCall> page = reader.queryCalls(errors);

        assertThat(page.total()).isEqualTo(expected.size());
        assertThat(page.items()).extracting(LlmCall::getId)
                .containsExactlyElementsOf(expected.stream().map(LlmCall::getId).toList());
        assertThat(page.items().get(page.items().size() - 1).getInputTokens()).as("nulls last").isNull();
        assertThat(reader.findCall(CALLS.get(1).getId()).orElseThrow().getRequestBody())
                .isEqualTo(CALLS.get(1).getRequestBody());
    }

    @Test
    void exchangesTurnsAndMetricsAreTheUnion() throws Exception {
        Page<ExchangeRecord> exchanges = reader.queryExchanges(ExchangeQuery.all(190, 100));
        assertThat(exchanges.total()).isEqualTo(200);
        assertThat(exchanges.items()).hasSize(10);
        assertThat(reader.queryTurns(TurnQuery.all(0, 100)).total()).isEqualTo(12);
        assertThat(reader.queryTurns(TurnQuery.all(0, 100)).items()).extracting(AgentTurn::getPipeline)
                .contains("a", "b");
        assertThat(reader.queryRollups(RollupQuery.range(TimeRange.ALL, 10))).extracting(r -> r.window().calls())
                .containsExactly(3L, 4L);
        assertThat(reader.queryHealthSamples(new HealthQuery(TimeRange.ALL, List.of(), 0, 10)).items())
                .extracting(HealthSample::pipeline).containsExactly("b", "a");
    }

    @Test
    void aSessionIsSummedOverTurnsOnBothShards() throws Exception {
        Page<AgentSession> sessions = reader.querySessions(SessionQuery.all(0, 10));
        assertThat(sessions.total()).isEqualTo(3);

        AgentSession shared = reader.querySessions(SessionQuery.of("shared")).items().get(0);
        assertThat(shared.turnCount()).isEqualTo(10);
        assertThat(shared.callCount()).isEqualTo(55);
        assertThat(shared.startTime()).isEqualTo(T0);
        assertThat(shared.endTime()).isEqualTo(TURNS.get(9).getEndTime());
        assertThat(shared.firstUserInput()).isEqualTo("question 1");
        assertThat(shared.lastTurnId()).isEqualTo(TURNS.get(9).getTurnId());
        assertThat(shared.inputTokens()).isEqualTo(10 * 5_000_000_123L);
        assertThat(sessions.items()).extracting(AgentSession::sessionId).containsExactly("solo-11", "solo-10",
                "shared");
        // a session is picked by one of its turns (here the last of "shared", on either shard) and summed up whole
        Page<AgentSession> picked = reader.querySessions(new SessionQuery(
                new TimeRange(TURNS.get(9).getStartTime(), TURNS.get(10).getStartTime()), List.of("claude-cli"),
                List.of(), "call_count", SortOrder.ASC, 0, 10));
        assertThat(picked.total()).isEqualTo(1);
        assertThat(picked.items().get(0).turnCount()).isEqualTo(10);
        TurnQuery turnsOfShared = new TurnQuery(new TimeRange(T0, T0 + 5 * 60_000_000L), List.of("claude-cli"),
                List.of("shared"), List.of(), List.of(TurnStatus.COMPLETE), List.of(), List.of("claude-haiku-4-5"),
                List.of(), List.of(), false, "call_count", SortOrder.DESC, 1, 2);
        assertThat(reader.queryTurns(turnsOfShared).total()).isEqualTo(5);
        assertThat(reader.queryTurns(turnsOfShared).items()).extracting(AgentTurn::getCallCount)
                .containsExactly(4, 3);
    }

    @Test
    void aTurnRewrittenThroughTheClusterIsReplaced() throws Exception {
        AgentTurn rewritten = TURNS.get(3).copy().setStatus(TurnStatus.INCOMPLETE).setCallCount(40);
        pipelineB.writeTurns(List.of(rewritten));
        pipelineB.flush();

        assertThat(reader.findTurn(rewritten.getTurnId()).orElseThrow().getCallCount()).isEqualTo(40);
        assertThat(reader.queryTurns(TurnQuery.all(0, 100)).total()).isEqualTo(12);
        assertThat(reader.querySessions(SessionQuery.of("shared")).items().get(0).callCount()).isEqualTo(55 - 4 + 40);
        pipelineB.writeTurns(List.of(TURNS.get(3)));
        pipelineB.flush();
    }
}
