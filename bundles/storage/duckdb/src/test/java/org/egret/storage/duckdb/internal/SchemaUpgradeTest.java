package org.egret.storage.duckdb.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;
import org.egret.api.decode.LlmCall;
import org.egret.api.storage.CallQuery;
import org.egret.api.storage.ExchangeRecord;
import org.egret.api.storage.MetricRollup;
import org.egret.api.storage.RollupQuery;
import org.egret.api.storage.TimeRange;
import org.egret.api.storage.TurnQuery;
import org.egret.api.turn.AgentTurn;
import org.egret.storage.conformance.ConformanceTraffic;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A file made at every older schema version, with rows as that version wrote them (by column name, so only its
 * columns), opened by the current code: upgraded to {@link SchemaMigrations#LATEST} in place, its rows and bodies
 * read as before, and new rows written beside them.
 */
class SchemaUpgradeTest extends DuckDbStorageTestBase {
    private static final long T0 = ConformanceTraffic.T0;

    private static byte[] deflated(byte[] body) {
        Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
        try {
            deflater.setInput(body);
            deflater.finish();
            byte[] out = new byte[body.length + 64];
            int n = deflater.deflate(out);
            assertThat(deflater.finished()).isTrue();
            return Arrays.copyOf(out, n);
        } finally {
            deflater.end();
        }
    }

    /** The request and response body columns of an exchange as version {@code v} wrote a large body. */
    private static String[] bodyColumns(int v) {
        return v >= 3 ? new String[] {"request_body_lz4", "response_body_lz4"}
                : v == 2 ? new String[] {"request_body_deflated", "response_body_deflated"}
                        : new String[] {"request_body", "response_body"};
    }

    private static byte[] stored(int v, byte[] body) {
        return v >= 3 ? new Lz4BodyCodec().pack(body) : v == 2 ? deflated(body) : body;
    }

    @ParameterizedTest(name = "v{0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7})
    void aFileOfAnOlderVersionIsUpgradedKeepsItsRowsAndReadsItsBodies(int version) throws Exception {
        Path file = dir.resolve("v" + version + ".duckdb");
        byte[] request = AgentConversation.requests(4, 3_000, version).get(3);
        byte[] response = ConformanceTraffic.largeStream(version);
        String callBody = new String(AgentConversation.requests(2, 2_500, 50 + version).get(1),
                StandardCharsets.UTF_8);
        try (Connection c = jdbc(file)) {
            assertThat(SchemaMigrations.migrate(c, file, version)).isZero();
            String[] columns = bodyColumns(version);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO http_exchanges (id, call_id, method, uri, "
                    + "request_body_length, status, response_headers, response_body_length, request_time, complete, "
                    + columns[0] + ", " + columns[1] + ") VALUES ('x-old', 'call-old', 'POST', '/v1/messages', ?, "
                    + "200, '[[\"content-type\",\"text/event-stream\"]]', ?, make_timestamp(?), true, ?, ?)")) {
                ps.setLong(1, request.length);
                ps.setLong(2, response.length);
                ps.setLong(3, T0);
                ps.setBytes(4, stored(version, request));
                ps.setBytes(5, stored(version, response));
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO spans (id, exchange_id, wire_api, model, "
                    + "request_time, input_tokens, request_body, response_body) VALUES ('call-own', NULL, "
                    + "'anthropic', 'claude-old', make_timestamp(?), 42, ?, '{\"ok\":true}')")) {
                ps.setLong(1, T0 + 1);
                ps.setString(2, callBody);
                ps.executeUpdate();
            }
            if (version >= 2) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO spans (id, exchange_id, request_time, "
                        + "request_body_in_exchange) VALUES ('call-old', 'x-old', make_timestamp(?), true)")) {
                    ps.setLong(1, T0);
                    ps.executeUpdate();
                }
            }
            if (version >= 6) {
                try (Statement s = c.createStatement()) {
                    s.execute("INSERT INTO turns (id, session_id, start_time, end_time, status, call_ids, models) "
                            + "VALUES ('turn-old', 'session-old', TIMESTAMP '2026-11-20 09:00:00', "
                            + "TIMESTAMP '2026-11-20 09:01:00', 'complete', ['call-old'], ['claude-old'])");
                }
            }
        }

        DuckDbStorage upgraded = open(file);

        ExchangeRecord x = upgraded.findExchange("x-old").orElseThrow();
        assertThat(x.exchange().request().body()).isEqualTo(request);
        assertThat(x.exchange().response().body()).isEqualTo(response);
        assertThat(x.exchange().problem()).isNull();
        LlmCall own = upgraded.findCall("call-own").orElseThrow();
        assertThat(own.getRequestBody()).isEqualTo(callBody);
        assertThat(own.getModel()).isEqualTo("claude-old");
        assertThat(own.getInputTokens()).isEqualTo(42);
        if (version >= 2) {
            assertThat(upgraded.findCall("call-old").orElseThrow().getRequestBody())
                    .isEqualTo(new String(request, StandardCharsets.UTF_8));
        }
        if (version >= 6) {
            AgentTurn turn = upgraded.findTurn("turn-old").orElseThrow();
            assertThat(turn.getCallIds()).containsExactly("call-old");
            assertThat(upgraded.queryTurns(TurnQuery.all(0, 10)).total()).isEqualTo(1);
        }
        // new rows beside the old ones, in the new layout
        ExchangeRecord next = ConformanceTraffic.withBodies(9, T0 + 9, request, response);
        upgraded.writeExchanges(List.of(next));
        upgraded.writeRollups(List.of(new MetricRollup("local", MetricsHistoryTest.window(
                org.egret.api.pipeline.MetricGranularity.ONE_MINUTE.windowStart(T0), "anthropic", null, 2))));
        assertThat(upgraded.findExchange(next.id()).orElseThrow().exchange().request().body()).isEqualTo(request);
        assertThat(upgraded.queryRollups(RollupQuery.range(TimeRange.ALL, 10))).hasSize(1);
        assertThat(upgraded.queryCalls(CallQuery.all(0, 10)).total()).isEqualTo(version >= 2 ? 2 : 1);
        close(upgraded);
        try (Connection c = jdbc(file); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT string_agg(version::VARCHAR, ',' ORDER BY version) "
                        + "FROM schema_migrations")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("1,2,3,4,5,6,7,8");
        }
        assertThat(Lz4BodiesTest.blocksLength(file, next.id(), "request_body")).isPositive();
        // the old row as it was written
        assertThat(Lz4BodiesTest.stored(file, "x-old", "request_body")[3]).isNull();
    }
}
