package org.egret.netstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import org.egret.api.http.HttpExchange;
import org.egret.api.http.HttpResponse;
import org.egret.api.packet.LinkType;
import org.junit.jupiter.api.Test;

/**
 * Heap buffers are read through their array, any other buffer through its accessors: frames at any position of a
 * heap buffer, in a slice with an array offset, in a direct or read-only buffer, give the same exchanges, and the
 * buffer is left as it was.
 */
class FrameBufferKindsTest {

    private static List<byte[]> conversation() {
        TcpConversation c = new TcpConversation();
        List<byte[]> frames = new ArrayList<>();
        String body = "{\"model\":\"m\",\"pad\":\"" + "x".repeat(3000) + "\"}";
        byte[] request = ("POST /v1/chat/completions HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8);
        for (int from = 0; from < request.length; from += 1000) {
            frames.add(c.clientSegment(Arrays.copyOfRange(request, from, Math.min(request.length, from + 1000)),
                    Frames.PSH).frame());
        }
        frames.add(c.serverSegment("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n").frame());
        for (int i = 0; i < 40; i++) {
            String event = "data: {\"i\":" + i + ",\"t\":\"caf\u00e9\"}\n\n";
            int n = event.getBytes(StandardCharsets.UTF_8).length;
            frames.add(c.serverSegment(Integer.toHexString(n) + "\r\n" + event + "\r\n").frame());
        }
        frames.add(c.serverSegment("0\r\n\r\n").frame());
        return frames;
    }

    private static List<HttpExchange> run(List<byte[]> frames, Function<byte[], ByteBuffer> wrap) {
        NetstackCounters counters = new NetstackCounters();
        List<HttpExchange> out = new ArrayList<>();
        TcpFlowTable table = new TcpFlowTable("t", NetstackConfig.defaults(), counters, out::add);
        PacketDecoder decoder = new PacketDecoder(counters);
        DecodedPacket p = new DecodedPacket();
        long ts = 100;
        for (byte[] f : frames) {
            ByteBuffer buf = wrap.apply(f);
            int position = buf.position();
            int limit = buf.limit();
            ByteOrder order = buf.order();
            assertThat(decoder.decode(LinkType.ETHERNET, buf, p)).isTrue();
            table.onPacket(p, buf, ts++);
            assertThat(buf.position()).isEqualTo(position);
            assertThat(buf.limit()).isEqualTo(limit);
            assertThat(buf.order()).isEqualTo(order);
        }
        table.closeAll();
        assertThat(counters.get(NetstackCounter.INTERNAL_ERRORS)).isZero();
        return out;
    }

    private static String describe(HttpExchange e) {
        HttpResponse r = e.response();
        return e.client() + " " + e.server() + " " + e.problem() + " " + e.request().method() + " "
                + e.request().headers() + " " + new String(e.request().body(), StandardCharsets.UTF_8) + " "
                + e.request().startMicros() + "-" + e.request().endMicros() + " " + r.status() + " " + r.headers()
                + " " + new String(r.body(), StandardCharsets.UTF_8) + " " + r.events() + " " + r.complete();
    }

    @Test
    void everyKindOfBufferGivesTheSameExchanges() {
        List<byte[]> frames = conversation();
        List<HttpExchange> reference = run(frames, ByteBuffer::wrap);
        assertThat(reference).hasSize(1);
        assertThat(reference.get(0).isComplete()).isTrue();
        assertThat(reference.get(0).response().events()).hasSize(40);
        String expected = describe(reference.get(0));

        List<Function<byte[], ByteBuffer>> kinds = List.of(
                f -> { // inside a larger array, at a position
                    byte[] big = new byte[f.length + 100];
                    System.arraycopy(f, 0, big, 37, f.length);
                    return ByteBuffer.wrap(big).position(37).limit(37 + f.length);
                },
                f -> { // a slice: array offset, and another byte order
                    byte[] big = new byte[f.length + 100];
                    System.arraycopy(f, 0, big, 53, f.length);
                    return ByteBuffer.wrap(big, 53, f.length).slice().order(ByteOrder.LITTLE_ENDIAN);
                },
                f -> { // direct, at a position
                    ByteBuffer d = ByteBuffer.allocateDirect(f.length + 20);
                    d.position(11).put(f);
                    return d.position(11).limit(11 + f.length);
                },
                f -> ByteBuffer.wrap(f).asReadOnlyBuffer());
        for (Function<byte[], ByteBuffer> kind : kinds) {
            List<HttpExchange> got = run(frames, kind);
            assertThat(got).hasSize(1);
            assertThat(describe(got.get(0))).isEqualTo(expected);
        }
    }

    @Test
    void chunkSizeLinesSplitAnywhereAndOverlongOnesBreakTheFraming() {
        String event = "data: {\"x\":1}\n\n";
        String wire = Integer.toHexString(event.length()) + ";ext=1\r\n" + event + "\r\n0000F\r\n"
                + "0123456789abcde\r\n0\r\nX-Trailer: 1\r\n\r\n";
        for (int cut = 0; cut <= wire.length(); cut++) {
            TcpConversation c = new TcpConversation().handshake(10);
            c.client("GET /s HTTP/1.1\r\n\r\n", 20);
            c.server("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n", 30);
            c.server(wire.substring(0, cut), 40);
            c.server(wire.substring(cut), 50);
            assertThat(c.exchanges).hasSize(1);
            HttpResponse r = c.exchanges.get(0).response();
            assertThat(c.exchanges.get(0).problem()).isNull();
            assertThat(new String(r.body(), StandardCharsets.US_ASCII)).isEqualTo(event + "0123456789abcde");
            assertThat(r.headers()).extracting(h -> h.name()).contains("X-Trailer");
        }

        TcpConversation c = new TcpConversation().handshake(10);
        c.client("GET /s HTTP/1.1\r\n\r\n", 20);
        c.server("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n", 30);
        c.server("1" + " ".repeat(5000) + "\r\n", 40);
        c.serverFin(50);
        c.clientFin(60);
        assertThat(c.exchanges).hasSize(1);
        assertThat(c.exchanges.get(0).problem()).contains("chunk-size line too long");
        assertThat(new String(c.exchanges.get(0).response().body(), StandardCharsets.US_ASCII)).isEqualTo("hello");
    }
}
