package org.egret.storage.duckdb.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.egret.api.decode.LlmCall;
import org.egret.api.storage.CallQuery;
import org.egret.api.storage.ExchangeQuery;
import org.egret.api.storage.ExchangeRecord;
import org.egret.api.storage.HealthQuery;
import org.egret.api.storage.HealthSample;
import org.egret.api.storage.MetricRollup;
import org.egret.api.storage.RollupQuery;
import org.egret.api.storage.TimeRange;
import org.egret.api.storage.TurnQuery;
import org.egret.api.turn.AgentTurn;
import org.egret.storage.conformance.ConformanceTraffic;
import org.egret.storage.conformance.ConformanceTurns;
import org.junit.jupiter.api.Test;

class RetentionTest extends DuckDbStorageTestBase {
    private static final long DAY = 86_400_000_000L;
    private static final long NOW = ConformanceTraffic.T0 + 100 * DAY;

    private DuckDbStorage storeAged(Object... properties) throws Exception {
        DuckDbStorage storage = open(dir.resolve("egret.duckdb"), properties);
        long[] ages = {40 * DAY, 30 * DAY + 1, 30 * DAY - 1, DAY, 0};
        for (int i = 0; i < ages.length; i++) {
            storage.writeCalls(List.of(ConformanceTraffic.fullCall(i, NOW - ages[i])));
            storage.writeExchanges(List.of(ConformanceTraffic.sseExchange(i, NOW - ages[i])));
            // a turn is as old as its end: this one started a day before it ended
            storage.writeTurns(List.of(ConformanceTurns.bareTurn(i, NOW - ages[i] - DAY).setEndTime(NOW - ages[i])));
        }
        return storage;
    }

    @Test
    void deletesOnlyRowsOlderThanTheRetentionDays() throws Exception {
        DuckDbStorage storage = storeAged("retention_enabled", true, "retention_days", 30, "retention_body_days", 30);
        assertThat(storage.retentionScheduled()).isTrue();

        RetentionSweep.Deleted deleted = storage.sweepRetention(NOW);

        assertThat(deleted).isEqualTo(new RetentionSweep.Deleted(2, 2, 2, 0, 0, 0));
        assertThat(storage.queryCalls(CallQuery.all(0, 10)).items()).extracting(LlmCall::getId)
                .containsExactly(ConformanceTraffic.id(4), ConformanceTraffic.id(3), ConformanceTraffic.id(2));
        assertThat(storage.queryExchanges(ExchangeQuery.all(0, 10)).items()).extracting(ExchangeRecord::id)
                .containsExactly("x-" + ConformanceTraffic.id(4), "x-" + ConformanceTraffic.id(3), "x-" + ConformanceTraffic.id(2));
        // turn 2 started 31 days ago but ended within the 30: kept
        assertThat(storage.queryTurns(TurnQuery.all(0, 10)).items()).extracting(AgentTurn::getTurnId)
                .containsExactly(ConformanceTurns.id(4), ConformanceTurns.id(3), ConformanceTurns.id(2));
        assertThat(storage.sweepRetention(NOW)).isEqualTo(RetentionSweep.Deleted.NONE);
    }

