package org.egret.storage.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.egret.api.decode.LlmCall;
import org.egret.api.pipeline.MetricGranularity;
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
import org.junit.jupiter.api.Test;

/**
 * Retention per table, with the shipped defaults (calls and turns 30 days, raw exchanges and body blocks 7, rollups
 * and health samples 90): bodies go first, then calls, then metrics. Ages are measured from the wall clock, and a
 * backend may drop whole days, so a row is only required to be gone a day and a half past its limit and to stay
 * half a day short of it.
 */
public abstract class RetentionConformance extends StorageConformance {
    private static final long DAY = 86_400_000_000L;
    private static final long HOUR = 3_600_000_000L;

    private long now;

    @Override
    protected RetentionDays retention() {
        return RetentionDays.DEFAULTS;
    }

    private long ago(double days) {
        return now - (long) (days * DAY);
    }

    private void nowIsTheWallClock() {
        now = System.currentTimeMillis() * 1000;
    }

    private static List<String> callIds(Iterable<LlmCall> calls) {
        List<String> ids = new ArrayList<>();
        calls.forEach(c -> ids.add(c.getId()));
        return ids;
    }

    @Test
    void callsAndTurnsOlderThanTheirDaysGoAndRecentOnesStay() throws Exception {
        nowIsTheWallClock();
        double[] ages = {45, 31.5, 29.5, 1.0 / 24};
        List<LlmCall> calls = new ArrayList<>();
        List<AgentTurn> turns = new ArrayList<>();
        for (int i = 0; i < ages.length; i++) {
            calls.add(ConformanceTraffic.fullCall(i, ago(ages[i])));
            // a turn is as old as its end
            turns.add(ConformanceTurns.bareTurn(i, ago(ages[i]) - HOUR).setEndTime(ago(ages[i]))
                    .setSessionId("session-" + i));
        }
        // started long ago, ended within the days: kept
        turns.add(ConformanceTurns.bareTurn(9, ago(40)).setEndTime(ago(2)).setSessionId("session-9"));
        writeCalls(calls);
        writeTurns(turns);

        underTest.applyRetention(now);

        assertThat(storage.queryCalls(CallQuery.all(0, 10)).items()).extracting(LlmCall::getId)
                .containsExactly(ConformanceTraffic.id(3), ConformanceTraffic.id(2));
        assertThat(storage.findCall(ConformanceTraffic.id(0))).isEmpty();
        // 29.5 days old is past retention_body_days: the call stays whole but for its bodies
        LlmCall kept = storage.findCall(ConformanceTraffic.id(2)).orElseThrow();
        assertThat(kept.getRequestBody()).isNull();
        assertThat(kept.getResponseBody()).isNull();
        assertThat(kept).usingRecursiveComparison().ignoringFields("requestBody", "responseBody")
                .isEqualTo(calls.get(2));
        assertThat(storage.findCall(ConformanceTraffic.id(3)).orElseThrow()).usingRecursiveComparison()
                .isEqualTo(calls.get(3));
        assertThat(storage.queryTurns(TurnQuery.all(0, 10)).items()).extracting(AgentTurn::getTurnId)
                .containsExactly(ConformanceTurns.id(3), ConformanceTurns.id(2), ConformanceTurns.id(9));
        assertThat(storage.findTurn(ConformanceTurns.id(1))).isEmpty();
        assertThat(storage.querySessions(SessionQuery.all(0, 10)).items()).extracting(AgentSession::sessionId)
                .containsExactlyInAnyOrder("session-2", "session-3", "session-9");
    }

