package org.egret.netstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.egret.api.http.HttpExchange;
import org.egret.netstack.TcpConversation.Segment;
import org.junit.jupiter.api.Test;

class TcpReassemblyTest {

    private static String body(HttpExchange e) {
        return new String(e.response().body(), StandardCharsets.UTF_8);
    }

    @Test
    void reorderedSegmentsAreHeldUntilTheGapFills() {
        TcpConversation c = new TcpConversation().handshake(100);
        c.client("GET /a HTTP/1.1\r\n\r\n", 200);
        Segment head = c.serverSegment("HTTP/1.1 200 OK\r\nContent-Length: 12\r\n\r\n");
        Segment one = c.serverSegment("hello ");
        Segment two = c.serverSegment("world!");
        c.feed(two, 300);
        c.feed(one, 310);
        assertThat(c.exchanges).isEmpty();
        c.feed(head, 320);

        assertThat(c.exchanges).hasSize(1);
        HttpExchange e = c.exchanges.get(0);
        assertThat(e.isComplete()).isTrue();
        assertThat(body(e)).isEqualTo("hello world!");
        assertThat(e.response().startMicros()).isEqualTo(320);
        assertThat(e.response().endMicros()).isEqualTo(300); // the packet that carried the last byte
        assertThat(c.counter(NetstackCounter.TCP_OOO_BUFFERED)).isEqualTo(2);
        assertThat(c.counter(NetstackCounter.TCP_GAPS_SKIPPED)).isZero();
    }

    @Test
    void duplicatesAndOverlapsAreTrimmed() {
        TcpConversation c = new TcpConversation().handshake(100);
        c.client("GET /a HTTP/1.1\r\n\r\n", 200);
        byte[] response = "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123456789".getBytes(StandardCharsets.US_ASCII);
        int base = c.serverSeq;
        Segment all = c.serverSegment(response, Frames.PSH);
        // hand-made segments over the same sequence space: a prefix, its duplicate, an overlapping middle, the rest
        c.feed(cut(c, base, response, 0, 20), 300);
        c.feed(cut(c, base, response, 0, 20), 301);
        c.feed(cut(c, base, response, 10, 45), 302);
        c.feed(cut(c, base, response, 30, response.length), 303);
        c.feed(all, 304);

        assertThat(c.exchanges).hasSize(1);
        assertThat(c.exchanges.get(0).isComplete()).isTrue();
        assertThat(body(c.exchanges.get(0))).isEqualTo("0123456789");
        assertThat(c.counter(NetstackCounter.TCP_REXMITS_IGNORED)).isEqualTo(4);
    }

    private static Segment cut(TcpConversation c, int base, byte[] payload, int from, int to) {
        int saved = c.serverSeq;
        c.serverSeq = base + from;
        Segment s = c.serverSegment(Arrays.copyOfRange(payload, from, to), Frames.PSH);
        c.serverSeq = saved;
        return s;
    }

    @Test
    void outOfOrderSegmentsHeldBeforeTheGapCloseAreOrderedAmongThemselves() {
        TcpConversation c = new TcpConversation().handshake(100);
        c.client("GET /a HTTP/1.1\r\n\r\n", 200);
        Segment[] parts = new Segment[6];
        parts[0] = c.serverSegment("HTTP/1.1 200 OK\r\nContent-Length: 25\r\n\r\n");
        for (int i = 1; i < 6; i++) {
            parts[i] = c.serverSegment("part" + i);
        }
        for (int i : new int[] {4, 2, 5, 3, 1, 0}) {
            c.feed(parts[i], 300 + i);
        }
        assertThat(body(c.exchanges.get(0))).isEqualTo("part1part2part3part4part5");
    }

