package org.egret.storage.duckdb.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.egret.storage.conformance.ConformanceTraffic.incompressible;
import static org.egret.storage.conformance.ConformanceTraffic.largeRequest;
import static org.egret.storage.conformance.ConformanceTraffic.largeStream;
import static org.egret.storage.conformance.ConformanceTraffic.withBodies;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;
import org.egret.api.http.HttpExchange;
import org.egret.api.http.HttpRequest;
import org.egret.api.http.HttpResponse;
import org.egret.api.storage.ExchangeRecord;
import org.egret.api.storage.StorageException;
import org.egret.storage.conformance.ConformanceTraffic;
import org.junit.jupiter.api.Test;

/**
 * Schema v3: exchange bodies of 1 to 4 KiB stored LZ4-compressed (larger ones are blocks from v8 on, see
 * {@link BodyBlocksTest}), and the v2 (DEFLATE) and v1 (plain) rows still read.
 */
class Lz4BodiesTest extends DuckDbStorageTestBase {

    /** octet_length of a body's columns: {plain, deflated, lz4, blocks}, null where NULL. */
    static Long[] stored(Path file, String id, String body) throws Exception {
        try (Connection c = jdbc(file); PreparedStatement ps = c.prepareStatement("SELECT octet_length(" + body
                + "), octet_length(" + body + "_deflated), octet_length(" + body + "_lz4), octet_length(" + body
                + "_blocks) FROM http_exchanges WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as(id).isTrue();
                return new Long[] {(Long) rs.getObject(1), (Long) rs.getObject(2), (Long) rs.getObject(3),
                    (Long) rs.getObject(4)};
            }
        }
    }

    /** A prefix of a large body, inside the LZ4 range (1 to 4 KiB). */
    static byte[] mid(byte[] body, int length) {
        assertThat(length).isBetween(Lz4BodyCodec.MIN_BYTES, BodyBlockWriter.MIN_BODY_BYTES - 1);
        return Arrays.copyOf(body, length);
    }

    /** The stored length of a body that must be in its LZ4 column only. */
    static long lz4Length(Path file, String id, String body) throws Exception {
        Long[] s = stored(file, id, body);
        assertThat(s[0]).as("%s %s", id, body).isNull();
        assertThat(s[1]).as("%s %s_deflated", id, body).isNull();
        assertThat(s[2]).as("%s %s_lz4", id, body).isNotNull();
        assertThat(s[3]).as("%s %s_blocks", id, body).isNull();
        return s[2];
    }

    /** The stored length of the block list of a body that must be in its blocks column only. */
    static long blocksLength(Path file, String id, String body) throws Exception {
        Long[] s = stored(file, id, body);
        assertThat(s[0]).as("%s %s", id, body).isNull();
        assertThat(s[1]).as("%s %s_deflated", id, body).isNull();
        assertThat(s[2]).as("%s %s_lz4", id, body).isNull();
        assertThat(s[3]).as("%s %s_blocks", id, body).isNotNull();
        return s[3];
    }

    /** Field for field; bodies compared apart, as the recursive comparison is slow on megabytes of array. */
    private static void assertReadsBack(DuckDbStorage storage, List<ExchangeRecord> written) throws Exception {
        for (ExchangeRecord x : written) {
            ExchangeRecord read = storage.findExchange(x.id()).orElseThrow();
            assertThat(read).as(x.id()).usingRecursiveComparison().ignoringFields("exchange.request.body",
                    "exchange.response.body", "exchange.response.events").isEqualTo(x);
            assertThat(read.exchange().request().body()).as(x.id()).isEqualTo(x.exchange().request().body());
            assertThat(read.exchange().response().body()).as(x.id()).isEqualTo(x.exchange().response().body());
        }
    }

