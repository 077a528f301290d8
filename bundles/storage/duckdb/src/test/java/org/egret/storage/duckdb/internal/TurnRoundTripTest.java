package org.egret.storage.duckdb.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.egret.storage.conformance.ConformanceTraffic.T0;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.duckdb.DuckDBConnection;
import org.egret.api.decode.LlmCall;
import org.egret.api.storage.CallQuery;
import org.egret.api.storage.StorageException;
import org.egret.api.storage.TurnQuery;
import org.egret.api.turn.AgentTurn;
import org.egret.api.turn.TurnStatus;
import org.egret.storage.conformance.ConformanceTraffic;
import org.egret.storage.conformance.ConformanceTurns;
import org.junit.jupiter.api.Test;

class TurnRoundTripTest extends DuckDbStorageTestBase {

    @Test
    void aFullTurnReadsBackFieldForFieldWithItsTools() throws Exception {
        DuckDbStorage storage = open();
        assertThat(storage.storesTurns()).isTrue();
        AgentTurn written = ConformanceTurns.fullTurn(1, T0);
        storage.writeTurns(List.of(written));

        AgentTurn read = storage.findTurn(written.getTurnId()).orElseThrow();

        assertThat(read).usingRecursiveComparison().isEqualTo(written);
        // the comparison would pass on two empty lists: the fixture's are not
        assertThat(read.getTools()).hasSize(3);
        assertThat(read.getTools().get(2).error()).as("no result came back").isNull();
        assertThat(read.getPlanLoop().arguments()).isEqualTo("{\"command\":\"ls /tmp/naïve\"}");
        assertThat(read.getInputTokens()).as("beyond an INTEGER").isEqualTo(5_000_000_123L);
        assertThat(read.getUserInput()).contains(ConformanceTraffic.UNICODE);
        assertThat(read.durationMillis()).isEqualTo(12_346);
    }

    @Test
    void aBareTurnKeepsItsNullsAndEmptyLists() throws Exception {
        DuckDbStorage storage = open();
        AgentTurn written = ConformanceTurns.bareTurn(2, T0);
        storage.writeTurns(List.of(written));

        AgentTurn read = storage.findTurn(written.getTurnId()).orElseThrow();

        assertThat(read).usingRecursiveComparison().isEqualTo(written);
        assertThat(read.getCostUsd()).isNull();
        assertThat(read.getPlanLoop()).isNull();
        assertThat(read.getCallIds()).isEmpty();
        assertThat(read.getTools()).isEmpty();
        assertThat(read.getStatus()).isEqualTo(TurnStatus.INCOMPLETE);
    }

    @Test
    void aListItemIsTheWholeTurnButItsTools() throws Exception {
        DuckDbStorage storage = open();
        AgentTurn written = ConformanceTurns.fullTurn(3, T0);
        storage.writeTurns(List.of(written));

        AgentTurn item = storage.queryTurns(TurnQuery.all(0, 10)).items().get(0);

        assertThat(item).usingRecursiveComparison().ignoringFields("tools").isEqualTo(written);
        assertThat(item.getTools()).isEmpty();
        assertThat(item.getCallIds()).hasSize(3);
    }

    @Test
    void anUnknownTurnIsEmpty() throws Exception {
        DuckDbStorage storage = open();
        storage.writeTurns(List.of(ConformanceTurns.fullTurn(4, T0)));

        assertThat(storage.findTurn(ConformanceTurns.id(5))).isEmpty();
        assertThat(storage.findTurn(null)).isEmpty();
    }

    @Test
    void aTurnWrittenAgainReplacesItsRow() throws Exception {
        DuckDbStorage storage = open();
        AgentTurn first = ConformanceTurns.fullTurn(6, T0);
        storage.writeTurns(List.of(first, ConformanceTurns.bareTurn(7, T0 + 1)));

        AgentTurn rewritten = first.copy().setStatus(TurnStatus.INCOMPLETE).setCallCount(4)
                .setCallIds(List.of("a", "b", "c", "d")).setTools(List.of()).setPlanLoop(null);
        storage.writeTurns(List.of(rewritten));

        assertThat(storage.queryTurns(TurnQuery.all(0, 10)).total()).isEqualTo(2);
        assertThat(storage.findTurn(first.getTurnId()).orElseThrow()).usingRecursiveComparison()
                .isEqualTo(rewritten);
        assertThat(storage.findTurn(ConformanceTurns.id(7))).isPresent();
        assertThat(rowsWithIdAfterClosing(storage, first.getTurnId())).isEqualTo(1);
    }

    @Test
    void ofOneIdTwiceInABatchTheLaterIsKept() throws Exception {
        DuckDbStorage storage = open();
        AgentTurn earlier = ConformanceTurns.bareTurn(8, T0);
        AgentTurn later = earlier.copy().setStatus(TurnStatus.COMPLETE).setEndTime(T0 + 5_000_000);

        storage.writeTurns(List.of(earlier, ConformanceTurns.bareTurn(9, T0), later));

        assertThat(storage.queryTurns(TurnQuery.all(0, 10)).total()).isEqualTo(2);
        assertThat(storage.findTurn(earlier.getTurnId()).orElseThrow()).usingRecursiveComparison().isEqualTo(later);
    }