    @Test
    void missingSegmentIsSkippedAtCloseAndTheNextExchangeStillParses() {
        TcpConversation c = new TcpConversation().handshake(100);
        c.client("GET /first HTTP/1.1\r\n\r\n", 200);
        c.server("HTTP/1.1 200 OK\r\nContent-Length: 30\r\n\r\n0123456789", 300);
        c.serverSegment("abcdefghij"); // lost: never captured
        c.server("ABCDEFGHIJ", 320);
        assertThat(c.exchanges).isEmpty(); // the gap may still be filled by a retransmission
        // the client acknowledges the missing bytes: the capture lost them, so they are skipped now
        c.client("GET /second HTTP/1.1\r\n\r\n", 400);
        assertThat(c.exchanges).hasSize(1);
        c.server("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nnext", 500);

        assertThat(c.exchanges).hasSize(2);
        HttpExchange first = c.exchanges.get(0);
        assertThat(first.isComplete()).isFalse();
        assertThat(first.response().complete()).isTrue();
        assertThat(first.response().bodyTruncated()).isTrue();
        assertThat(first.problem()).isEqualTo("10 bytes of the response body were lost in a capture gap");
        assertThat(body(first)).isEqualTo("0123456789ABCDEFGHIJ");
        HttpExchange second = c.exchanges.get(1);
        assertThat(second.isComplete()).isTrue();
        assertThat(second.request().target()).isEqualTo("/second");
        assertThat(body(second)).isEqualTo("next");
        assertThat(c.counter(NetstackCounter.TCP_GAPS_SKIPPED)).isEqualTo(1);
    }

    @Test
    void gapIsSkippedAtCloseWhenNoAcknowledgementCoversIt() {
        TcpConversation c = new TcpConversation().handshake(100);
        c.client("GET /a HTTP/1.1\r\n\r\n", 200);
        c.server("HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\nabcd", 300);
        c.serverSegment("efgh"); // lost, and the client's later packets are lost too
        c.feed(c.serverSegment(new byte[0], Frames.FIN), 310);
        assertThat(c.exchanges).isEmpty();
        c.table.closeAll();
        assertThat(c.exchanges).hasSize(1);
        assertThat(c.exchanges.get(0).problem()).isEqualTo("4 bytes of the response body were lost in a capture gap");
        assertThat(c.counter(NetstackCounter.TCP_GAPS_SKIPPED)).isEqualTo(1);
    }

    @Test
    void fullOutOfOrderBufferSkipsTheGapInsteadOfStalling() {
        NetstackConfig config = new NetstackConfig(1 << 20, 4, 120_000_000L, 1000);
        TcpConversation c = new TcpConversation(config, 7, 9, false).handshake(100);
        c.client("GET /a HTTP/1.1\r\n\r\nGET /b HTTP/1.1\r\n\r\nGET /c HTTP/1.1\r\n\r\nGET /d HTTP/1.1\r\n\r\n", 200);
        c.server("HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\nabcd", 300);
        c.serverSegment("efgh"); // lost; no client packet acknowledges it
        c.server("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n", 310);
        c.server("1", 311);
        c.server("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n2", 320);
        c.server("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n", 330);
        assertThat(c.exchanges).isEmpty();
        c.server("\r\n3", 331); // the fifth held segment overflows the buffer of four: the gap is skipped

        assertThat(c.counter(NetstackCounter.TCP_GAPS_SKIPPED)).isEqualTo(1);
        assertThat(c.counter(NetstackCounter.TCP_OOO_BUFFERED)).isEqualTo(5);
        assertThat(c.exchanges).extracting(e -> e.request().target()).containsExactly("/a", "/b", "/c", "/d");
        assertThat(c.exchanges.get(0).problem()).isEqualTo("4 bytes of the response body were lost in a capture gap");
        assertThat(c.exchanges.subList(1, 4)).allMatch(HttpExchange::isComplete);
        assertThat(c.exchanges.subList(1, 4)).extracting(TcpReassemblyTest::body).containsExactly("1", "2", "3");
        assertThat(c.exchanges.get(3).response().endMicros()).isEqualTo(331);
    }