    @Test
    void requestAndSseBodiesOfEverySizeRoundTrip() throws Exception {
        Path file = dir.resolve("egret.duckdb");
        DuckDbStorage storage = open(file);
        byte[] request = mid(largeRequest(1).getBytes(StandardCharsets.UTF_8), 4000);
        byte[] stream = mid(largeStream(1), 4095);
        byte[] tiny = Arrays.copyOf(request, Lz4BodyCodec.MIN_BYTES - 1);
        byte[] atMin = Arrays.copyOf(request, Lz4BodyCodec.MIN_BYTES);
        byte[] random = incompressible(3_000);
        byte[] large = largeRequest(2).repeat(70).getBytes(StandardCharsets.UTF_8); // ~2 MB
        List<ExchangeRecord> written = List.of(
                withBodies(1, request, stream),
                withBodies(2, new byte[0], new byte[0]),
                withBodies(3, tiny, "data: tiny\n\n".getBytes(StandardCharsets.UTF_8)),
                withBodies(4, atMin, atMin),
                withBodies(5, random, random),
                withBodies(6, large, large),
                withBodies(7, null, stream));

        storage.writeExchanges(written);

        assertReadsBack(storage, written);
        close(storage);
        assertThat(lz4Length(file, written.get(0).id(), "request_body")).isLessThan(request.length / 2);
        assertThat(lz4Length(file, written.get(0).id(), "response_body")).isLessThan(stream.length / 4);
        assertThat(stored(file, written.get(1).id(), "request_body")).containsExactly(0L, null, null, null);
        assertThat(stored(file, written.get(2).id(), "request_body"))
                .containsExactly((long) tiny.length, null, null, null);
        assertThat(lz4Length(file, written.get(3).id(), "response_body")).isLessThan(atMin.length);
        assertThat(stored(file, written.get(4).id(), "request_body"))
                .containsExactly((long) random.length, null, null, null);
        // 4 KiB and more: a block list in the row, the bytes in body_blocks
        assertThat(blocksLength(file, written.get(5).id(), "request_body")).isLessThan(large.length / 100);
        assertThat(lz4Length(file, written.get(5).id(), "response_body")).isLessThan(large.length / 5);
        assertThat(stored(file, written.get(6).id(), "request_body")).containsExactly(null, null, null, null);

        DuckDbStorage reopened = open(file);
        assertReadsBack(reopened, written);
    }

    @Test
    void theLz4ColumnsComeLastAndSkipDuckDbsCompression() throws Exception {
        Path file = dir.resolve("egret.duckdb");
        close(open(file));
        try (Connection c = jdbc(file); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT sql FROM duckdb_tables() WHERE table_name = 'http_exchanges'")) {
            rs.next();
            assertThat(rs.getString(1)).containsIgnoringCase(
                    "problem VARCHAR, request_body_deflated BLOB USING COMPRESSION uncompressed, "
                            + "response_body_deflated BLOB USING COMPRESSION uncompressed, "
                            + "request_body_lz4 BLOB USING COMPRESSION uncompressed, "
                            + "response_body_lz4 BLOB USING COMPRESSION uncompressed, "
                            + "request_body_blocks BLOB USING COMPRESSION uncompressed, "
                            + "response_body_blocks BLOB USING COMPRESSION uncompressed)");
        }
    }

    /** Deflated as schema v2's writer did: raw DEFLATE at level 1, only when that saved an eighth. */
    private static byte[] deflatedAsV2(byte[] body) {
        if (body == null || body.length < 1024) {
            return null;
        }
        Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
        try {
            deflater.setInput(body);
            deflater.finish();
            byte[] out = new byte[body.length];
            int n = deflater.deflate(out);
            return deflater.finished() && n <= body.length - body.length / 8 ? Arrays.copyOf(out, n) : null;
        } finally {
            deflater.end();
        }
    }

