package org.egret.storage.clickhouse.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.egret.api.decode.LlmCall;
import org.egret.api.storage.CallQuery;
import org.egret.api.storage.ExchangeQuery;
import org.egret.api.storage.HealthQuery;
import org.egret.api.storage.HealthSample;
import org.egret.api.storage.RollupQuery;
import org.egret.api.storage.TimeRange;
import org.egret.api.storage.TurnQuery;
import org.egret.storage.conformance.ConformanceTraffic;
import org.egret.storage.conformance.ConformanceTurns;
import org.junit.jupiter.api.Test;

/** Retention drops whole day partitions per table, each table by its own number of days. */
class RetentionTest extends ClickHouseTestBase {
    private static final long DAY = 86_400_000_000L;
    private static final long NOW = System.currentTimeMillis() * 1000;

    @Test
    void daysOlderThanEachTablesCutoffAreDroppedAsPartitions() throws Exception {
        ClickHouseStorage storage = open("retention_enabled", true, "retention_days", 30, "retention_body_days", 7,
                "retention_metrics_days", 90);
        assertThat(storage.retention()).isEqualTo(new org.egret.api.storage.StorageRetention(true, 30, 7, 90));
        LlmCall old = ConformanceTraffic.fullCall(1, NOW - 40 * DAY);
        LlmCall recent = ConformanceTraffic.fullCall(2, NOW - 10 * DAY).setRequestBody(ConformanceTraffic.largeRequest(2));
        LlmCall today = ConformanceTraffic.fullCall(3, NOW).setRequestBody(ConformanceTraffic.largeRequest(3));
        storage.writeCalls(List.of(old, recent, today));
        storage.writeExchanges(List.of(ConformanceTraffic.sseExchange(4, NOW - 10 * DAY), ConformanceTraffic.sseExchange(5, NOW)));
        storage.writeTurns(List.of(ConformanceTurns.bareTurn(6, NOW - 31 * DAY), ConformanceTurns.bareTurn(7, NOW - DAY)));
        storage.writeRollups(List.of(MetricsRoundTripTest.rollup("local", NOW - 100 * DAY, "m", 1),
                MetricsRoundTripTest.rollup("local", NOW - 80 * DAY, "m", 2)));
        storage.writeHealthSamples(List.of(new HealthSample(NOW - 91 * DAY, "local", "running", Map.of("a", 1L)),
                new HealthSample(NOW, "local", "running", Map.of("a", 2L))));
        int partitionsBefore = partitions();

        List<RetentionSweep.Dropped> dropped = storage.sweepRetention(NOW);

        assertThat(dropped).extracting(RetentionSweep.Dropped::table).containsExactlyInAnyOrder("spans", "turns",
                "http_exchanges", "body_blocks", "call_bodies", "call_bodies", "metric_rollups", "health_samples");
        assertThat(partitions()).isEqualTo(partitionsBefore - 8);
        assertThat(storage.queryCalls(CallQuery.all(0, 10)).items()).extracting(LlmCall::getId)
                .containsExactly(today.getId(), recent.getId());
        assertThat(storage.queryExchanges(ExchangeQuery.all(0, 10)).items()).extracting(r -> r.id())
                .containsExactly("x-" + ConformanceTraffic.id(5));
        assertThat(storage.queryTurns(TurnQuery.all(0, 10)).items()).extracting(t -> t.getTurnId())
                .containsExactly(ConformanceTurns.id(7));
        assertThat(storage.queryRollups(RollupQuery.range(TimeRange.ALL, 10))).hasSize(1);
        assertThat(storage.queryHealthSamples(new HealthQuery(TimeRange.ALL, List.of(), 0, 10)).total()).isEqualTo(1);
        LlmCall kept = storage.findCall(recent.getId()).orElseThrow();
        assertThat(kept.getRequestBody()).as("the bodies expired with the bodies' days, the call stays").isNull();
        assertThat(kept.getResponseBody()).isNull();
        assertThat(kept).usingRecursiveComparison().ignoringFields("requestBody", "responseBody").isEqualTo(recent);
        assertThat(storage.findCall(today.getId()).orElseThrow().getRequestBody())
                .isEqualTo(today.getRequestBody());
        assertThat(storage.sweepRetention(NOW)).as("nothing left to drop").isEmpty();
    }

    @Test
    void retentionOffDropsNothing() throws Exception {
        ClickHouseStorage storage = open("retention_enabled", false);
        assertThat(storage.retention().enabled()).isFalse();
        storage.writeCalls(List.of(ConformanceTraffic.fullCall(1, NOW - 400 * DAY)));

        assertThat(storage.sweepRetention(NOW)).isEmpty();
        assertThat(storage.queryCalls(CallQuery.all(0, 10)).total()).isEqualTo(1);
    }

    private int partitions() throws Exception {
        return Integer.parseInt(server.sql("SELECT count(DISTINCT (table, partition)) FROM system.parts WHERE active "
                + "AND database = '" + database + "'"));
    }
}
