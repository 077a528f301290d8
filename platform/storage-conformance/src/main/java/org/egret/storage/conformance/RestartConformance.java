package org.egret.storage.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.egret.storage.conformance.ConformanceTraffic.T0;

import java.util.ArrayList;
import java.util.List;
import org.egret.api.decode.LlmCall;
import org.egret.api.storage.AgentSession;
import org.egret.api.storage.CallQuery;
import org.egret.api.storage.ExchangeQuery;
import org.egret.api.storage.ExchangeRecord;
import org.egret.api.storage.HealthQuery;
import org.egret.api.storage.HealthSample;
import org.egret.api.storage.MetricRollup;
import org.egret.api.storage.RollupQuery;
import org.egret.api.storage.SessionQuery;
import org.egret.api.storage.TimeRange;
import org.egret.api.storage.TurnQuery;
import org.egret.api.turn.AgentTurn;
import org.egret.api.turn.TurnStatus;
import org.junit.jupiter.api.Test;

/** A restart (close, open the same store again) keeps everything written, and writing goes on where it stopped. */
public abstract class RestartConformance extends StorageConformance {
    private static final long SECOND = 1_000_000;

    private final List<LlmCall> calls = new ArrayList<>();
    private final List<ExchangeRecord> exchanges = new ArrayList<>();
    private final List<AgentTurn> turns = new ArrayList<>();
    private final List<MetricRollup> rollups = new ArrayList<>();
    private final List<HealthSample> samples = new ArrayList<>();

    private void writeSomeOfEverything() throws Exception {
        for (int i = 0; i < 10; i++) {
            LlmCall call = i % 3 == 0 ? ConformanceTraffic.conversationCall(i, i % 2, i, T0 + i * SECOND)
                    : ConformanceTraffic.fullCall(i, T0 + i * SECOND);
            calls.add(call);
            exchanges.add(i % 3 == 0 ? ConformanceTraffic.exchangeOf(call, i)
                    : ConformanceTraffic.sseExchange(i, T0 + i * SECOND));
            turns.add(ConformanceTurns.fullTurn(i, T0 + i * SECOND).setSessionId("session-" + i % 3));
        }
        writeTraffic(exchanges, calls);
        writeTurns(turns);
    }

    private void writeMetrics() throws Exception {
        for (int i = 0; i < 10; i++) {
            rollups.add(ConformanceMetrics.rollup("local", ConformanceMetrics.minute(i), "openai-chat", "gpt-4o",
                    "openai", "codex-cli", i));
            samples.add(ConformanceMetrics.health("local", T0 + i * SECOND, "running", i));
        }
        writeRollups(rollups);
        writeHealthSamples(samples);
    }

    @Test
    void everythingWrittenIsThereAfterARestart() throws Exception {
        writeSomeOfEverything();
        List<AgentSession> sessionsBefore = storage.querySessions(SessionQuery.all(0, 10)).items();

        restart();

        assertThat(storage.queryCalls(CallQuery.all(0, 100)).total()).isEqualTo(10);
        for (LlmCall c : calls) {
            assertThat(storage.findCall(c.getId()).orElseThrow()).usingRecursiveComparison().isEqualTo(c);
        }
        assertThat(storage.queryExchanges(ExchangeQuery.all(0, 100)).total()).isEqualTo(10);
        for (ExchangeRecord x : exchanges) {
            assertThat(storage.findExchange(x.id()).orElseThrow()).usingRecursiveComparison()
                    .ignoringFields("exchange.response.events").isEqualTo(x);
        }
        assertThat(storage.queryTurns(TurnQuery.all(0, 100)).total()).isEqualTo(10);
        for (AgentTurn t : turns) {
            assertThat(storage.findTurn(t.getTurnId()).orElseThrow()).usingRecursiveComparison().isEqualTo(t);
        }
        assertThat(storage.querySessions(SessionQuery.all(0, 10)).items()).hasSize(3)
                .containsExactlyElementsOf(sessionsBefore);
        assertThat(storage.status().healthy()).isTrue();
    }

    @Test
    void metricsAreThereAfterARestartAndAWindowWrittenAgainStillReplaces() throws Exception {
        writeMetrics();

        restart();

        assertThat(storage.queryRollups(RollupQuery.range(TimeRange.ALL, 100))).containsExactlyElementsOf(rollups);
        List<HealthSample> newestFirst = new ArrayList<>(samples);
        java.util.Collections.reverse(newestFirst);
        assertThat(storage.queryHealthSamples(new HealthQuery(TimeRange.ALL, List.of(), 0, 100)).items())
                .containsExactlyElementsOf(newestFirst);

        MetricRollup late = ConformanceMetrics.rollup("local", ConformanceMetrics.minute(4), "openai-chat", "gpt-4o",
                "openai", "codex-cli", 77);
        writeRollups(List.of(late));
        assertThat(storage.queryRollups(RollupQuery.range(TimeRange.ALL, 100))).hasSize(10).contains(late)
                .doesNotContain(rollups.get(4));

        restart();

        assertThat(storage.queryRollups(RollupQuery.range(TimeRange.ALL, 100))).hasSize(10).contains(late);
    }

    @Test
    void writesAfterARestartAddUpAndRewritesStillReplace() throws Exception {
        writeSomeOfEverything();
        restart();

        writeTraffic(List.of(ConformanceTraffic.sseExchange(50, T0 + 50 * SECOND)),
                List.of(ConformanceTraffic.fullCall(50, T0 + 50 * SECOND)));
        AgentTurn rewritten = turns.get(4).copy().setStatus(TurnStatus.INCOMPLETE).setCallCount(42);
        writeTurns(List.of(rewritten));

        assertThat(storage.queryCalls(CallQuery.all(0, 1)).items()).extracting(LlmCall::getId)
                .containsExactly(ConformanceTraffic.id(50));
        assertThat(storage.queryCalls(CallQuery.all(0, 0)).total()).isEqualTo(11);
        assertThat(storage.queryExchanges(ExchangeQuery.all(0, 0)).total()).isEqualTo(11);
        assertThat(storage.queryTurns(TurnQuery.all(0, 0)).total()).isEqualTo(10);
        assertThat(storage.findTurn(rewritten.getTurnId()).orElseThrow()).usingRecursiveComparison()
                .isEqualTo(rewritten);

        restart();

        assertThat(storage.queryTurns(TurnQuery.all(0, 0)).total()).isEqualTo(10);
        assertThat(storage.findTurn(rewritten.getTurnId()).orElseThrow().getCallCount()).isEqualTo(42);
    }

    @Test
    void aRestartOfAnEmptyStoreIsEmpty() throws Exception {
        restart();
        restart();

        assertThat(storage.queryCalls(CallQuery.all(0, 10)).total()).isZero();
        assertThat(storage.queryTurns(TurnQuery.all(0, 10)).total()).isZero();
        assertThat(storage.querySessions(SessionQuery.all(0, 10)).total()).isZero();
    }
}
