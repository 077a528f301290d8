package org.egret.storage.clickhouse.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.egret.storage.conformance.ConformanceTraffic.T0;

import java.util.ArrayList;
import java.util.List;
import org.egret.api.storage.StorageException;
import org.egret.api.storage.TurnQuery;
import org.egret.api.turn.AgentTurn;
import org.egret.api.turn.TurnStatus;
import org.egret.storage.conformance.ConformanceTraffic;
import org.egret.storage.conformance.ConformanceTurns;
import org.junit.jupiter.api.Test;

class TurnRoundTripTest extends ClickHouseTestBase {

    @Test
    void aFullTurnReadsBackFieldForFieldWithItsTools() throws Exception {
        ClickHouseStorage storage = open();
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
        ClickHouseStorage storage = open();
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
        ClickHouseStorage storage = open();
        AgentTurn written = ConformanceTurns.fullTurn(3, T0);
        storage.writeTurns(List.of(written));

        AgentTurn item = storage.queryTurns(TurnQuery.all(0, 10)).items().get(0);

        assertThat(item).usingRecursiveComparison().ignoringFields("tools").isEqualTo(written);
        assertThat(item.getTools()).isEmpty();
        assertThat(item.getCallIds()).hasSize(3);
    }

    @Test
    void anUnknownTurnIsEmpty() throws Exception {
        ClickHouseStorage storage = open();
        storage.writeTurns(List.of(ConformanceTurns.fullTurn(4, T0)));

        assertThat(storage.findTurn(ConformanceTurns.id(5))).isEmpty();
        assertThat(storage.findTurn(null)).isEmpty();
    }

    @Test
    void aTurnWrittenAgainReplacesItsRow() throws Exception {
        ClickHouseStorage storage = open();
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
        ClickHouseStorage storage = open();
        AgentTurn earlier = ConformanceTurns.bareTurn(8, T0);
        AgentTurn later = earlier.copy().setStatus(TurnStatus.COMPLETE).setEndTime(T0 + 5_000_000);

        storage.writeTurns(List.of(earlier, ConformanceTurns.bareTurn(9, T0), later));

        assertThat(storage.queryTurns(TurnQuery.all(0, 10)).total()).isEqualTo(2);
        assertThat(storage.findTurn(earlier.getTurnId()).orElseThrow()).usingRecursiveComparison().isEqualTo(later);
    }

    @Test
    void aBatchLargerThanOneDeleteStatementIsReplacedWhole() throws Exception {
        ClickHouseStorage storage = open();
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
        ClickHouseStorage storage = open();
        AgentTurn kept = ConformanceTurns.fullTurn(10, T0);
        storage.writeTurns(List.of(kept));

        // a turn without an id cannot be a row, so the whole batch is refused before anything is buffered
        AgentTurn replacement = kept.copy().setCallCount(99);
        AgentTurn broken = ConformanceTurns.bareTurn(11, T0).setTurnId(null);
        assertThatThrownBy(() -> storage.writeTurns(List.of(replacement, ConformanceTurns.bareTurn(12, T0), broken)))
                .isInstanceOf(StorageException.class).hasMessageStartingWith("a batch of 3 turns cannot be stored");

        assertThat(storage.queryTurns(TurnQuery.all(0, 10)).items()).extracting(AgentTurn::getTurnId)
                .containsExactly(kept.getTurnId());
        assertThat(storage.findTurn(kept.getTurnId()).orElseThrow().getCallCount()).isEqualTo(3);
        assertThat(storage.status().writeErrors()).isEqualTo(1);
        storage.writeTurns(List.of(ConformanceTurns.bareTurn(12, T0)));
        assertThat(storage.status().healthy()).as("the next batch succeeds").isTrue();
    }

    @Test
    void aReopenedDatabaseKeepsItsTurnsAndRecordsItsSchemaVersionOnce() throws Exception {
        ClickHouseStorage storage = open();
        AgentTurn turn = ConformanceTurns.fullTurn(21, T0);
        storage.writeTurns(List.of(turn));
        close(storage);

        ClickHouseStorage reopened = openBuffered(server.url(), database);

        assertThat(reopened.findTurn(turn.getTurnId()).orElseThrow()).usingRecursiveComparison().isEqualTo(turn);
        assertThat(server.sql("SELECT groupArray(version) FROM " + database + ".schema_migrations"))
                .isEqualTo("[" + Schema.LATEST + "]");
    }

    @Test
    void aDatabaseOfANewerSchemaIsRefused() throws Exception {
        ClickHouseStorage storage = open();
        close(storage);
        server.sql("INSERT INTO " + database + ".schema_migrations VALUES (" + (Schema.LATEST + 1) + ", 0)");

        assertThatThrownBy(() -> openBuffered(server.url(), database)).isInstanceOf(StorageException.class)
                .hasMessageContaining("schema v" + (Schema.LATEST + 1)).hasMessageContaining("newer");
    }

    /** Rows of one id once ClickHouse has merged the rewrites away (FINAL: as after the background merge). */
    private long rowsWithIdAfterClosing(ClickHouseStorage storage, String id) throws Exception {
        close(storage);
        return Long.parseLong(server.sql("SELECT count() FROM " + database + ".turns FINAL WHERE id = "
                + SqlLiteral.of(id)));
    }
}
