package org.egret.storage.duckdb.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.egret.storage.conformance.ConformanceTraffic.T0;
import static org.egret.storage.conformance.ConformanceTraffic.largeStream;
import static org.egret.storage.conformance.ConformanceTraffic.withBodies;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.egret.api.decode.LlmCall;
import org.egret.api.storage.CallQuery;
import org.egret.api.storage.ExchangeQuery;
import org.egret.api.storage.ExchangeRecord;
import org.egret.storage.conformance.ConformanceTraffic;
import org.junit.jupiter.api.Test;

/** Schema v8: bodies of 4 KiB and more as content-addressed blocks per day, rebuilt byte for byte. */
class BodyBlocksTest extends DuckDbStorageTestBase {

    private static long sql(Path file, String query) throws Exception {
        try (Connection c = jdbc(file); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void execute(Path file, String statement) throws Exception {
        try (Connection c = jdbc(file); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    /** An agent's conversation: exchanges, then their calls, in batches as the pipeline's sink writes them. */
    private static List<ExchangeRecord> writeConversation(DuckDbStorage storage, List<byte[]> requests, int first)
            throws Exception {
        List<ExchangeRecord> exchanges = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            byte[] answer = ("data: {\"n\":" + i + "}\n\n").getBytes(StandardCharsets.UTF_8);
            ExchangeRecord x = withBodies(first + i, requests.get(i), answer);
            storage.writeExchanges(List.of(x));
            storage.writeCalls(List.of(ConformanceTraffic.fullCall(first + i, x.exchange().request().startMicros())
                    .setExchangeId(x.id())
                    .setRequestBody(new String(requests.get(i), StandardCharsets.UTF_8))));
            exchanges.add(x);
        }
        return exchanges;
    }

    @Test
    void aConversationResentOnEveryCallIsStoredAboutOnceAndRebuiltByteForByte() throws Exception {
        Path file = dir.resolve("egret.duckdb");
        DuckDbStorage storage = open(file);
        List<byte[]> requests = AgentConversation.requests(30, 3_000, 1);
        List<ExchangeRecord> written = writeConversation(storage, requests, 100);
        long requestBytes = requests.stream().mapToLong(b -> b.length).sum();
        long lastRequest = requests.get(requests.size() - 1).length;

        for (int i = 0; i < written.size(); i++) {
            ExchangeRecord read = storage.findExchange(written.get(i).id()).orElseThrow();
            assertThat(read.exchange().request().body()).as("request %d", i).isEqualTo(requests.get(i));
            assertThat(read.exchange().response().body()).as("response %d", i)
                    .isEqualTo(written.get(i).exchange().response().body());
            assertThat(read.exchange().problem()).isNull();
            assertThat(storage.findCall(ConformanceTraffic.id(100 + i)).orElseThrow().getRequestBody())
                    .isEqualTo(new String(requests.get(i), StandardCharsets.UTF_8));
        }
        close(storage);
        // each distinct block once per day: the writer remembers what it stored
        assertThat(sql(file, "SELECT count(*) - count(DISTINCT (day, id)) FROM body_blocks")).isZero();
        // the 30 requests add up to some 15 times the last one; their distinct blocks to the last one plus, per
        // call, its new message and the block its end cut anew (8 KiB on average)
        long distinctRaw = sql(file, "SELECT sum(length) FROM body_blocks");
        assertThat(requestBytes).isGreaterThan(10 * lastRequest);
        assertThat(distinctRaw).isLessThan(lastRequest + requests.size() * (3_000 + 12 * 1024L))
                .isLessThan(requestBytes / 4);
        long lists = sql(file, "SELECT sum(octet_length(request_body_blocks)) FROM http_exchanges");
        assertThat(lists).isLessThan(requestBytes / 50);
        long storedData = sql(file, "SELECT sum(octet_length(data)) FROM body_blocks");
        System.out.printf("body blocks: a %d-call conversation re-sent on every call, %,d request bytes: %,d distinct "
                + "block bytes (%,d after LZ4) + %,d list bytes = %.3f of the captured bytes%n", requests.size(),
                requestBytes, distinctRaw, storedData, lists, (storedData + lists) / (double) requestBytes);
        // the calls share their exchanges' request bodies and store none of their own
        assertThat(sql(file, "SELECT count(*) FROM spans WHERE request_body IS NOT NULL "
                + "OR request_body_blocks IS NOT NULL")).isZero();

        DuckDbStorage reopened = open(file);
        assertThat(reopened.findExchange(written.get(29).id()).orElseThrow().exchange().request().body())
                .isEqualTo(requests.get(29));
    }

    @Test
    void bodiesBelow4KiBStayInTheirRowAndFromThereOnAreBlocks() throws Exception {
        Path file = dir.resolve("egret.duckdb");
        DuckDbStorage storage = open(file);
        byte[] source = AgentConversation.requests(3, 5_000, 2).get(2);
        ExchangeRecord below = withBodies(1, Arrays.copyOf(source, 4095), Arrays.copyOf(source, 100));
        ExchangeRecord at = withBodies(2, Arrays.copyOf(source, 4096), Arrays.copyOf(source, 4096));

        storage.writeExchanges(List.of(below, at));

        assertThat(storage.findExchange(below.id()).orElseThrow().exchange().request().body())
                .isEqualTo(below.exchange().request().body());
        assertThat(storage.findExchange(at.id()).orElseThrow().exchange().response().body())
                .isEqualTo(at.exchange().response().body());
        close(storage);
        assertThat(Lz4BodiesTest.lz4Length(file, below.id(), "request_body")).isPositive();
        assertThat(Lz4BodiesTest.blocksLength(file, at.id(), "request_body")).isPositive();
        // responses are new content every time: they stay in their row
        assertThat(Lz4BodiesTest.lz4Length(file, at.id(), "response_body")).isPositive();
    }

    @Test
    void blocksTurnedOffKeepEveryBodyInItsRow() throws Exception {
        Path file = dir.resolve("egret.duckdb");
        DuckDbStorage storage = open(file, "body_blocks_min_bytes", 0);
        byte[] request = AgentConversation.requests(4, 3_000, 9).get(3);
        ExchangeRecord x = withBodies(1, request, largeStream(1));

        storage.writeExchanges(List.of(x));

        assertThat(storage.findExchange(x.id()).orElseThrow().exchange().request().body()).isEqualTo(request);
        close(storage);
        assertThat(Lz4BodiesTest.lz4Length(file, x.id(), "request_body")).isPositive();
        assertThat(sql(file, "SELECT count(*) FROM body_blocks")).isZero();
    }

    @Test
    void aLargeCallRequestIsStoredAsBlocksItsResponseInItsRow() throws Exception {
        Path file = dir.resolve("egret.duckdb");
        DuckDbStorage storage = open(file);
        String rebuilt = new String(AgentConversation.requests(4, 2_000, 3).get(3), StandardCharsets.UTF_8);
        String ownRequest = new String(AgentConversation.requests(5, 2_000, 4).get(4), StandardCharsets.UTF_8);
        LlmCall call = ConformanceTraffic.fullCall(7, T0).setRequestBody(ownRequest).setResponseBody(rebuilt);

        storage.writeCalls(List.of(call));

        assertThat(storage.findCall(call.getId()).orElseThrow()).usingRecursiveComparison().isEqualTo(call);
        close(storage);
        assertThat(sql(file, "SELECT count(*) FROM spans WHERE request_body IS NULL AND response_body IS NOT NULL "
                + "AND request_body_blocks IS NOT NULL AND response_body_blocks IS NULL")).isEqualTo(1);
    }

    @Test
    void aBodyWhoseBlocksAreGoneReadsAsNullMarkedExpiredAndTheRowsStillList() throws Exception {
        Path file = dir.resolve("egret.duckdb");
        DuckDbStorage storage = open(file);
        byte[] request = AgentConversation.requests(3, 3_000, 5).get(2);
        ExchangeRecord x = withBodies(1, request, largeStream(1));
        String ownRequest = new String(AgentConversation.requests(3, 3_000, 6).get(2), StandardCharsets.UTF_8);
        LlmCall call = ConformanceTraffic.fullCall(2, T0).setRequestBody(ownRequest);
        storage.writeExchanges(List.of(x));
        storage.writeCalls(List.of(call));
        execute(file, "DELETE FROM body_blocks");

        ExchangeRecord read = storage.findExchange(x.id()).orElseThrow();
        LlmCall readCall = storage.findCall(call.getId()).orElseThrow();

        assertThat(read.exchange().request().body()).isNull();
        assertThat(read.exchange().response().body()).isEqualTo(x.exchange().response().body());
        assertThat(read.exchange().problem()).isEqualTo("request_body_expired");
        assertThat(readCall.getRequestBody()).isNull();
        assertThat(readCall.getResponseBody()).isEqualTo(call.getResponseBody()); // small: in its row
        assertThat(readCall.getPartialReason()).isEqualTo("request_body_expired");
        assertThat(readCall).usingRecursiveComparison().ignoringFields("requestBody", "partialReason")
                .isEqualTo(call);
        assertThat(storage.unreadableBodies()).isEqualTo(2);
        assertThat(storage.queryCalls(CallQuery.all(0, 10)).total()).isEqualTo(1);
        assertThat(storage.queryExchanges(ExchangeQuery.all(0, 10)).total()).isEqualTo(1);
        assertThat(storage.status().healthy()).isTrue();

        // the writer wrote those blocks before; once reopened it no longer trusts that and stores them again
        close(storage);
        DuckDbStorage reopened = open(file);
        ExchangeRecord again = withBodies(3, request, largeStream(1));
        reopened.writeExchanges(List.of(again));
        assertThat(reopened.findExchange(again.id()).orElseThrow().exchange().request().body()).isEqualTo(request);
    }

    @Test
    void aResponseBodyStoredAsBlocksIsReadToo() throws Exception {
        Path file = dir.resolve("egret.duckdb");
        DuckDbStorage storage = open(file);
        byte[] request = AgentConversation.requests(3, 3_000, 10).get(2);
        ExchangeRecord x = withBodies(1, request, "data: {}\n\n".getBytes(StandardCharsets.UTF_8));
        storage.writeExchanges(List.of(x));
        // this writer keeps responses in their rows; a row whose response is blocks (another writer) still reads
        execute(file, "UPDATE http_exchanges SET response_body = NULL, response_body_blocks = request_body_blocks");

        ExchangeRecord read = storage.findExchange(x.id()).orElseThrow();

        assertThat(read.exchange().response().body()).isEqualTo(request);
        execute(file, "DELETE FROM body_blocks");
        assertThat(storage.findExchange(x.id()).orElseThrow().exchange().problem())
                .isEqualTo("request_body_expired; response_body_expired");
    }

    @Test
    void aDamagedBlockReadsAsNullMarkedDamagedNeverAsAnError() throws Exception {
        Path file = dir.resolve("egret.duckdb");
        DuckDbStorage storage = open(file);
        byte[] request = AgentConversation.requests(3, 3_000, 7).get(2);
        ExchangeRecord x = withBodies(1, request, "data: {}\n\n".getBytes(StandardCharsets.UTF_8));
        storage.writeExchanges(List.of(x));
        // one block's bytes replaced by others of the same length: only its hash tells
        execute(file, "UPDATE body_blocks SET lz4 = false, data = repeat('x', length)::BLOB "
                + "WHERE rowid = (SELECT min(rowid) FROM body_blocks)");

        ExchangeRecord read = storage.findExchange(x.id()).orElseThrow();

        assertThat(read.exchange().request().body()).isNull();
        assertThat(read.exchange().problem()).isEqualTo("request_body_damaged");
        assertThat(read.exchange().response().body()).isEqualTo(x.exchange().response().body());
        assertThat(storage.unreadableBodies()).isEqualTo(1);
    }

    @Test
    void aCallWhoseExchangeExpiredShowsItsRequestBodyExpired() throws Exception {
        Path file = dir.resolve("egret.duckdb");
        DuckDbStorage storage = open(file);
        byte[] request = AgentConversation.requests(2, 3_000, 8).get(1);
        ExchangeRecord x = withBodies(1, request, largeStream(1));
        LlmCall call = ConformanceTraffic.fullCall(1, T0).setExchangeId(x.id())
                .setRequestBody(new String(request, StandardCharsets.UTF_8));
        storage.writeExchanges(List.of(x));
        storage.writeCalls(List.of(call));
        LlmCall withoutBody = ConformanceTraffic.fullCall(2, T0).setRequestBody(null);
        storage.writeCalls(List.of(withoutBody));
        execute(file, "DELETE FROM http_exchanges");

        LlmCall read = storage.findCall(call.getId()).orElseThrow();

        assertThat(read.getRequestBody()).isNull();
        assertThat(read.getPartialReason()).isEqualTo("request_body_expired");
        // a call that never had a request body is not marked
        assertThat(storage.findCall(withoutBody.getId()).orElseThrow().getPartialReason()).isNull();
    }
}
