package org.egret.netstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import org.egret.api.http.HttpExchange;
import org.egret.api.http.HttpResponse;
import org.egret.api.http.SseEvent;
import org.junit.jupiter.api.Test;

class SseEventStreamTest {
    static final String STREAM = new String(ContentDecodingTest.resource("chat-stream.sse"), StandardCharsets.UTF_8);
    static final List<String> EVENTS = Arrays.stream(STREAM.split("\n\n")).map(e -> e.substring("data: ".length())).toList();

    /** The wire bytes of a chunked event-stream response, and where each event's last byte sits in them. */
    private record Wire(byte[] bytes, int[] eventEnds) {
    }

    private static Wire chunkedResponse(String lineBreak, String contentEncodingHeader, List<byte[]> chunks, boolean eventsEndChunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n" + contentEncodingHeader
                + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        int[] ends = new int[chunks.size()];
        for (int i = 0; i < chunks.size(); i++) {
            byte[] c = chunks.get(i);
            out.writeBytes((Integer.toHexString(c.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(c);
            // the byte that ends the blank line: a lone CR ends a line, so in CRLF CRLF it is the second CR
            ends[i] = out.size() - 1 - (lineBreak.equals("\r\n") ? 1 : 0);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return new Wire(out.toByteArray(), eventsEndChunks ? ends : null);
    }

    private static List<byte[]> eventChunks(String lineBreak) {
        List<byte[]> chunks = new ArrayList<>();
        for (String e : EVENTS) {
            chunks.add(("data: " + e + lineBreak + lineBreak).getBytes(StandardCharsets.UTF_8));
        }
        return chunks;
    }

    private static TcpConversation requestSent() {
        TcpConversation c = new TcpConversation().handshake(10);
        c.client("POST /v1/chat/completions HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 13\r\n\r\n{\"stream\":true}".replace("13", "15"), 20);
        return c;
    }

    private static HttpResponse onlyResponse(TcpConversation c) {
        assertThat(c.exchanges).hasSize(1);
        HttpExchange e = c.exchanges.get(0);
        assertThat(e.problem()).isNull();
        assertThat(e.isComplete()).isTrue();
        return e.response();
    }

    @Test
    void everySplitPointGivesTheSameEventsWithThePacketTimestampThatCompletedThem() {
        for (String lineBreak : new String[] {"\n", "\r\n", "\r"}) {
            Wire wire = chunkedResponse(lineBreak, "", eventChunks(lineBreak), true);
            for (int cut = 1; cut < wire.bytes().length; cut++) {
                TcpConversation c = requestSent();
                c.server(Arrays.copyOfRange(wire.bytes(), 0, cut), 1000);
                c.server(Arrays.copyOfRange(wire.bytes(), cut, wire.bytes().length), 2000);
                HttpResponse r = onlyResponse(c);
                assertThat(r.isEventStream()).isTrue();
                assertThat(r.events()).extracting(SseEvent::data).as("cut at %d", cut).containsExactlyElementsOf(EVENTS);
                for (int i = 0; i < EVENTS.size(); i++) {
                    long expected = wire.eventEnds()[i] < cut ? 1000 : 2000;
                    assertThat(r.events().get(i).timestampMicros()).as("event %d, cut at %d", i, cut).isEqualTo(expected);
                }
                assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(STREAM.replace("\n", lineBreak));
                assertThat(c.counter(NetstackCounter.SSE_EVENTS_PARSED)).isEqualTo(EVENTS.size());
            }
        }
    }

    @Test
    void oneBytePerPacketTimestampsEachEventByItsLastByte() {
        Wire wire = chunkedResponse("\n", "", eventChunks("\n"), true);
        TcpConversation c = requestSent();
        for (int i = 0; i < wire.bytes().length; i++) {
            c.server(new byte[] {wire.bytes()[i]}, 1000 + i);
        }
        HttpResponse r = onlyResponse(c);
        assertThat(r.events()).extracting(SseEvent::data).containsExactlyElementsOf(EVENTS);
        for (int i = 0; i < EVENTS.size(); i++) {
            assertThat(r.events().get(i).timestampMicros()).isEqualTo(1000 + wire.eventEnds()[i]);
        }
        assertThat(r.startMicros()).isEqualTo(1000);
        assertThat(r.endMicros()).isEqualTo(1000 + wire.bytes().length - 1);
    }

    private static List<byte[]> gzipFlushedPerEvent() {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        List<byte[]> pieces = new ArrayList<>();
        try (GZIPOutputStream gz = new GZIPOutputStream(sink, true)) {
            for (byte[] event : eventChunks("\n")) {
                gz.write(event);
                gz.flush(); // a sync flush, as a streaming server does after each event
                pieces.add(sink.toByteArray());
                sink.reset();
            }
            gz.finish();
            pieces.add(sink.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pieces;
    }

    @Test
    void gzipEventStreamIsDecodedAsPacketsArrive() {
        List<byte[]> pieces = gzipFlushedPerEvent();
        Wire wire = chunkedResponse("\n", "Content-Encoding: gzip\r\n", pieces, false);
        // one compressed flush per packet: each event is decodable in the packet that carried it
        TcpConversation c = requestSent();
        int at = 0;
        int head = new String(wire.bytes(), StandardCharsets.ISO_8859_1).indexOf("\r\n\r\n") + 4;
        c.server(Arrays.copyOfRange(wire.bytes(), 0, head), 999);
        at = head;
        for (int i = 0; i < pieces.size(); i++) {
            int size = Integer.toHexString(pieces.get(i).length).length() + 2 + pieces.get(i).length + 2;
            c.server(Arrays.copyOfRange(wire.bytes(), at, at + size), 1000 + i);
            at += size;
        }
        c.server(Arrays.copyOfRange(wire.bytes(), at, wire.bytes().length), 5000);
        HttpResponse r = onlyResponse(c);
        assertThat(r.events()).extracting(SseEvent::data).containsExactlyElementsOf(EVENTS);
        for (int i = 0; i < EVENTS.size(); i++) {
            assertThat(r.events().get(i).timestampMicros()).isEqualTo(1000 + i);
        }
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(STREAM);
    }

    @Test
    void gzipEventStreamSplitAtEveryByte() {
        List<byte[]> pieces = gzipFlushedPerEvent();
        Wire wire = chunkedResponse("\n", "Content-Encoding: gzip\r\n", pieces, false);
        for (int cut = 1; cut < wire.bytes().length; cut++) {
            TcpConversation c = requestSent();
            c.server(Arrays.copyOfRange(wire.bytes(), 0, cut), 1000);
            c.server(Arrays.copyOfRange(wire.bytes(), cut, wire.bytes().length), 2000);
            HttpResponse r = onlyResponse(c);
            assertThat(r.events()).extracting(SseEvent::data).as("cut at %d", cut).containsExactlyElementsOf(EVENTS);
            assertThat(r.events()).extracting(SseEvent::timestampMicros).isSorted().allMatch(t -> t == 1000 || t == 2000);
        }
    }

    @Test
    void zstdEventStreamDeliversEachBlockAsItArrives() {
        // one zstd frame whose raw blocks each end an event: events must not wait for the end of the frame
        List<byte[]> events = eventChunks("\n");
        List<byte[]> pieces = new ArrayList<>();
        pieces.add(new byte[] {0x28, (byte) 0xB5, 0x2F, (byte) 0xFD, 0x00, 0x50}); // magic, descriptor, 1 MiB window
        for (int i = 0; i < events.size(); i++) {
            byte[] e = events.get(i);
            int header = (e.length << 3) | (i == events.size() - 1 ? 1 : 0); // raw block
            pieces.add(Frames.concat(new byte[] {(byte) header, (byte) (header >> 8), (byte) (header >> 16)}, e));
        }
        Wire wire = chunkedResponse("\n", "Content-Encoding: zstd\r\n", pieces, false);
        TcpConversation c = requestSent();
        int head = new String(wire.bytes(), StandardCharsets.ISO_8859_1).indexOf("\r\n\r\n") + 4;
        c.server(Arrays.copyOfRange(wire.bytes(), 0, head), 999);
        int at = head;
        for (int i = 0; i < pieces.size(); i++) {
            int size = Integer.toHexString(pieces.get(i).length).length() + 2 + pieces.get(i).length + 2;
            c.server(Arrays.copyOfRange(wire.bytes(), at, at + size), 1000 + i);
            at += size;
        }
        c.server(Arrays.copyOfRange(wire.bytes(), at, wire.bytes().length), 5000);
        HttpResponse r = onlyResponse(c);
        assertThat(r.events()).extracting(SseEvent::data).containsExactlyElementsOf(EVENTS);
        for (int i = 0; i < EVENTS.size(); i++) {
            assertThat(r.events().get(i).timestampMicros()).isEqualTo(1001 + i); // piece 0 is the frame header
        }
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(STREAM);
    }

    @Test
    void zstdCompressedEventsOneFramePerEvent() {
        List<byte[]> pieces = eventChunks("\n").stream().map(ContentDecodingTest::zstd).toList();
        Wire wire = chunkedResponse("\n", "Content-Encoding: zstd\r\n", pieces, false);
        TcpConversation c = requestSent();
        for (int from = 0, k = 0; from < wire.bytes().length; from += 50, k++) {
            c.server(Arrays.copyOfRange(wire.bytes(), from, Math.min(from + 50, wire.bytes().length)), 1000 + k);
        }
        HttpResponse r = onlyResponse(c);
        assertThat(r.events()).extracting(SseEvent::data).containsExactlyElementsOf(EVENTS);
        assertThat(r.events()).extracting(SseEvent::timestampMicros).isSorted();
        assertThat(r.events().get(0).timestampMicros()).isLessThan(r.events().get(EVENTS.size() - 1).timestampMicros());
    }

    @Test
    void brotliEventStreamIsDecodedAtTheEndWithTimestampsMappedFromCompressedOffsets() {
        byte[] br = ContentDecodingTest.resource("chat-stream.sse.br");
        Wire wire = chunkedResponse("\n", "Content-Encoding: br\r\n", List.of(br), false);
        TcpConversation c = requestSent();
        int packets = 0;
        for (int from = 0; from < wire.bytes().length; from += 40) {
            c.server(Arrays.copyOfRange(wire.bytes(), from, Math.min(from + 40, wire.bytes().length)), 1000 + packets++);
        }
        HttpResponse r = onlyResponse(c);
        assertThat(r.events()).extracting(SseEvent::data).containsExactlyElementsOf(EVENTS);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(STREAM);
        List<Long> times = r.events().stream().map(SseEvent::timestampMicros).toList();
        assertThat(times).isSorted();
        assertThat(times.get(0)).isGreaterThanOrEqualTo(1000).isLessThan(times.get(times.size() - 1));
        assertThat(times.get(times.size() - 1)).isLessThanOrEqualTo(1000 + packets - 1);
    }

    @Test
    void fieldsCommentsAndResidualEvent() {
        TcpConversation c = requestSent();
        c.server("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\n", 100);
        c.server(": keep-alive comment\n\nretry: 3000\nevent: message_start\nid: 7\ndata:{\"a\":1}\n\n", 110);
        c.server("event: delta\ndata: line one\ndata:  line two\ndata\n\n", 120);
        c.server("data: no blank line at the end", 130);
        c.serverFin(140);

        HttpResponse r = onlyResponse(c);
        assertThat(r.events()).containsExactly(
                new SseEvent("message_start", "{\"a\":1}", "7", 110),
                new SseEvent("delta", "line one\n line two\n", null, 120),
                new SseEvent(null, "no blank line at the end", null, 140));
    }

    @Test
    void multibyteCharacterSplitAcrossPacketsIsKept() {
        byte[] event = "data: {\"content\":\"日本🙂é\"}\n\n".getBytes(StandardCharsets.UTF_8);
        for (int cut = 1; cut < event.length; cut++) {
            TcpConversation c = requestSent();
            c.server("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nContent-Length: " + event.length + "\r\n\r\n", 100);
            c.server(Arrays.copyOfRange(event, 0, cut), 110);
            c.server(Arrays.copyOfRange(event, cut, event.length), 120);
            HttpResponse r = onlyResponse(c);
            assertThat(r.events()).extracting(SseEvent::data).containsExactly("{\"content\":\"日本🙂é\"}");
        }
    }

    @Test
    void eventCapKeepsTheFirstAndTheLastSixtyFour() {
        NetstackConfig config = new NetstackConfig(1 << 20, 16, 120_000_000L, 70);
        TcpConversation c = new TcpConversation(config, 1, 2, false).handshake(10);
        c.client("GET /stream HTTP/1.1\r\n\r\n", 20);
        c.server("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n", 100);
        for (int i = 0; i < 200; i++) {
            String e = "data: " + i + "\n\n";
            c.server(Integer.toHexString(e.length()) + "\r\n" + e + "\r\n", 1000 + i);
        }
        c.server("0\r\n\r\n", 2000);
        HttpExchange ex = c.exchanges.get(0);
        List<SseEvent> events = ex.response().events();
        assertThat(events).hasSize(70);
        assertThat(events.subList(0, 6)).extracting(SseEvent::data).containsExactly("0", "1", "2", "3", "4", "5");
        assertThat(events.get(6).data()).isEqualTo("136");
        assertThat(events.get(69).data()).isEqualTo("199");
        assertThat(events.get(69).timestampMicros()).isEqualTo(1199);
        assertThat(ex.response().bodyTruncated()).isTrue();
        assertThat(ex.response().complete()).isTrue();
        assertThat(c.counter(NetstackCounter.SSE_EVENTS_PARSED)).isEqualTo(200);
    }

    @Test
    void gapInAnEventStreamLosesOnlyTheEventsItTouched() {
        TcpConversation c = requestSent();
        c.server("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\n", 100);
        c.server("data: one\n\ndata: tw", 110);
        c.serverSegment("o\n\ndata: thr"); // lost
        c.server("ee\n\ndata: four\n\n", 130);
        c.clientFin(140); // acknowledges the lost bytes
        c.serverFin(150);
        HttpExchange e = c.exchanges.get(0);
        assertThat(e.response().events()).extracting(SseEvent::data).containsExactly("one", "four");
        assertThat(e.problem()).isEqualTo("12 bytes of the response body were lost in a capture gap");
    }
}
