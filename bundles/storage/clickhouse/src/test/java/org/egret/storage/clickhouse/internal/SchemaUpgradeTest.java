package org.egret.storage.clickhouse.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.egret.api.decode.LlmCall;
import org.egret.api.storage.CallQuery;
import org.egret.api.storage.TurnQuery;
import org.egret.api.turn.AgentTurn;
import org.egret.storage.conformance.ConformanceTraffic;
import org.egret.storage.conformance.ConformanceTurns;
import org.junit.jupiter.api.Test;

/**
 * A database made by schema v1 (turns partitioned by their start) or v2 (call bodies in spans) opens as the latest
 * with its data kept.
 */
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
        AgentTurn longTurn = ConformanceTurns.fullTurn(1, now - 40 * DAY).setEndTime(now - 2 * DAY);
        AgentTurn recent = ConformanceTurns.fullTurn(2, now - DAY);
        server.sql("INSERT INTO " + db + ".turns FORMAT JSONEachRow\n"
                + new String(TurnRows.row(longTurn, 1), StandardCharsets.UTF_8)
                + new String(TurnRows.row(recent, 2), StandardCharsets.UTF_8));

        ClickHouseStorage storage = openBuffered(server.url(), db, "retention_enabled", true, "retention_days", 30);

        assertThat(server.sql("SELECT partition_key FROM system.tables WHERE database = '" + db
                + "' AND name = 'turns'")).contains("end_us");
        assertThat(server.sql("SELECT count() FROM system.tables WHERE database = '" + db + "' AND name LIKE 'turns_%'"))
                .as("no copy or old table left").isEqualTo("0");
        assertThat(server.sql("SELECT groupArray(version) FROM (SELECT version FROM " + db
                + ".schema_migrations ORDER BY version)")).as("the version reached is recorded")
                .isEqualTo("[1," + Schema.LATEST + "]");
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
        AgentTurn turn = ConformanceTurns.fullTurn(3, System.currentTimeMillis() * 1000);
        storage.writeTurns(List.of(turn));
        close(storage);
        // what a start killed between the RENAME and the DROP leaves behind
        server.sql(Schema.createLocal(database, Schema.TURNS, "turns_v1", ""));

        ClickHouseStorage reopened = openBuffered(server.url(), database);

        assertThat(server.sql("SELECT count() FROM system.tables WHERE database = '" + database
                + "' AND name LIKE 'turns_%'")).isEqualTo("0");
        assertThat(reopened.findTurn(turn.getTurnId()).orElseThrow()).usingRecursiveComparison().isEqualTo(turn);
    }

    @Test
    void v2CallBodiesMoveOutOfSpansAndExpireWithTheBodyDays() throws Exception {
        long now = System.currentTimeMillis() * 1000;
        String db = uniqueDatabase();
        database = db;
        server.sql("CREATE DATABASE " + db);
        server.sql("CREATE TABLE " + db + ".schema_migrations (version UInt32, applied_us Int64) ENGINE = MergeTree "
                + "ORDER BY version");
        server.sql("INSERT INTO " + db + ".schema_migrations VALUES (1, 0), (2, 0)");
        Schema.Table v2 = new Schema.Table(Schema.SPANS.name(), Schema.SPANS.columns() + ", request_body "
                + "Nullable(String), request_body_blocks Nullable(String), response_body Nullable(String), "
                + "response_body_blocks Nullable(String)", Schema.SPANS.engine(), Schema.SPANS.partitionBy(),
                Schema.SPANS.orderBy(), Schema.SPANS.shardKey());
        server.sql(Schema.createLocal(db, v2, v2.name(), ""));
        server.sql(Schema.createLocal(db, Schema.BODY_BLOCKS, Schema.BODY_BLOCKS.name(), ""));
        LlmCall small = ConformanceTraffic.fullCall(1, now - 10 * DAY);
        LlmCall large = ConformanceTraffic.fullCall(2, now - DAY).setRequestBody(ConformanceTraffic.largeRequest(2));
        LlmCall bodiless = ConformanceTraffic.fullCall(3, now).setRequestBody(null).setResponseBody(null);
        BodyBlocks.Batch blocks = new BodyBlocks().batch();
        ByteArrayOutputStream spans = new ByteArrayOutputStream();
        for (LlmCall c : List.of(small, large, bodiless)) {
            spans.writeBytes(v2Row(c, blocks));
        }
        ByteArrayOutputStream blockRows = new ByteArrayOutputStream();
        for (BodyBlocks.Block b : blocks.blocks()) {
            try (JsonRow r = new JsonRow()) {
                blockRows.writeBytes(r.num("day", b.day()).str("id", b.idHex()).bytes("data", b.data()).finish());
            }
        }
        ClickHouseHttp http = new ClickHouseHttp(URI.create(server.url() + "/"), "default", "", Duration.ofSeconds(10));
        http.insertJsonRows(db + ".spans", spans.toByteArray(), Map.of());
        http.insertJsonRows(db + ".body_blocks", blockRows.toByteArray(), Map.of());

        ClickHouseStorage storage = openBuffered(server.url(), db, "retention_enabled", true, "retention_days", 30,
                "retention_body_days", 7);

        assertThat(server.sql("SELECT count() FROM system.columns WHERE database = '" + db + "' AND table = 'spans' "
                + "AND name LIKE '%body%' AND name != 'body_bytes_dropped'")).as("body columns left in spans")
                .isEqualTo("0");
        assertThat(server.sql("SELECT count() FROM " + db + ".call_bodies")).as("one bodies row per call with bodies")
                .isEqualTo("2");
        assertThat(server.sql("SELECT groupArray(version) FROM (SELECT version FROM " + db
                + ".schema_migrations ORDER BY version)")).isEqualTo("[1,2,3]");
        for (LlmCall c : List.of(small, large, bodiless)) {
            assertThat(storage.findCall(c.getId()).orElseThrow()).usingRecursiveComparison().isEqualTo(c);
        }
        storage.sweepRetention(now);
        LlmCall kept = storage.findCall(small.getId()).orElseThrow();
        assertThat(kept.getRequestBody()).as("10 days old, past the body days").isNull();
        assertThat(kept.getResponseBody()).isNull();
        assertThat(kept).usingRecursiveComparison().ignoringFields("requestBody", "responseBody").isEqualTo(small);
        assertThat(storage.findCall(large.getId()).orElseThrow()).usingRecursiveComparison().isEqualTo(large);
        close(storage);

        ClickHouseStorage again = openBuffered(server.url(), db);
        assertThat(again.queryCalls(CallQuery.all(0, 10)).total()).as("a second start changes nothing").isEqualTo(3);
        assertThat(server.sql("SELECT count() FROM " + db + ".call_bodies")).isEqualTo("1");
    }

    /** A spans row as schema v2 wrote it: the call's columns and its bodies in one row. */
    static byte[] v2Row(LlmCall c, BodyBlocks.Batch blocks) {
        byte[] span = SpanRows.row(c);
        byte[] bodies = SpanRows.bodiesRow(c, blocks);
        if (bodies == null) {
            return span;
        }
        // the bodies row's fields after its id and request_us, spliced before the span's closing brace
        String text = new String(bodies, StandardCharsets.ISO_8859_1);
        String fields = text.substring(text.indexOf("\"request_body\""));
        ByteArrayOutputStream row = new ByteArrayOutputStream();
        row.write(span, 0, span.length - 2);
        row.write(',');
        row.writeBytes(fields.getBytes(StandardCharsets.ISO_8859_1));
        return row.toByteArray();
    }
}