    /** A row as schema v2 wrote it, column by column in the v2 table's order. */
    private static void insertAsV2(Connection c, ExchangeRecord r) throws Exception {
        HttpExchange x = r.exchange();
        HttpRequest q = x.request();
        HttpResponse p = x.response();
        byte[] requestDeflated = deflatedAsV2(q.body());
        byte[] responseDeflated = deflatedAsV2(p.body());
        List<Object> values = new ArrayList<>(Arrays.asList(r.id(), x.sourceId(), r.callId(), x.client().ip(),
                x.client().port(), x.server().ip(), x.server().port(), q.method(), q.target(), q.version(),
                JsonColumns.headers(q.headers()), requestDeflated == null ? q.body() : null, q.bodyLength(),
                q.bodyTruncated(), p.status(), p.reason(), p.version(), JsonColumns.headers(p.headers()),
                responseDeflated == null ? p.body() : null, p.bodyLength(), p.bodyTruncated(), p.isEventStream(),
                p.events().size(), q.startMicros(), q.endMicros(), p.startMicros(), p.endMicros(),
                (p.endMicros() - q.startMicros()) / 1000.0, p.complete(), x.problem(), requestDeflated,
                responseDeflated));
        String timestamps = "make_timestamp(?), make_timestamp(?), make_timestamp(?), make_timestamp(?)";
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO http_exchanges VALUES (" + "?, ".repeat(23)
                + timestamps + ", ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < values.size(); i++) {
                ps.setObject(i + 1, values.get(i));
            }
            ps.executeUpdate();
        }
    }

    @Test
    void aVersion2FileIsMigratedAndItsDeflatedAndPlainBodiesReadAsBefore() throws Exception {
        Path file = dir.resolve("egret.duckdb");
        String request = largeRequest(20);
        ExchangeRecord deflated = withBodies(20, request.getBytes(StandardCharsets.UTF_8), largeStream(20));
        ExchangeRecord plain = withBodies(21, "{}".getBytes(StandardCharsets.UTF_8), incompressible(5_000));
        try (Connection c = jdbc(file)) {
            assertThat(SchemaMigrations.migrate(c, file, 2)).isZero();
            insertAsV2(c, deflated);
            insertAsV2(c, plain);
            try (Statement s = c.createStatement()) {
                // a call whose request body v2 left to its exchange
                s.execute("INSERT INTO spans (id, exchange_id, request_time, request_body_in_exchange) "
                        + "VALUES ('call-20', '" + deflated.id() + "', TIMESTAMP '2026-11-20 09:00:00', true)");
            }
        }

        DuckDbStorage migrated = open(file);

        assertReadsBack(migrated, List.of(deflated, plain));
        assertThat(migrated.findCall("call-20").orElseThrow().getRequestBody()).isEqualTo(request);
        ExchangeRecord next = withBodies(22, request.getBytes(StandardCharsets.UTF_8), largeStream(22));
        migrated.writeExchanges(List.of(next));
        assertReadsBack(migrated, List.of(deflated, plain, next));
        close(migrated);
        assertThat(blocksLength(file, next.id(), "request_body")).isPositive();
        assertThat(lz4Length(file, next.id(), "response_body")).isPositive();
        // the v2 rows as they were: deflated where that saved an eighth, else plain
        for (String body : List.of("request_body", "response_body")) {
            Long[] s = stored(file, deflated.id(), body);
            assertThat(s[0]).isNull();
            assertThat(s[1]).isPositive();
            assertThat(s[2]).isNull();
        }
        assertThat(stored(file, plain.id(), "response_body")).containsExactly(5_000L, null, null, null);
        try (Connection c = jdbc(file); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT string_agg(version::VARCHAR, ',' ORDER BY version) "
                        + "FROM schema_migrations")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("1,2,3,4,5,6,7,8");
        }
    }

    @Test
    void aCorruptLz4ColumnIsAClearErrorAndOtherRowsStillRead() throws Exception {
        Path file = dir.resolve("egret.duckdb");
        DuckDbStorage storage = open(file);
        ExchangeRecord cut = withBodies(30, mid(largeRequest(30).getBytes(StandardCharsets.UTF_8), 3000),
                mid(largeStream(30), 3000));
        ExchangeRecord overlong = withBodies(31, mid(largeRequest(31).getBytes(StandardCharsets.UTF_8), 3000),
                mid(largeStream(31), 3000));
        ExchangeRecord fine = withBodies(32, mid(largeRequest(32).getBytes(StandardCharsets.UTF_8), 3000),
                mid(largeStream(32), 3000));
        storage.writeExchanges(List.of(cut, overlong, fine));
        close(storage);
        try (Connection c = jdbc(file); Statement s = c.createStatement()) {
            s.execute("UPDATE http_exchanges SET response_body_lz4 = response_body_lz4[1:octet_length("
                    + "response_body_lz4) - 7] WHERE id = '" + cut.id() + "'");
            // a length of 2^32 - 1 in front of the same block
            s.execute("UPDATE http_exchanges SET request_body_lz4 = '\\xFF\\xFF\\xFF\\xFF'::BLOB || "
                    + "request_body_lz4[5:] WHERE id = '" + overlong.id() + "'");
        }

        DuckDbStorage reopened = open(file);

        assertThatThrownBy(() -> reopened.findExchange(cut.id())).isInstanceOf(StorageException.class)
                .hasMessageStartingWith("reading HTTP exchange " + cut.id() + " in DuckDB " + file + " failed: "
                        + "http_exchanges.response_body_lz4 ");
        assertThatThrownBy(() -> reopened.findExchange(overlong.id())).isInstanceOf(StorageException.class)
                .hasMessageContaining("failed: http_exchanges.request_body_lz4 claims a body of 4294967295 bytes");
        assertReadsBack(reopened, List.of(fine));
        assertThat(reopened.status().healthy()).isTrue();
    }
}