    @Test
    void eachTableKeepsItsOwnDaysAndACallOutlivesItsBodyBlocks() throws Exception {
        DuckDbStorage storage = open(dir.resolve("egret.duckdb"), "retention_enabled", true, "retention_days", 30,
                "retention_body_days", 7, "retention_metrics_days", 90);
        assertThat(storage.retention()).isEqualTo(new org.egret.api.storage.StorageRetention(true, 30, 7, 90));
        long[] ages = {120 * DAY, 60 * DAY, 20 * DAY, 8 * DAY, 6 * DAY, 0};
        for (int i = 0; i < ages.length; i++) {
            long t = NOW - ages[i];
            byte[] request = AgentConversation.requests(3, 3_000, i).get(2);
            storage.writeExchanges(List.of(ConformanceTraffic.withBodies(i, t, request, request)));
            storage.writeCalls(List.of(ConformanceTraffic.fullCall(i, t)
                    .setRequestBody(new String(request, java.nio.charset.StandardCharsets.UTF_8))));
            storage.writeRollups(List.of(new MetricRollup("local", MetricsHistoryTest.window(
                    org.egret.api.pipeline.MetricGranularity.ONE_MINUTE.windowStart(t), "anthropic", null, 1))));
            storage.writeHealthSamples(List.of(new HealthSample(t, "local", "running", Map.of("calls", (long) i))));
        }

        RetentionSweep.Deleted deleted = storage.sweepRetention(NOW);

        // calls: 120 and 60 days old; exchanges: also 20 and 8; rollups and samples: only the 120 days old
        assertThat(deleted.calls()).isEqualTo(2);
        assertThat(deleted.exchanges()).isEqualTo(4);
        assertThat(deleted.rollups()).isEqualTo(1);
        assertThat(deleted.healthSamples()).isEqualTo(1);
        assertThat(deleted.blocks()).isPositive();
        assertThat(storage.queryExchanges(ExchangeQuery.all(0, 10)).items()).extracting(ExchangeRecord::id)
                .containsExactly("x-" + ConformanceTraffic.id(5), "x-" + ConformanceTraffic.id(4));
        assertThat(storage.queryRollups(RollupQuery.range(TimeRange.ALL, 100))).hasSize(5);
        assertThat(storage.queryHealthSamples(new HealthQuery(TimeRange.ALL, List.of(), 0, 10)).total())
                .isEqualTo(5);
        // the call of 20 days ago is kept and found, its bodies gone with their days: null, nothing marked
        LlmCall old = storage.findCall(ConformanceTraffic.id(2)).orElseThrow();
        assertThat(old.getRequestBody()).isNull();
        assertThat(old.getResponseBody()).isNull();
        assertThat(old).usingRecursiveComparison().ignoringFields("requestBody", "responseBody")
                .isEqualTo(ConformanceTraffic.fullCall(2, NOW - ages[2]));
        // the call of 6 days ago still has its body
        assertThat(storage.findCall(ConformanceTraffic.id(4)).orElseThrow().getRequestBody()).isNotNull();
        assertThat(storage.queryCalls(CallQuery.all(0, 10)).total()).isEqualTo(4);
        // after a sweep the writer stores a block of a swept day again instead of trusting its memory
        byte[] again = AgentConversation.requests(3, 3_000, 4).get(2);
        storage.writeCalls(List.of(ConformanceTraffic.fullCall(40, NOW - 6 * DAY)
                .setRequestBody(new String(again, java.nio.charset.StandardCharsets.UTF_8))));
        assertThat(storage.findCall(ConformanceTraffic.id(40)).orElseThrow().getRequestBody()).isNotNull();
        assertThat(storage.sweepRetention(NOW)).isEqualTo(RetentionSweep.Deleted.NONE);
    }

    @Test
    void aBacklogOfManyDaysIsDeletedDayByDay() throws Exception {
        DuckDbStorage storage = open(dir.resolve("egret.duckdb"), "retention_enabled", true, "retention_days", 1);
        for (int day = 0; day < 10; day++) {
            storage.writeCalls(List.of(ConformanceTraffic.bareCall(day, NOW - (40 + day) * DAY),
                    ConformanceTraffic.bareCall(100 + day, NOW - (40 + day) * DAY + 3_600_000_000L)));
        }

        assertThat(storage.sweepRetention(NOW).calls()).isEqualTo(20);
        assertThat(storage.queryCalls(CallQuery.all(0, 10)).total()).isZero();
    }

    @Test
    void disabledRetentionSchedulesNothingAndDeletesNothing() throws Exception {
        DuckDbStorage storage = storeAged("retention_enabled", false, "retention_days", 1);
        assertThat(storage.retentionScheduled()).isFalse();

        assertThat(storage.sweepRetention(NOW)).isEqualTo(RetentionSweep.Deleted.NONE);

        assertThat(storage.queryCalls(CallQuery.all(0, 10)).total()).isEqualTo(5);
        assertThat(storage.queryExchanges(ExchangeQuery.all(0, 10)).total()).isEqualTo(5);
        assertThat(storage.queryTurns(TurnQuery.all(0, 10)).total()).isEqualTo(5);
    }

    @Test
    void theScheduleStopsWithTheStorage() throws Exception {
        DuckDbStorage storage = open(dir.resolve("egret.duckdb"), "retention_enabled", true);
        assertThat(storage.retentionScheduled()).isTrue();

        close(storage);

        assertThat(storage.retentionScheduled()).isFalse();
    }
}
