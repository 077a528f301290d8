package org.egret.storage.clickhouse.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.egret.api.storage.TurnQuery;
import org.egret.api.turn.AgentTurn;
import org.junit.jupiter.api.Test;

/** A database made by schema v1 (turns partitioned by their start) opens as v2 with its turns kept. */
class SchemaUpgradeTest extends ClickHouseTestBase {
    private static final long DAY = 86_400_000_000L;

    @Test
    void v1TurnsAreRepartitionedByTheirEndAndKept() throws Exception {
        long now = System.currentTimeMillis() * 1000;
        String db = uniqueDatabase();
        database = db;
        Schema.Table v1 = new Schema.Table(Schema.TURNS.name(), Schema.TURNS.columns(), Schema.TURNS.engine(),
                "toYYYYMMDD(toDateTime(intDiv(start_us, 1000000), 'UTC'))", Schema.TURNS.orderBy(),
                Schema.TURNS.shardKey());
        server.sql("CREATE DATABASE " + db);
        server.sql("CREATE TABLE " + db + ".schema_migrations (version UInt32, applied_us Int64) ENGINE = MergeTree "
                + "ORDER BY version");
        server.sql("INSERT INTO " + db + ".schema_migrations VALUES (1, 0)");
        server.sql(Schema.createLocal(db, v1, v1.name(), ""));
        // started long ago, ended two days ago: v1 would drop it with its start's day
        AgentTurn longTurn = SampleTurns.fullTurn(1, now - 40 * DAY).setEndTime(now - 2 * DAY);
        AgentTurn recent = SampleTurns.fullTurn(2, now - DAY);
        server.sql("INSERT INTO " + db + ".turns FORMAT JSONEachRow\n"
                + new String(TurnRows.row(longTurn, 1), StandardCharsets.UTF_8)
                + new String(TurnRows.row(recent, 2), StandardCharsets.UTF_8));

        ClickHouseStorage storage = openBuffered(server.url(), db, "retention_enabled", true, "retention_days", 30);

        assertThat(server.sql("SELECT partition_key FROM system.tables WHERE database = '" + db
                + "' AND name = 'turns'")).contains("end_us");
        assertThat(server.sql("SELECT count() FROM system.tables WHERE database = '" + db + "' AND name LIKE 'turns_%'"))
                .as("no copy or old table left").isEqualTo("0");
        assertThat(server.sql("SELECT groupArray(version) FROM (SELECT version FROM " + db
                + ".schema_migrations ORDER BY version)")).isEqualTo("[1,2]");
        assertThat(storage.findTurn(longTurn.getTurnId()).orElseThrow()).usingRecursiveComparison()
                .isEqualTo(longTurn);
        storage.sweepRetention(now);
        assertThat(storage.queryTurns(TurnQuery.all(0, 10)).items()).extracting(AgentTurn::getTurnId)
                .containsExactly(recent.getTurnId(), longTurn.getTurnId());
        close(storage);

        ClickHouseStorage again = openBuffered(server.url(), db);
        assertThat(again.queryTurns(TurnQuery.all(0, 10)).total()).as("a second start changes nothing").isEqualTo(2);
    }

    @Test
    void anUpgradeCutOffAfterTheSwapIsFinishedOnTheNextStart() throws Exception {
        ClickHouseStorage storage = open();
        AgentTurn turn = SampleTurns.fullTurn(3, System.currentTimeMillis() * 1000);
        storage.writeTurns(List.of(turn));
        close(storage);
        // what a start killed between the RENAME and the DROP leaves behind
        server.sql(Schema.createLocal(database, Schema.TURNS, "turns_v1", ""));

        ClickHouseStorage reopened = openBuffered(server.url(), database);

        assertThat(server.sql("SELECT count() FROM system.tables WHERE database = '" + database
                + "' AND name LIKE 'turns_%'")).isEqualTo("0");
        assertThat(reopened.findTurn(turn.getTurnId()).orElseThrow()).usingRecursiveComparison().isEqualTo(turn);
    }
}