    @Test
    void rawBodiesGoBeforeTheirCalls() throws Exception {
        nowIsTheWallClock();
        double[] ages = {10, 8.5, 6.5, 1};
        List<LlmCall> calls = new ArrayList<>();
        List<ExchangeRecord> exchanges = new ArrayList<>();
        for (int i = 0; i < ages.length; i++) {
            LlmCall call = ConformanceTraffic.conversationCall(i, i % 2, 3, ago(ages[i]));
            calls.add(call);
            exchanges.add(ConformanceTraffic.exchangeOf(call, i));
        }
        writeTraffic(exchanges, calls);

        underTest.applyRetention(now);

        assertThat(storage.queryExchanges(ExchangeQuery.all(0, 10)).items()).extracting(ExchangeRecord::id)
                .containsExactly(exchanges.get(3).id(), exchanges.get(2).id());
        assertThat(storage.findExchange(exchanges.get(0).id())).isEmpty();
        assertThat(callIds(storage.queryCalls(CallQuery.all(0, 10)).items())).as("every call is still listed")
                .containsExactly(calls.get(3).getId(), calls.get(2).getId(), calls.get(1).getId(),
                        calls.get(0).getId());
        for (int old = 0; old < 2; old++) {
            LlmCall read = storage.findCall(calls.get(old).getId()).orElseThrow();
            assertThat(read.getRequestBody()).as("expired request body of call %d", old).isNull();
            assertThat(read.getResponseBody()).as("expired response body of call %d", old).isNull();
            assertThat(read).usingRecursiveComparison().ignoringFields("requestBody", "responseBody")
                    .isEqualTo(calls.get(old));
        }
        for (int recent = 2; recent < 4; recent++) {
            assertThat(storage.findCall(calls.get(recent).getId()).orElseThrow()).usingRecursiveComparison()
                    .isEqualTo(calls.get(recent));
            assertThat(storage.findExchange(exchanges.get(recent).id()).orElseThrow().exchange().request().body())
                    .isEqualTo(exchanges.get(recent).exchange().request().body());
        }
    }

    @Test
    void metricsOutliveCalls() throws Exception {
        nowIsTheWallClock();
        double[] ages = {100, 91.5, 89.5, 45, 0.5};
        List<MetricRollup> rollups = new ArrayList<>();
        List<HealthSample> samples = new ArrayList<>();
        for (int i = 0; i < ages.length; i++) {
            long start = MetricGranularity.ONE_MINUTE.windowStart(ago(ages[i]));
            rollups.add(ConformanceMetrics.rollup("local", start, "openai-chat", "gpt-4o", "openai", "codex-cli", i));
            samples.add(ConformanceMetrics.health("local", ago(ages[i]), "running", i));
        }
        writeRollups(rollups);
        writeHealthSamples(samples);
        writeCalls(List.of(ConformanceTraffic.fullCall(1, ago(45))));

        underTest.applyRetention(now);

        assertThat(storage.queryRollups(RollupQuery.range(TimeRange.ALL, 100)))
                .containsExactlyElementsOf(rollups.subList(2, 5));
        assertThat(storage.queryHealthSamples(new HealthQuery(TimeRange.ALL, List.of(), 0, 100)).items())
                .containsExactly(samples.get(4), samples.get(3), samples.get(2));
        assertThat(storage.queryCalls(CallQuery.all(0, 10)).total()).as("the call of the same age is gone").isZero();
    }

    @Test
    void aSecondPassFindsNothingMoreAndWritingGoesOn() throws Exception {
        nowIsTheWallClock();
        writeCalls(List.of(ConformanceTraffic.fullCall(1, ago(40)), ConformanceTraffic.fullCall(2, ago(1))));
        underTest.applyRetention(now);
        underTest.applyRetention(now);

        writeCalls(List.of(ConformanceTraffic.fullCall(3, ago(0.5))));

        assertThat(callIds(storage.queryCalls(CallQuery.all(0, 10)).items()))
                .containsExactly(ConformanceTraffic.id(3), ConformanceTraffic.id(2));
    }

    @Test
    void retentionOffKeepsEverything() throws Exception {
        underTest.close();
        storage = underTest.open(dir.resolve("no-retention"), RetentionDays.OFF);
        nowIsTheWallClock();
        LlmCall call = ConformanceTraffic.conversationCall(1, 0, 2, ago(400));
        ExchangeRecord exchange = ConformanceTraffic.exchangeOf(call, 1);
        writeTraffic(List.of(exchange), List.of(call));
        writeTurns(List.of(ConformanceTurns.fullTurn(1, ago(400))));
        long start = MetricGranularity.ONE_MINUTE.windowStart(ago(400));
        writeRollups(List.of(ConformanceMetrics.rollup("local", start, "a", "m", "s", "k", 1)));
        writeHealthSamples(List.of(ConformanceMetrics.health("local", ago(400), "running", 1)));

        underTest.applyRetention(now);

        assertThat(storage.findCall(call.getId()).orElseThrow()).usingRecursiveComparison().isEqualTo(call);
        assertThat(storage.findExchange(exchange.id())).isPresent();
        assertThat(storage.queryTurns(TurnQuery.all(0, 10)).total()).isEqualTo(1);
        assertThat(storage.queryRollups(RollupQuery.range(TimeRange.ALL, 10))).hasSize(1);
        assertThat(storage.queryHealthSamples(new HealthQuery(TimeRange.ALL, List.of(), 0, 10)).total())
                .isEqualTo(1);
    }
}
