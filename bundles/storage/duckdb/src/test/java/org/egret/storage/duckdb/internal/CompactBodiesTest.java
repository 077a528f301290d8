package org.egret.storage.duckdb.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.egret.storage.conformance.ConformanceTraffic.T0;
import static org.egret.storage.conformance.ConformanceTraffic.incompressible;
import static org.egret.storage.conformance.ConformanceTraffic.largeRequest;
import static org.egret.storage.conformance.ConformanceTraffic.largeStream;
import static org.egret.storage.conformance.ConformanceTraffic.withBodies;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.egret.api.decode.LlmCall;
import org.egret.api.storage.CallQuery;
import org.egret.api.storage.ExchangeRecord;
import org.egret.storage.conformance.ConformanceTraffic;
import org.junit.jupiter.api.Test;

/**
 * Schema v2: a request body stored once, invisible to readers. (v2's deflated bodies: {@link Lz4BodiesTest}, which
 * also covers v3's LZ4 bodies.)
 */
class CompactBodiesTest extends DuckDbStorageTestBase {

    private static Object[] spanColumns(Path file, String id) throws Exception {
        try (Connection c = jdbc(file); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT request_body, request_body_in_exchange FROM spans WHERE id = '"
                        + id + "'")) {
            rs.next();
            return new Object[] {rs.getString(1), rs.getObject(2)};
        }
    }

    /** A large call body stored as blocks (v8): the VARCHAR column NULL, the block list set. */
    private static boolean spanBodyInBlocks(Path file, String id, String body) throws Exception {
        try (Connection c = jdbc(file); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT " + body + " IS NULL AND " + body + "_blocks IS NOT NULL "
                        + "FROM spans WHERE id = '" + id + "'")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    @Test
    void aRequestBodyItsExchangeHoldsIsStoredOnceAndReadBackWhole() throws Exception {
        Path file = dir.resolve("egret.duckdb");
        DuckDbStorage storage = open(file);
        String request = largeRequest(1);
        ExchangeRecord x = withBodies(1, request.getBytes(StandardCharsets.UTF_8), largeStream(1));
        LlmCall written = ConformanceTraffic.fullCall(1, T0).setExchangeId(x.id()).setRequestBody(request);

        storage.writeExchanges(List.of(x));
        storage.writeCalls(List.of(written));

        assertThat(storage.findCall(written.getId()).orElseThrow()).usingRecursiveComparison().isEqualTo(written);
        assertThat(storage.queryCalls(CallQuery.all(0, 10)).items().get(0).getRequestBody()).isNull();
        assertThat(storage.findExchange(x.id()).orElseThrow()).usingRecursiveComparison()
                .ignoringFields("exchange.response.events").isEqualTo(x);
        close(storage);
        assertThat(spanColumns(file, written.getId())).containsExactly(null, true);
        // the one copy is the exchange's, as blocks
        assertThat(Lz4BodiesTest.blocksLength(file, x.id(), "request_body")).isPositive();

        DuckDbStorage reopened = open(file);
        assertThat(reopened.findCall(written.getId()).orElseThrow().getRequestBody()).isEqualTo(request);
    }

    @Test
    void aCallWithoutAnExchangeRowKeepsItsOwnRequestBody() throws Exception {
        Path file = dir.resolve("egret.duckdb");
        DuckDbStorage storage = open(file);
        LlmCall written = ConformanceTraffic.fullCall(2, T0); // its exchange id names no stored exchange

        storage.writeCalls(List.of(written));

        assertThat(storage.findCall(written.getId()).orElseThrow()).usingRecursiveComparison().isEqualTo(written);
        close(storage);
        assertThat(spanColumns(file, written.getId())).containsExactly(written.getRequestBody(), false);
    }

    @Test
    void aCallWhoseRequestBodyDiffersFromItsExchangesKeepsItsOwn() throws Exception {
        Path file = dir.resolve("egret.duckdb");
        DuckDbStorage storage = open(file);
        String request = largeRequest(3);
        ExchangeRecord x = withBodies(3, request.getBytes(StandardCharsets.UTF_8), largeStream(3));
        // e.g. the body cap cut the text differently from the bytes
        LlmCall capped = ConformanceTraffic.fullCall(3, T0).setExchangeId(x.id()).setRequestBody(request.substring(1));
        ExchangeRecord y = withBodies(4, null, largeStream(4));
        LlmCall withoutBody = ConformanceTraffic.fullCall(4, T0).setExchangeId(y.id()).setRequestBody(null);
        ExchangeRecord z = withBodies(5, request.getBytes(StandardCharsets.UTF_8), largeStream(5));
        // same body, but the exchange was decoded into another call
        LlmCall otherCall = ConformanceTraffic.fullCall(6, T0).setExchangeId(z.id()).setRequestBody(request);

        storage.writeExchanges(List.of(x, y, z));
        storage.writeCalls(List.of(capped, withoutBody, otherCall));

        for (LlmCall c : List.of(capped, withoutBody, otherCall)) {
            assertThat(storage.findCall(c.getId()).orElseThrow()).usingRecursiveComparison().isEqualTo(c);
        }
        close(storage);
        // their own copies, large, as blocks: mostly the exchange's blocks, stored once
        assertThat(spanColumns(file, capped.getId())).containsExactly(null, false);
        assertThat(spanBodyInBlocks(file, capped.getId(), "request_body")).isTrue();
        assertThat(spanColumns(file, withoutBody.getId())).containsExactly(null, false);
        assertThat(spanColumns(file, otherCall.getId())).containsExactly(null, false);
        assertThat(spanBodyInBlocks(file, otherCall.getId(), "request_body")).isTrue();
    }

    @Test
    void aFailedCallBatchStillSharesOnRetry() throws Exception {
        Path file = dir.resolve("egret.duckdb");
        DuckDbStorage storage = open(file);
        String request = largeRequest(7);
        ExchangeRecord x = withBodies(7, request.getBytes(StandardCharsets.UTF_8), largeStream(7));
        LlmCall call = ConformanceTraffic.fullCall(7, T0).setExchangeId(x.id()).setRequestBody(request);
        storage.writeExchanges(List.of(x));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> storage.writeCalls(
                List.of(call, ConformanceTraffic.fullCall(8, T0).setId(null))));
        storage.writeCalls(List.of(call));

        assertThat(storage.findCall(call.getId()).orElseThrow()).usingRecursiveComparison().isEqualTo(call);
        close(storage);
        assertThat(spanColumns(file, call.getId())).containsExactly(null, true);
    }

    @Test
    void aVersion1FileIsMigratedAndItsRowsReadAsBefore() throws Exception {
        Path file = dir.resolve("egret.duckdb");
        DuckDbStorage storage = open(file);
        LlmCall call = ConformanceTraffic.fullCall(11, T0);
        ExchangeRecord x = ConformanceTraffic.sseExchange(11, T0);
        storage.writeCalls(List.of(call));
        storage.writeExchanges(List.of(x));
        close(storage);
        // back to what version 1 wrote: no v2 to v5 columns, no v6 turns table, bodies (all small here) stored whole
        try (Connection c = jdbc(file); Statement s = c.createStatement()) {
            for (String v4 : List.of("server_kind", "agent_kind", "model_substituted", "request_tools",
                    "tool_results", "cost_usd", "session_id", "subagent", "auxiliary")) {
                s.execute("ALTER TABLE spans DROP COLUMN " + v4);
            }
            s.execute("ALTER TABLE spans DROP COLUMN request_body_in_exchange");
            s.execute("ALTER TABLE http_exchanges DROP COLUMN request_body_deflated");
            s.execute("ALTER TABLE http_exchanges DROP COLUMN response_body_deflated");
            s.execute("ALTER TABLE http_exchanges DROP COLUMN request_body_lz4");
            s.execute("ALTER TABLE http_exchanges DROP COLUMN response_body_lz4");
            for (String table : List.of("spans", "http_exchanges")) {
                s.execute("ALTER TABLE " + table + " DROP COLUMN request_body_blocks");
                s.execute("ALTER TABLE " + table + " DROP COLUMN response_body_blocks");
            }
            for (String v8 : List.of("body_blocks", "metric_rollups", "health_samples")) {
                s.execute("DROP TABLE " + v8);
            }
            s.execute("DROP TABLE turns");
            s.execute("DELETE FROM schema_migrations WHERE version > 1");
        }

        DuckDbStorage migrated = open(file);

        // what v4 added was not known to a v1 row: empty, not invented
        LlmCall read = migrated.findCall(call.getId()).orElseThrow();
        assertThat(read).usingRecursiveComparison().ignoringFields("serverKind", "agentKind", "modelSubstituted",
                "requestTools", "toolResults", "costUsd", "sessionId", "subagent", "auxiliary").isEqualTo(call);
        assertThat(read.getSessionId()).isNull();
        assertThat(read.getCostUsd()).isNull();
        assertThat(read.getServerKind()).isNull();
        assertThat(read.getAgentKind()).isNull();
        assertThat(read.isModelSubstituted()).isFalse();
        assertThat(read.getRequestTools()).isEmpty();
        assertThat(read.getToolResults()).isEmpty();
        assertThat(migrated.findExchange(x.id()).orElseThrow()).usingRecursiveComparison()
                .ignoringFields("exchange.response.events").isEqualTo(x);
        LlmCall next = ConformanceTraffic.fullCall(12, T0 + 1);
        migrated.writeCalls(List.of(next));
        assertThat(migrated.findCall(next.getId()).orElseThrow()).usingRecursiveComparison().isEqualTo(next);
    }

    @Test
    void textIsComparedWithItsUtf8EncodingExactly() {
        for (String text : List.of("", "plain ascii", ConformanceTraffic.UNICODE, "ß", "€", "🦅", "a🦅b日本", largeRequest(1))) {
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            assertThat(SharedRequestBodies.isUtf8Of(utf8, text)).as(text).isTrue();
            if (!text.isEmpty()) {
                assertThat(SharedRequestBodies.isUtf8Of(java.util.Arrays.copyOf(utf8, utf8.length - 1), text))
                        .isFalse();
                assertThat(SharedRequestBodies.isUtf8Of(java.util.Arrays.copyOf(utf8, utf8.length + 1), text))
                        .isFalse();
                assertThat(SharedRequestBodies.isUtf8Of(utf8, text + "x")).isFalse();
                assertThat(SharedRequestBodies.isUtf8Of(utf8, "x" + text.substring(1))).as(text).isFalse();
            }
        }
        String unpaired = "a\ud83eb";
        assertThat(SharedRequestBodies.isUtf8Of(unpaired.getBytes(StandardCharsets.UTF_8), unpaired)).isFalse();
        assertThat(SharedRequestBodies.isUtf8Of(bytes(0x61, 0xed, 0xa0, 0xbe, 0x62), unpaired)).isFalse(); // CESU-8
        assertThat(SharedRequestBodies.isUtf8Of("\ud83e".getBytes(StandardCharsets.UTF_8), "\ud83e")).isFalse();
        assertThat(SharedRequestBodies.isUtf8Of("é".getBytes(StandardCharsets.ISO_8859_1), "é")).isFalse();
        assertThat(SharedRequestBodies.isUtf8Of(bytes(0xc0, 0xaf), "/")).isFalse(); // overlong
        // U+FFFD is also what the decoder makes of a malformed byte: only a real one matches
        for (String text : List.of("\ufffd", "a\ufffdb", "{\"x\":\"\ufffd🦅\"}")) {
            assertThat(SharedRequestBodies.isUtf8Of(text.getBytes(StandardCharsets.UTF_8), text)).as(text).isTrue();
        }
        assertThat(SharedRequestBodies.isUtf8Of(bytes(0x80), "\ufffd")).isFalse();
        assertThat(SharedRequestBodies.isUtf8Of(bytes(0x61, 0xff, 0x62), "a\ufffdb")).isFalse();
        assertThat(SharedRequestBodies.isUtf8Of(bytes(0x61, 0xe2, 0x82, 0x62), "a\ufffdb")).isFalse();
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    @Test
    void rememberedBodiesAreBoundedAndForgottenOnceTheirCallIsWritten() {
        SharedRequestBodies shared = new SharedRequestBodies(2, 1_000_000);
        byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        ExchangeRecord a = withBodies(20, body, new byte[1]);
        ExchangeRecord b = withBodies(21, body, new byte[1]);
        ExchangeRecord c = withBodies(22, body, new byte[1]);
        ExchangeRecord notACall = new ExchangeRecord("x-plain", a.exchange(), null);

        shared.committed(List.of(a, b, c, notACall));

        assertThat(shared.size()).isEqualTo(2);
        assertThat(shared.holds(a.id(), a.callId(), "{\"a\":1}")).isFalse(); // the oldest went first
        assertThat(shared.holds(b.id(), b.callId(), "{\"a\":1}")).isTrue();
        assertThat(shared.holds(b.id(), c.callId(), "{\"a\":1}")).isFalse();
        assertThat(shared.holds(c.id(), c.callId(), "{\"a\":2}")).isFalse();
        assertThat(shared.holds("x-plain", null, "{\"a\":1}")).isFalse();
        shared.callsCommitted(List.of(b.id()));
        assertThat(shared.holds(b.id(), b.callId(), "{\"a\":1}")).isFalse();
        assertThat(shared.bytes()).isEqualTo(body.length);

        SharedRequestBodies small = new SharedRequestBodies(100, 10);
        small.committed(List.of(a, b));
        assertThat(small.size()).isEqualTo(1);
        assertThat(small.bytes()).isEqualTo(body.length);
    }
}
