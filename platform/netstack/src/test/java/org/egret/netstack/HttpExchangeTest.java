package org.egret.netstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.egret.api.http.HttpExchange;
import org.egret.api.http.HttpRequest;
import org.egret.api.http.HttpResponse;
import org.junit.jupiter.api.Test;

class HttpExchangeTest {

    private static String body(HttpRequest r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    private static String body(HttpResponse r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    void keepAliveExchangesPairInOrderWithPacketTimestamps() {
        TcpConversation c = new TcpConversation().handshake(100);
        c.client("POST /v1/chat/completions HTTP/1.1\r\nHost: api\r\nContent-Type: application/json\r\n", 200);
        c.client("Content-Length: 11\r\n\r\n{\"a\":", 210);
        c.client("\"bcd\"}", 220);
        assertThat(c.exchanges).isEmpty();
        c.server("HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\nhel", 300);
        c.server("lo", 310);
        c.client("GET /v1/models HTTP/1.1\r\nHost: api\r\n\r\n", 400);
        c.server("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n", 500);

        assertThat(c.exchanges).hasSize(2);
        HttpExchange first = c.exchanges.get(0);
        assertThat(first.isComplete()).isTrue();
        assertThat(first.client().toString()).isEqualTo("10.0.0.1:51000");
        assertThat(first.server().toString()).isEqualTo("10.0.0.2:8080");
        assertThat(first.request().method()).isEqualTo("POST");
        assertThat(first.request().path()).isEqualTo("/v1/chat/completions");
        assertThat(first.request().header("CONTENT-TYPE")).isEqualTo("application/json");
        assertThat(body(first.request())).isEqualTo("{\"a\":\"bcd\"}");
        assertThat(first.request().startMicros()).isEqualTo(200);
        assertThat(first.request().endMicros()).isEqualTo(220);
        assertThat(first.response().status()).isEqualTo(200);
        assertThat(first.response().reason()).isEqualTo("OK");
        assertThat(body(first.response())).isEqualTo("hello");
        assertThat(first.response().startMicros()).isEqualTo(300);
        assertThat(first.response().endMicros()).isEqualTo(310);
        HttpExchange second = c.exchanges.get(1);
        assertThat(second.isComplete()).isTrue();
        assertThat(second.request().target()).isEqualTo("/v1/models");
        assertThat(second.response().status()).isEqualTo(404);
        assertThat(c.counter(NetstackCounter.HTTP_EXCHANGES)).isEqualTo(2);
        assertThat(c.counter(NetstackCounter.HTTP_REQS_PARSED)).isEqualTo(2);
        assertThat(c.counter(NetstackCounter.HTTP_RESPS_PARSED)).isEqualTo(2);
        assertThat(c.counter(NetstackCounter.FLOWS_ACTIVE)).isEqualTo(1);
    }

    @Test
    void pipelinedRequestsPairInOrder() {
        TcpConversation c = new TcpConversation().handshake(100);
        c.client("GET /one HTTP/1.1\r\nHost: a\r\n\r\nGET /two HTTP/1.1\r\nHost: a\r\n\r\n", 200);
        c.client("POST /three HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nxyz", 210);
        c.server("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\none", 300);
        c.server("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\ntwo\r\n0\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 5\r\n\r\nthree", 310);

        assertThat(c.exchanges).hasSize(3);
        assertThat(c.exchanges).allMatch(HttpExchange::isComplete);
        assertThat(c.exchanges).extracting(e -> e.request().target()).containsExactly("/one", "/two", "/three");
        assertThat(c.exchanges).extracting(e -> body(e.response())).containsExactly("one", "two", "three");
        assertThat(c.exchanges.get(2).response().status()).isEqualTo(201);
        assertThat(c.counter(NetstackCounter.HTTP_RESYNCS)).isZero();
    }

    @Test
    void aStreamThatIsNotSseKeepsWhenEachPartOfItsBodyArrived() {
        // a JSON-array stream (Gemini without alt=sse): each element in its own chunk and packet
        TcpConversation c = new TcpConversation().handshake(100);
        c.client("POST /v1beta/models/m:streamGenerateContent HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}", 200);
        c.server("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "1\r\n[\r\n", 300);
        c.server("9\r\n{\"a\":\"1\"}\r\n", 310);
        c.server("a\r\n,{\"a\":\"2\"}\r\n", 320);
        c.server("1\r\n]\r\n", 330);
        c.server("0\r\n\r\n", 340);

        HttpResponse r = c.exchanges.get(0).response();
        assertThat(body(r)).isEqualTo("[{\"a\":\"1\"},{\"a\":\"2\"}]");
        assertThat(r.bodyTimeline().size()).isEqualTo(4);
        assertThat(r.bodyTimeline().microsAt(0)).isEqualTo(300);
        assertThat(r.bodyTimeline().microsAt(1)).as("first element").isEqualTo(310);
        assertThat(r.bodyTimeline().microsAt(9)).as("its last byte").isEqualTo(310);
        assertThat(r.bodyTimeline().microsAt(10)).as("second element").isEqualTo(320);
        assertThat(r.bodyTimeline().microsAt(20)).isEqualTo(330);
        assertThat(r.bodyTimeline().microsAt(1_000)).as("past the end: the last packet").isEqualTo(330);
        assertThat(c.exchanges.get(0).request().body()).isNotEmpty();
    }

    @Test
    void anEventStreamHasNoBodyTimelineItsEventsCarryTheirTimes() {
        TcpConversation c = new TcpConversation().handshake(100);
        c.client("POST /v1/chat/completions HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}", 200);
        c.server("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nContent-Length: 20\r\n\r\n", 300);
        c.server("data: {\"x\":1}\n\n", 310);
        c.server("data:\n\n", 320);

        HttpResponse r = c.exchanges.get(0).response();
        assertThat(r.events()).hasSize(2);
        assertThat(r.bodyTimeline().isEmpty()).isTrue();
        assertThat(r.bodyTimeline().microsAt(0)).isZero();
    }

    @Test
    void chunkedBodiesWithExtensionsAndTrailers() {
        TcpConversation c = new TcpConversation().handshake(100);
        c.client("POST /up HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n4;name=value\r\nWiki\r\n5 ; x=\"y\"\r\npedia\r\n", 200);
        c.client("E\r\n in\r\n\r\nchunks.\r\n0\r\nX-Checksum: abc\r\nX-Other: 1\r\n\r\n", 210);
        c.server("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", 300);
        c.server("a\r\n0123456789\r\n", 310);
        c.server("0;last\r\nServer-Timing: total;dur=12\r\n", 320);
        c.server("\r\n", 330);

        assertThat(c.exchanges).hasSize(1);
        HttpExchange e = c.exchanges.get(0);
        assertThat(e.isComplete()).isTrue();
        assertThat(body(e.request())).isEqualTo("Wikipedia in\r\n\r\nchunks.");
        assertThat(e.request().header("x-checksum")).isEqualTo("abc");
        assertThat(e.request().header("x-other")).isEqualTo("1");
        assertThat(body(e.response())).isEqualTo("0123456789");
        assertThat(e.response().header("server-timing")).isEqualTo("total;dur=12");
        assertThat(e.response().endMicros()).isEqualTo(330);
    }

    @Test
    void continueInterimResponseIsSkipped() {
        TcpConversation c = new TcpConversation().handshake(100);
        c.client("POST /big HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n", 200);
        c.server("HTTP/1.1 100 Continue\r\n\r\n", 210);
        c.client("data", 220);
        c.server("HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", 300);

        assertThat(c.exchanges).hasSize(1);
        HttpExchange e = c.exchanges.get(0);
        assertThat(e.isComplete()).isTrue();
        assertThat(e.response().status()).isEqualTo(200);
        assertThat(e.response().startMicros()).isEqualTo(300);
        assertThat(body(e.request())).isEqualTo("data");
    }

    @Test
    void headNoContentAndNotModifiedHaveNoBody() {
        TcpConversation c = new TcpConversation().handshake(100);
        c.client("HEAD /file HTTP/1.1\r\n\r\nDELETE /x HTTP/1.1\r\n\r\nGET /cached HTTP/1.1\r\nIf-None-Match: \"e\"\r\n\r\nGET /after HTTP/1.1\r\n\r\n", 200);
        c.server("HTTP/1.1 200 OK\r\nContent-Length: 1234\r\nContent-Encoding: gzip\r\n\r\n", 300);
        c.server("HTTP/1.1 204 No Content\r\n\r\n", 310);
        c.server("HTTP/1.1 304 Not Modified\r\nContent-Length: 99\r\nTransfer-Encoding: chunked\r\n\r\n", 320);
        c.server("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nlast", 330);

        assertThat(c.exchanges).hasSize(4);
        assertThat(c.exchanges).allMatch(HttpExchange::isComplete);
        assertThat(c.exchanges).extracting(e -> e.response().status()).containsExactly(200, 204, 304, 200);
        assertThat(c.exchanges).extracting(e -> e.response().bodyLength()).containsExactly(0L, 0L, 0L, 4L);
        assertThat(body(c.exchanges.get(3).response())).isEqualTo("last");
    }

    @Test
    void closeDelimitedResponseEndsAtServerFin() {
        TcpConversation c = new TcpConversation().handshake(100);
        c.client("GET /stream HTTP/1.0\r\n\r\n", 200);
        c.server("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nfirst ", 300);
        c.server("second", 310);
        assertThat(c.exchanges).isEmpty();
        c.serverFin(320);

        assertThat(c.exchanges).hasSize(1);
        HttpExchange e = c.exchanges.get(0);
        assertThat(e.isComplete()).isTrue();
        assertThat(body(e.response())).isEqualTo("first second");
        assertThat(e.response().endMicros()).isEqualTo(320);
        c.clientFin(330);
        assertThat(c.table.activeFlows()).isZero();
    }

    @Test
    void resetMidResponseEmitsPartialExchange() {
        TcpConversation c = new TcpConversation().handshake(100);
        c.client("GET /a HTTP/1.1\r\n\r\n", 200);
        c.server("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly part", 300);
        c.serverRst(310);

        assertThat(c.exchanges).hasSize(1);
        HttpExchange e = c.exchanges.get(0);
        assertThat(e.isComplete()).isFalse();
        assertThat(e.response().complete()).isFalse();
        assertThat(e.response().bodyTruncated()).isTrue();
        assertThat(body(e.response())).isEqualTo("only part");
        assertThat(e.problem()).isEqualTo("response cut off: connection reset");
        assertThat(c.table.activeFlows()).isZero();
    }

    @Test
    void requestWithoutResponseIsEmittedAtCloseAndAtCaptureEnd() {
        TcpConversation c = new TcpConversation().handshake(100);
        c.client("GET /a HTTP/1.1\r\n\r\n", 200);
        c.clientFin(210);
        c.serverFin(220);
        assertThat(c.exchanges).hasSize(1);
        assertThat(c.exchanges.get(0).response()).isNull();
        assertThat(c.exchanges.get(0).problem()).isEqualTo("no response before the connection closed");

        TcpConversation d = new TcpConversation().handshake(100);
        d.client("GET /b HTTP/1.1\r\n\r\n", 200);
        d.table.closeAll();
        assertThat(d.exchanges).hasSize(1);
        assertThat(d.exchanges.get(0).problem()).isEqualTo("no response before the capture ended");
        assertThat(d.table.activeFlows()).isZero();
    }

    @Test
    void idleFlowsExpireOnEventTime() {
        NetstackConfig config = new NetstackConfig(1 << 20, 16, 1_000_000, 1000);
        TcpConversation c = new TcpConversation(config, 1, 2, false).handshake(100);
        c.client("GET /a HTTP/1.1\r\n\r\n", 200);
        c.server("HTTP/1.1 200 OK\r\n\r\nclose-delimited", 300);
        c.table.advanceTime(1_000_000);
        assertThat(c.exchanges).isEmpty();
        c.table.advanceTime(1_000_301);
        assertThat(c.exchanges).hasSize(1);
        HttpExchange e = c.exchanges.get(0);
        assertThat(e.response().complete()).isFalse();
        assertThat(e.problem()).isEqualTo("response cut off: flow idle timeout");
        assertThat(c.counter(NetstackCounter.FLOWS_EXPIRED)).isEqualTo(1);
        assertThat(c.table.activeFlows()).isZero();
    }

    @Test
    void responseWithoutRequestIsCountedNotEmitted() {
        TcpConversation c = new TcpConversation().handshake(100);
        c.server("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi", 300);
        c.client("GET /a HTTP/1.1\r\n\r\n", 400);
        c.server("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", 500);
        assertThat(c.exchanges).hasSize(1);
        assertThat(body(c.exchanges.get(0).response())).isEqualTo("ok");
        assertThat(c.counter(NetstackCounter.HTTP_EXCHANGES_UNPAIRED)).isEqualTo(1);
    }

    @Test
    void switchingProtocolsStopsHttpParsing() {
        TcpConversation c = new TcpConversation().handshake(100);
        c.client("GET /ws HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n", 200);
        c.server("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n", 300);
        c.client("GET /not-http HTTP/1.1\r\n\r\n", 400);
        c.server("HTTP/1.1 200 OK\r\n\r\n", 500);
        c.table.closeAll();
        assertThat(c.exchanges).hasSize(1);
        assertThat(c.exchanges.get(0).response().status()).isEqualTo(101);
        assertThat(c.exchanges.get(0).isComplete()).isTrue();
        assertThat(c.counter(NetstackCounter.HTTP_REQS_PARSED)).isEqualTo(1);
    }

    @Test
    void oversizedHeaderSectionResyncsToNextMessage() {
        TcpConversation c = new TcpConversation().handshake(100);
        StringBuilder big = new StringBuilder("GET /huge HTTP/1.1\r\n");
        while (big.length() < 70_000) {
            big.append("X-Filler: ").append("y".repeat(100)).append("\r\n");
        }
        big.append("\r\n");
        c.client(big.toString(), 200);
        c.client("GET /small HTTP/1.1\r\nHost: a\r\n\r\n", 210);
        c.server("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", 300);
        assertThat(c.counter(NetstackCounter.HTTP_RESYNCS)).isEqualTo(1);
        assertThat(c.exchanges).hasSize(1);
        assertThat(c.exchanges.get(0).request().target()).isEqualTo("/small");
    }

    @Test
    void tooManyHeadersResync() {
        TcpConversation c = new TcpConversation().handshake(100);
        StringBuilder many = new StringBuilder("GET /many HTTP/1.1\r\n");
        for (int i = 0; i < 300; i++) {
            many.append("H").append(i).append(": v\r\n");
        }
        c.client(many.append("\r\n").toString(), 200);
        c.client("GET /fine HTTP/1.1\r\n\r\n", 210);
        c.server("HTTP/1.1 204 No Content\r\n\r\n", 300);
        assertThat(c.counter(NetstackCounter.HTTP_RESYNCS)).isEqualTo(1);
        assertThat(c.exchanges).extracting(e -> e.request().target()).containsExactly("/fine");

        TcpConversation d = new TcpConversation().handshake(100);
        StringBuilder ok = new StringBuilder("GET /max HTTP/1.1\r\n");
        for (int i = 0; i < 256; i++) {
            ok.append("H").append(i).append(": v\r\n");
        }
        d.client(ok.append("\r\n").toString(), 200);
        d.server("HTTP/1.1 204 No Content\r\n\r\n", 300);
        assertThat(d.exchanges).hasSize(1);
        assertThat(d.exchanges.get(0).request().headers()).hasSize(256);
    }
}