    @Test
    void lostResponseHeadIsReportedAndTheNextResponsePairsWithItsOwnRequest() {
        TcpConversation c = new TcpConversation().handshake(100);
        c.client("GET /first HTTP/1.1\r\n\r\n", 200);
        c.serverSegment("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfirst"); // lost
        c.client("GET /second HTTP/1.1\r\n\r\n", 300);
        c.server("HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nsecond", 400);
        c.clientFin(500);
        c.serverFin(510);

        assertThat(c.exchanges).hasSize(2);
        HttpExchange first = c.exchanges.get(0);
        assertThat(first.request().target()).isEqualTo("/first");
        assertThat(first.response()).isNull();
        assertThat(first.problem()).isEqualTo("the response was lost in a capture gap");
        HttpExchange second = c.exchanges.get(1);
        assertThat(second.request().target()).isEqualTo("/second");
        assertThat(body(second)).isEqualTo("second");
        assertThat(second.isComplete()).isTrue();
    }

    @Test
    void lostRequestLeavesItsResponseUnpaired() {
        TcpConversation c = new TcpConversation().handshake(100);
        c.clientSegment("GET /lost HTTP/1.1\r\n\r\n"); // never captured
        c.client("GET /seen HTTP/1.1\r\n\r\n", 200);
        // the server answers the lost request first: its ACK does not cover /seen yet
        int savedClientSeq = c.clientSeq;
        c.clientSeq -= "GET /seen HTTP/1.1\r\n\r\n".length();
        Segment early = c.serverSegment("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nlost");
        c.clientSeq = savedClientSeq;
        c.feed(early, 300);
        c.server("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nseen", 310);
        c.table.closeAll();

        assertThat(c.exchanges).hasSize(1);
        assertThat(c.exchanges.get(0).request().target()).isEqualTo("/seen");
        assertThat(body(c.exchanges.get(0))).isEqualTo("seen");
        assertThat(c.counter(NetstackCounter.HTTP_EXCHANGES_UNPAIRED)).isEqualTo(1);
    }

    @Test
    void sequenceNumbersWrapAround() {
        TcpConversation c = new TcpConversation(NetstackConfig.defaults(), 0xFFFFFFF0, 0xFFFFFFFA, false).handshake(100);
        c.client("POST /wrap HTTP/1.1\r\nContent-Length: 26\r\n\r\nabcdefghijklmnopqrstuvwxyz", 200);
        Segment head = c.serverSegment("HTTP/1.1 200 OK\r\nContent-Length: 20\r\n\r\n");
        Segment a = c.serverSegment("0123456789");
        Segment b = c.serverSegment("ABCDEFGHIJ");
        assertThat(Integer.compareUnsigned(c.serverSeq, 0xFFFFFFFA)).isLessThan(0); // wrapped
        c.feed(b, 300);
        c.feed(head, 301);
        c.feed(a, 302);
        c.feed(a, 303);

        assertThat(c.exchanges).hasSize(1);
        assertThat(c.exchanges.get(0).isComplete()).isTrue();
        assertThat(new String(c.exchanges.get(0).request().body(), StandardCharsets.US_ASCII)).isEqualTo("abcdefghijklmnopqrstuvwxyz");
        assertThat(body(c.exchanges.get(0))).isEqualTo("0123456789ABCDEFGHIJ");
        assertThat(c.counter(NetstackCounter.TCP_REXMITS_IGNORED)).isEqualTo(1);
    }

    @Test
    void captureStartingMidConnectionFindsClientAndServerFromContent() {
        TcpConversation c = new TcpConversation();
        // no handshake; the first bytes seen are the tail of an earlier response, then the client's request
        c.server("\"tail of an earlier body\"}\r\n", 100);
        c.client("ng\":\"tail of an earlier request body\"}", 110);
        c.client("POST /v1/messages HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}", 200);
        c.server("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nyes", 300);

        assertThat(c.exchanges).hasSize(1);
        HttpExchange e = c.exchanges.get(0);
        assertThat(e.isComplete()).isTrue();
        assertThat(e.client().toString()).isEqualTo("10.0.0.1:51000");
        assertThat(e.request().path()).isEqualTo("/v1/messages");
        assertThat(body(e)).isEqualTo("yes");
    }

