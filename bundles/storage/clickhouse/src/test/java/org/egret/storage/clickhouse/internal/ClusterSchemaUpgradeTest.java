package org.egret.storage.clickhouse.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.egret.api.decode.LlmCall;
import org.egret.api.storage.CallQuery;
import org.egret.storage.conformance.ConformanceTraffic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A two-shard cluster made by schema v2 (call bodies in spans) opens as the latest: each node's Egret moves its
 * local bodies and creates the Distributed spans again, and the union reads back whole.
 */
class ClusterSchemaUpgradeTest {
    private static final String DB = ClickHouseTestBase.uniqueDatabase();
    private static List<ClickHouseServer> shards;
    private static final List<ClickHouseStorage> opened = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        shards = ClickHouseServer.startShards();
    }

    @AfterAll
    static void stop() {
        opened.forEach(ClickHouseStorage::deactivate);
        if (shards != null) {
            shards.forEach(ClickHouseServer::close);
        }
    }

    private static ClickHouseStorage open(ClickHouseServer node) throws Exception {
        ClickHouseStorage s = new ClickHouseStorage();
        s.activate(TestConfigs.config("url", node.url(), "database", DB, "cluster", ClickHouseServer.CLUSTER,
                "retention_enabled", false));
        opened.add(s);
        return s;
    }

    @Test
    void eachNodeMovesItsBodiesAndTheUnionReadsBackWhole() throws Exception {
        Schema.Table v2 = new Schema.Table(Schema.SPANS.name(), Schema.SPANS.columns() + ", request_body "
                + "Nullable(String), request_body_blocks Nullable(String), response_body Nullable(String), "
                + "response_body_blocks Nullable(String)", Schema.SPANS.engine(), Schema.SPANS.partitionBy(),
                Schema.SPANS.orderBy(), Schema.SPANS.shardKey());
        long now = System.currentTimeMillis() * 1000;
        List<LlmCall> calls = new ArrayList<>();
        for (int n = 0; n < 2; n++) {
            ClickHouseServer node = shards.get(n);
            node.sql("CREATE DATABASE " + DB);
            node.sql("CREATE TABLE " + DB + ".schema_migrations (version UInt32, applied_us Int64) ENGINE = "
                    + "MergeTree ORDER BY version");
            node.sql("INSERT INTO " + DB + ".schema_migrations VALUES (2, 0)");
            for (Schema.Table t : List.of(v2, Schema.BODY_BLOCKS)) {
                node.sql(Schema.createLocal(DB, t, Schema.localName(t), ""));
                node.sql(Schema.createDistributed(DB, t, ClickHouseServer.CLUSTER, ""));
            }
            LlmCall call = ConformanceTraffic.fullCall(10 + n, now - n * 1_000_000L);
            calls.add(call);
            BodyBlocks.Batch blocks = new BodyBlocks().batch();
            ClickHouseHttp http = new ClickHouseHttp(URI.create(node.url() + "/"), "default", "",
                    Duration.ofSeconds(10));
            http.insertJsonRows(DB + ".spans_local", SchemaUpgradeTest.v2Row(call, blocks), Map.of());
            assertThat(blocks.blocks()).as("small bodies, in the row").isEmpty();
        }

        ClickHouseStorage a = open(shards.get(0));
        ClickHouseStorage b = open(shards.get(1));

        for (ClickHouseServer node : shards) {
            assertThat(node.sql("SELECT count() FROM system.columns WHERE database = '" + DB + "' AND table IN "
                    + "('spans', 'spans_local') AND name = 'request_body'")).as("old columns left").isEqualTo("0");
            assertThat(node.sql("SELECT count() FROM " + DB + ".call_bodies_local")).isEqualTo("1");
        }
        for (ClickHouseStorage s : List.of(a, b)) {
            assertThat(s.queryCalls(CallQuery.all(0, 10)).total()).isEqualTo(2);
            for (LlmCall c : calls) {
                assertThat(s.findCall(c.getId()).orElseThrow()).usingRecursiveComparison().isEqualTo(c);
            }
        }
        LlmCall next = ConformanceTraffic.fullCall(20, now);
        a.writeCalls(List.of(next));
        a.flush();
        assertThat(b.findCall(next.getId()).orElseThrow()).as("written through the new Distributed tables")
                .usingRecursiveComparison().isEqualTo(next);
    }
}
