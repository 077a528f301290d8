package org.egret.storage.duckdb.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.egret.storage.duckdb.internal.SampleTraffic.T0;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Random;
import org.egret.api.decode.LlmCall;
import org.egret.api.http.HttpExchange;
import org.egret.api.http.HttpRequest;
import org.egret.api.http.HttpResponse;
import org.egret.api.storage.CallQuery;
import org.egret.api.storage.ExchangeRecord;
import org.junit.jupiter.api.Test;

/** Schema v2: a request body stored once, and large exchange bodies stored deflated, all invisible to readers. */
class CompactBodiesTest extends DuckDbStorageTestBase {

    /** An SSE exchange decoded into call {@code n} whose request body is {@code requestBody}. */
    private static ExchangeRecord exchange(int n, byte[] requestBody, byte[] responseBody) {
        ExchangeRecord base = SampleTraffic.sseExchange(n, T0 + n);
        HttpRequest q = base.exchange().request();
        HttpResponse p = base.exchange().response();
        HttpRequest request = new HttpRequest(q.method(), q.target(), q.version(), q.headers(), requestBody,
                requestBody == null ? 0 : requestBody.length, false, q.startMicros(), q.endMicros());
        HttpResponse response = new HttpResponse(p.status(), p.reason(), p.version(), p.headers(), responseBody,
                responseBody.length, false, List.of(), p.startMicros(), p.endMicros(), p.complete());
        HttpExchange x = base.exchange();
        return new ExchangeRecord(base.id(), new HttpExchange(x.sourceId(), x.client(), x.server(), request,
                response, x.problem()), base.callId());
    }

    private static String largeRequest(int n) {
        StringBuilder sb = new StringBuilder("{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[");
        while (sb.length() < 30_000) {
            sb.append("{\"role\":\"user\",\"content\":\"").append(SampleTraffic.UNICODE).append(n).append("\"},");
        }
        return sb.append("{\"role\":\"user\",\"content\":\"end\"}]}").toString();
    }

    private static byte[] largeStream(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; sb.length() < 60_000; i++) {
            sb.append("data: {\"id\":\"chatcmpl-").append(n).append("\",\"object\":\"chat.completion.chunk\","
                    + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Grüße 🦅 ").append(i).append("\"}}]}\n\n");
        }
        return sb.append("data: [DONE]\n\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] incompressible(int size) {
        byte[] b = new byte[size];
        new Random(7).nextBytes(b);
        return b;
    }