    @Test
    void captureStartingMidConnectionWithTheServerSpeakingFirst() {
        TcpConversation c = new TcpConversation();
        // the first packet seen goes from the server; roles come from the status line, not from who spoke first
        c.server("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", 100);
        c.client("GET /next HTTP/1.1\r\n\r\n", 200);
        c.server("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nnext", 300);

        assertThat(c.exchanges).hasSize(1);
        assertThat(c.exchanges.get(0).client().toString()).isEqualTo("10.0.0.1:51000");
        assertThat(c.exchanges.get(0).server().toString()).isEqualTo("10.0.0.2:8080");
        assertThat(c.counter(NetstackCounter.HTTP_EXCHANGES_UNPAIRED)).isEqualTo(1);
    }

    @Test
    void ipv6ConversationWorksEndToEnd() {
        TcpConversation c = new TcpConversation(NetstackConfig.defaults(), 1, 2, true).handshake(100);
        c.client("GET /six HTTP/1.1\r\n\r\n", 200);
        c.server("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nv6", 300);
        assertThat(c.exchanges).hasSize(1);
        assertThat(c.exchanges.get(0).client().toString()).isEqualTo("[2001:db8::1]:51000");
        assertThat(c.exchanges.get(0).server().ip()).isEqualTo("2001:db8::2");
    }

    @Test
    void snapLengthTruncatedPacketBecomesAGap() {
        TcpConversation c = new TcpConversation().handshake(100);
        c.client("GET /a HTTP/1.1\r\n\r\n", 200);
        c.server("HTTP/1.1 200 OK\r\nContent-Length: 20\r\n\r\n", 300);
        Segment full = c.serverSegment("0123456789abcdefghij");
        c.feed(Arrays.copyOf(full.frame(), full.frame().length - 5), 310); // capture kept all but 5 bytes
        c.client("GET /b HTTP/1.1\r\n\r\n", 400);
        c.server("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nb", 500);

        assertThat(c.counter(NetstackCounter.PKTS_TRUNCATED)).isEqualTo(1);
        assertThat(c.exchanges).hasSize(2);
        assertThat(body(c.exchanges.get(0))).isEqualTo("0123456789abcde");
        assertThat(c.exchanges.get(0).problem()).isEqualTo("5 bytes of the response body were lost in a capture gap");
        assertThat(c.exchanges.get(1).isComplete()).isTrue();
    }

    @Test
    void flowsAreKeyedByBothDirectionsAndForgottenAfterBothFins() {
        TcpConversation c = new TcpConversation().handshake(100);
        assertThat(c.table.activeFlows()).isEqualTo(1);
        c.clientFin(200);
        assertThat(c.table.activeFlows()).isEqualTo(1);
        c.serverFin(210);
        assertThat(c.table.activeFlows()).isZero();
        // the last ACK after both FINs starts nothing
        c.feed(c.clientSegment(new byte[0], 0), 220);
        assertThat(c.table.activeFlows()).isZero();
        assertThat(c.counter(NetstackCounter.FLOWS_CREATED)).isEqualTo(1);
        assertThat(c.counter(NetstackCounter.FLOWS_ACTIVE)).isZero();
    }

    @Test
    void reusedPortPairStartsAFreshConnection() {
        TcpConversation c = new TcpConversation().handshake(100);
        c.client("GET /old HTTP/1.1\r\n\r\n", 200);
        c.clientFin(210); // the server's FIN is never seen
        c.clientSeq += 100_000;
        c.serverSeq += 7_777_777;
        c.handshake(300);
        c.client("GET /new HTTP/1.1\r\n\r\n", 400);
        c.server("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nnew", 500);
        assertThat(c.exchanges).hasSize(2);
        assertThat(c.exchanges.get(0).request().target()).isEqualTo("/old");
        assertThat(c.exchanges.get(0).problem()).isEqualTo("no response before the connection closed");
        assertThat(c.exchanges.get(1).request().target()).isEqualTo("/new");
        assertThat(c.exchanges.get(1).isComplete()).isTrue();
        assertThat(c.counter(NetstackCounter.FLOWS_CREATED)).isEqualTo(2);
    }
}
