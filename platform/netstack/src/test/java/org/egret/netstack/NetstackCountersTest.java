package org.egret.netstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class NetstackCountersTest {

    @Test
    void snapshotNamesEveryCounterByItsShortName() {
        NetstackCounters c = new NetstackCounters();
        c.increment(NetstackCounter.PKTS_PARSED);
        c.add(NetstackCounter.TCP_GAPS_SKIPPED, 3);
        c.set(NetstackCounter.FLOWS_ACTIVE, 7);
        Map<String, Long> snap = c.snapshot();
        assertThat(snap).containsKeys("pkts_parsed", "pkts_dropped_not_ip", "pkts_dropped_not_tcp",
                "pkts_dropped_malformed", "pkts_ip_fragments", "pkts_truncated", "tcp_rexmits_ignored",
                "tcp_ooo_buffered", "tcp_gaps_skipped", "flows_created", "flows_expired", "flows_active",
                "http_reqs_parsed", "http_resps_parsed", "http_resyncs", "http_exchanges", "http_exchanges_unpaired",
                "http_bodies_truncated", "http_decode_errors", "sse_events_parsed");
        assertThat(snap).containsEntry("pkts_parsed", 1L).containsEntry("tcp_gaps_skipped", 3L).containsEntry("flows_active", 7L);
        assertThat(NetstackCounter.FLOWS_ACTIVE.isGauge()).isTrue();
        assertThat(NetstackCounter.PKTS_PARSED.isGauge()).isFalse();
    }

    @Test
    void workersAreSummed() {
        NetstackCounters a = new NetstackCounters();
        NetstackCounters b = new NetstackCounters();
        a.add(NetstackCounter.HTTP_EXCHANGES, 2);
        b.add(NetstackCounter.HTTP_EXCHANGES, 5);
        a.set(NetstackCounter.FLOWS_ACTIVE, 1);
        b.set(NetstackCounter.FLOWS_ACTIVE, 4);
        Map<String, Long> sum = NetstackCounters.sum(List.of(a, b));
        assertThat(sum).containsEntry("http_exchanges", 7L).containsEntry("flows_active", 5L).containsEntry("pkts_parsed", 0L);
    }

    @Test
    void countersAreReadableFromAnotherThreadWhileWritten() throws InterruptedException {
        NetstackCounters c = new NetstackCounters();
        AtomicLong seen = new AtomicLong();
        Thread reader = new Thread(() -> {
            long last = 0;
            while (last < 1_000_000) {
                long v = c.get(NetstackCounter.PKTS_PARSED);
                assertThat(v).isGreaterThanOrEqualTo(last);
                last = v;
            }
            seen.set(last);
        });
        reader.start();
        for (int i = 0; i < 1_000_000; i++) {
            c.increment(NetstackCounter.PKTS_PARSED);
        }
        reader.join(10_000);
        assertThat(seen.get()).isEqualTo(1_000_000);
    }

    @Test
    void aThrowingListenerIsCountedAndDoesNotBreakTheTable() {
        NetstackCounters counters = new NetstackCounters();
        TcpFlowTable table = new TcpFlowTable("t", NetstackConfig.defaults(), counters, e -> {
            throw new IllegalStateException("downstream bug");
        });
        TcpConversation c = new TcpConversation();
        // drive the same frames through a second table whose listener throws
        PacketDecoder decoder = new PacketDecoder(counters);
        DecodedPacket p = new DecodedPacket();
        for (TcpConversation.Segment s : List.of(c.clientSegment("GET / HTTP/1.1\r\n\r\n"),
                c.serverSegment("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"))) {
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(s.frame());
            assertThat(decoder.decode(org.egret.api.packet.LinkType.ETHERNET, buf, p)).isTrue();
            table.onPacket(p, buf, 1);
        }
        assertThat(counters.get(NetstackCounter.LISTENER_ERRORS)).isEqualTo(1);
        assertThat(counters.get(NetstackCounter.HTTP_EXCHANGES)).isEqualTo(1);
        assertThat(table.activeFlows()).isEqualTo(1);
    }
}
