package org.egret.storage.duckdb.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.egret.api.decode.LlmCall;
import org.egret.api.storage.CallQuery;
import org.egret.api.storage.ExchangeQuery;
import org.egret.api.storage.ExchangeRecord;
import org.egret.api.storage.TurnQuery;
import org.egret.api.turn.AgentTurn;
import org.junit.jupiter.api.Test;

class RetentionTest extends DuckDbStorageTestBase {
    private static final long DAY = 86_400_000_000L;
    private static final long NOW = SampleTraffic.T0 + 100 * DAY;

    private DuckDbStorage storeAged(Object... properties) throws Exception {
        DuckDbStorage storage = open(dir.resolve("egret.duckdb"), properties);
        long[] ages = {40 * DAY, 30 * DAY + 1, 30 * DAY - 1, DAY, 0};
        for (int i = 0; i < ages.length; i++) {
            storage.writeCalls(List.of(SampleTraffic.fullCall(i, NOW - ages[i])));
            storage.writeExchanges(List.of(SampleTraffic.sseExchange(i, NOW - ages[i])));
            // a turn is as old as its end: this one started a day before it ended
            storage.writeTurns(List.of(SampleTurns.bareTurn(i, NOW - ages[i] - DAY).setEndTime(NOW - ages[i])));
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
                .containsExactly(SampleTraffic.id(4), SampleTraffic.id(3), SampleTraffic.id(2));
        assertThat(storage.queryExchanges(ExchangeQuery.all(0, 10)).items()).extracting(ExchangeRecord::id)
                .containsExactly("x-" + SampleTraffic.id(4), "x-" + SampleTraffic.id(3), "x-" + SampleTraffic.id(2));
        // turn 2 started 31 days ago but ended within the 30: kept
        assertThat(storage.queryTurns(TurnQuery.all(0, 10)).items()).extracting(AgentTurn::getTurnId)
                .containsExactly(SampleTurns.id(4), SampleTurns.id(3), SampleTurns.id(2));
        assertThat(storage.sweepRetention(NOW)).isEqualTo(RetentionSweep.Deleted.NONE);
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