    private static Object[] spanColumns(Path file, String id) throws Exception {
        try (Connection c = jdbc(file); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT request_body, request_body_in_exchange FROM spans WHERE id = '"
                        + id + "'")) {
            rs.next();
            return new Object[] {rs.getString(1), rs.getObject(2)};
        }
    }

    @Test
    void aRequestBodyItsExchangeHoldsIsStoredOnceAndReadBackWhole() throws Exception {
        Path file = dir.resolve("egret.duckdb");
        DuckDbStorage storage = open(file);
        String request = largeRequest(1);
        ExchangeRecord x = exchange(1, request.getBytes(StandardCharsets.UTF_8), largeStream(1));
        LlmCall written = SampleTraffic.fullCall(1, T0).setExchangeId(x.id()).setRequestBody(request);

        storage.writeExchanges(List.of(x));
        storage.writeCalls(List.of(written));

        assertThat(storage.findCall(written.getId()).orElseThrow()).usingRecursiveComparison().isEqualTo(written);
        assertThat(storage.queryCalls(CallQuery.all(0, 10)).items().get(0).getRequestBody()).isNull();
        assertThat(storage.findExchange(x.id()).orElseThrow()).usingRecursiveComparison()
                .ignoringFields("exchange.response.events").isEqualTo(x);
        close(storage);
        assertThat(spanColumns(file, written.getId())).containsExactly(null, true);

        DuckDbStorage reopened = open(file);
        assertThat(reopened.findCall(written.getId()).orElseThrow().getRequestBody()).isEqualTo(request);
    }

    @Test
    void aCallWithoutAnExchangeRowKeepsItsOwnRequestBody() throws Exception {
        Path file = dir.resolve("egret.duckdb");
        DuckDbStorage storage = open(file);
        LlmCall written = SampleTraffic.fullCall(2, T0); // its exchange id names no stored exchange

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
        ExchangeRecord x = exchange(3, request.getBytes(StandardCharsets.UTF_8), largeStream(3));
        // e.g. the body cap cut the text differently from the bytes
        LlmCall capped = SampleTraffic.fullCall(3, T0).setExchangeId(x.id()).setRequestBody(request.substring(1));
        ExchangeRecord y = exchange(4, null, largeStream(4));
        LlmCall withoutBody = SampleTraffic.fullCall(4, T0).setExchangeId(y.id()).setRequestBody(null);
        ExchangeRecord z = exchange(5, request.getBytes(StandardCharsets.UTF_8), largeStream(5));
        // same body, but the exchange was decoded into another call
        LlmCall otherCall = SampleTraffic.fullCall(6, T0).setExchangeId(z.id()).setRequestBody(request);

        storage.writeExchanges(List.of(x, y, z));
        storage.writeCalls(List.of(capped, withoutBody, otherCall));

        for (LlmCall c : List.of(capped, withoutBody, otherCall)) {
            assertThat(storage.findCall(c.getId()).orElseThrow()).usingRecursiveComparison().isEqualTo(c);
        }
        close(storage);
        assertThat(spanColumns(file, capped.getId())).containsExactly(request.substring(1), false);
        assertThat(spanColumns(file, withoutBody.getId())).containsExactly(null, false);
        assertThat(spanColumns(file, otherCall.getId())).containsExactly(request, false);
    }

    @Test
    void aFailedCallBatchStillSharesOnRetry() throws Exception {
        Path file = dir.resolve("egret.duckdb");
        DuckDbStorage storage = open(file);
        String request = largeRequest(7);
        ExchangeRecord x = exchange(7, request.getBytes(StandardCharsets.UTF_8), largeStream(7));
        LlmCall call = SampleTraffic.fullCall(7, T0).setExchangeId(x.id()).setRequestBody(request);
        storage.writeExchanges(List.of(x));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> storage.writeCalls(
                List.of(call, SampleTraffic.fullCall(8, T0).setId(null))));
        storage.writeCalls(List.of(call));

        assertThat(storage.findCall(call.getId()).orElseThrow()).usingRecursiveComparison().isEqualTo(call);
        close(storage);
        assertThat(spanColumns(file, call.getId())).containsExactly(null, true);
    }

    @Test
    void largeCompressibleBodiesAreStoredDeflatedAndOthersAsTheyAre() throws Exception {
        Path file = dir.resolve("egret.duckdb");
        DuckDbStorage storage = open(file);
        byte[] request = largeRequest(9).getBytes(StandardCharsets.UTF_8);
        byte[] random = incompressible(50_000);
        ExchangeRecord deflated = exchange(9, request, largeStream(9));
        ExchangeRecord asTheyAre = exchange(10, random, "data: tiny\n\n".getBytes(StandardCharsets.UTF_8));

        storage.writeExchanges(List.of(deflated, asTheyAre));

        for (ExchangeRecord x : List.of(deflated, asTheyAre)) {
            assertThat(storage.findExchange(x.id()).orElseThrow()).usingRecursiveComparison()
                    .ignoringFields("exchange.response.events").isEqualTo(x);
        }
        close(storage);
        try (Connection c = jdbc(file); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT octet_length(request_body), "
                        + "octet_length(request_body_deflated), octet_length(response_body), "
                        + "octet_length(response_body_deflated) FROM http_exchanges ORDER BY id")) {
            rs.next();
            assertThat(rs.getObject(1)).isNull();
            assertThat(rs.getLong(2)).isPositive().isLessThan(request.length / 3);
            assertThat(rs.getObject(3)).isNull();
            assertThat(rs.getLong(4)).isPositive().isLessThan(largeStream(9).length / 5);
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(random.length);
            assertThat(rs.getObject(2)).isNull();
            assertThat(rs.getLong(3)).isEqualTo(12);
            assertThat(rs.getObject(4)).isNull();
        }
        try (Connection c = jdbc(file); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT sql FROM duckdb_tables() WHERE table_name = 'http_exchanges'")) {
            rs.next();
            assertThat(rs.getString(1))
                    .containsIgnoringCase("request_body_deflated BLOB USING COMPRESSION uncompressed")
                    .containsIgnoringCase("response_body_deflated BLOB USING COMPRESSION uncompressed");
        }
    }

    @Test
    void aVersion1FileIsMigratedAndItsRowsReadAsBefore() throws Exception {
        Path file = dir.resolve("egret.duckdb");
        DuckDbStorage storage = open(file);
        LlmCall call = SampleTraffic.fullCall(11, T0);
        ExchangeRecord x = SampleTraffic.sseExchange(11, T0);
        storage.writeCalls(List.of(call));
        storage.writeExchanges(List.of(x));
        close(storage);
        // back to what version 1 wrote: no v2 columns, bodies stored whole
        try (Connection c = jdbc(file); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE spans DROP COLUMN request_body_in_exchange");
            s.execute("ALTER TABLE http_exchanges DROP COLUMN request_body_deflated");
            s.execute("ALTER TABLE http_exchanges DROP COLUMN response_body_deflated");
            s.execute("DELETE FROM schema_migrations WHERE version = 2");
        }

        DuckDbStorage migrated = open(file);

        assertThat(migrated.findCall(call.getId()).orElseThrow()).usingRecursiveComparison().isEqualTo(call);
        assertThat(migrated.findExchange(x.id()).orElseThrow()).usingRecursiveComparison()
                .ignoringFields("exchange.response.events").isEqualTo(x);
        LlmCall next = SampleTraffic.fullCall(12, T0 + 1);
        migrated.writeCalls(List.of(next));
        assertThat(migrated.findCall(next.getId()).orElseThrow()).usingRecursiveComparison().isEqualTo(next);
    }

    @Test
    void textIsComparedWithItsUtf8EncodingExactly() {
        for (String text : List.of("", "plain ascii", SampleTraffic.UNICODE, "ß", "€", "🦅", "a🦅b日本", largeRequest(1))) {
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
        assertThat(SharedRequestBodies.isUtf8Of("é".getBytes(StandardCharsets.ISO_8859_1), "é")).isFalse();
    }

    @Test
    void rememberedBodiesAreBoundedAndForgottenOnceTheirCallIsWritten() {
        SharedRequestBodies shared = new SharedRequestBodies(2, 1_000_000);
        byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        ExchangeRecord a = exchange(20, body, new byte[1]);
        ExchangeRecord b = exchange(21, body, new byte[1]);
        ExchangeRecord c = exchange(22, body, new byte[1]);
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