    @Test
    void aBatchLargerThanOneDeleteStatementIsReplacedWhole() throws Exception {
        DuckDbStorage storage = open();
        List<AgentTurn> batch = new ArrayList<>();
        for (int i = 0; i < 2_500; i++) {
            batch.add(ConformanceTurns.bareTurn(i, T0 + i));
        }
        storage.writeTurns(batch);
        List<AgentTurn> again = batch.stream().map(t -> t.copy().setStatus(TurnStatus.COMPLETE)).toList();

        storage.writeTurns(again);

        TurnQuery complete = new TurnQuery(null, null, null, null, List.of(TurnStatus.COMPLETE), null, null, null,
                null, false, null, null, 0, 0);
        assertThat(storage.queryTurns(TurnQuery.all(0, 0)).total()).isEqualTo(2_500);
        assertThat(storage.queryTurns(complete).total()).isEqualTo(2_500);
    }

    @Test
    void aFailingBatchStoresNoneOfItsTurnsAndReplacesNothing() throws Exception {
        DuckDbStorage storage = open();
        AgentTurn kept = ConformanceTurns.fullTurn(10, T0);
        storage.writeTurns(List.of(kept));

        // a turn without an id cannot be a row (id is NOT NULL), so the batch fails after its DELETE ran
        AgentTurn replacement = kept.copy().setCallCount(99);
        AgentTurn broken = ConformanceTurns.bareTurn(11, T0).setTurnId(null);
        assertThatThrownBy(() -> storage.writeTurns(List.of(replacement, ConformanceTurns.bareTurn(12, T0), broken)))
                .isInstanceOf(StorageException.class).hasMessageStartingWith("writing a batch of 3 turns in DuckDB");

        assertThat(storage.queryTurns(TurnQuery.all(0, 10)).items()).extracting(AgentTurn::getTurnId)
                .containsExactly(kept.getTurnId());
        assertThat(storage.findTurn(kept.getTurnId()).orElseThrow().getCallCount()).isEqualTo(3);
        assertThat(storage.status().writeErrors()).isEqualTo(1);
        storage.writeTurns(List.of(ConformanceTurns.bareTurn(12, T0)));
        assertThat(storage.status().healthy()).as("the next batch succeeds").isTrue();
    }

    @Test
    void aVersion5FileIsMigratedInPlaceAndKeepsItsCalls() throws Exception {
        Path file = dir.resolve("egret.duckdb");
        LlmCall call = ConformanceTraffic.fullCall(20, T0);
        try (Connection c = jdbc(file)) {
            assertThat(SchemaMigrations.migrate(c, file, SchemaMigrations.LATEST)).isZero();
            try (BodyBlockWriter blocks = new BodyBlockWriter((DuckDBConnection) c, new StoredBlocks())) {
                SpanRows.append((DuckDBConnection) c, List.of(call), new SharedRequestBodies(), blocks);
            }
            // back to what version 5 wrote: no turns table, no call session columns, nothing of v8
            try (Statement s = c.createStatement()) {
                for (String v8 : List.of("body_blocks", "metric_rollups", "health_samples")) {
                    s.execute("DROP TABLE " + v8);
                }
                for (String table : List.of("spans", "http_exchanges")) {
                    s.execute("ALTER TABLE " + table + " DROP COLUMN request_body_blocks");
                    s.execute("ALTER TABLE " + table + " DROP COLUMN response_body_blocks");
                }
                s.execute("DROP TABLE turns");
                for (String v7 : List.of("session_id", "subagent", "auxiliary")) {
                    s.execute("ALTER TABLE spans DROP COLUMN " + v7);
                }
                s.execute("DELETE FROM schema_migrations WHERE version > 5");
            }
            assertThat(tables(c)).isEqualTo("http_exchanges schema_migrations spans");
        }

        DuckDbStorage migrated = open(file);

        assertThat(migrated.findCall(call.getId()).orElseThrow()).usingRecursiveComparison()
                .ignoringFields("sessionId", "subagent", "auxiliary").isEqualTo(call);
        assertThat(migrated.queryTurns(TurnQuery.all(0, 10)).total()).isZero();
        AgentTurn turn = ConformanceTurns.fullTurn(21, T0);
        migrated.writeTurns(List.of(turn));
        assertThat(migrated.findTurn(turn.getTurnId()).orElseThrow()).usingRecursiveComparison().isEqualTo(turn);
        close(migrated);
        try (Connection c = jdbc(file); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT string_agg(version::VARCHAR, ',' ORDER BY version) "
                        + "FROM schema_migrations")) {
            assertThat(tables(c)).isEqualTo(
                    "body_blocks health_samples http_exchanges metric_rollups schema_migrations spans turns");
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("1,2,3,4,5,6,7,8");
        }
    }

    private static String tables(Connection c) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT string_agg(table_name, ' ' ORDER BY table_name) FROM information_schema.tables")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Counts behind the storage's back, which needs the file to itself: closes the storage first. */
    private long rowsWithIdAfterClosing(DuckDbStorage storage, String id) throws Exception {
        close(storage);
        try (Connection c = jdbc(dir.resolve("egret.duckdb")); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM turns WHERE id = '" + id + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
