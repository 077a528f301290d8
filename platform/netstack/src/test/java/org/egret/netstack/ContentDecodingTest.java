package org.egret.netstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

import org.egret.api.http.HttpExchange;
import org.junit.jupiter.api.Test;

import io.airlift.compress.zstd.ZstdCompressor;

class ContentDecodingTest {
    static final byte[] JSON = resource("chat-completion.json");

    static byte[] resource(String name) {
        try (InputStream in = ContentDecodingTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] deflate(byte[] data, boolean raw) {
        Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, raw);
        d.setInput(data);
        d.finish();
        byte[] buf = new byte[data.length + 1024];
        int n = d.deflate(buf);
        d.end();
        return Arrays.copyOf(buf, n);
    }

    static byte[] zstd(byte[] data) {
        ZstdCompressor c = new ZstdCompressor();
        byte[] out = new byte[c.maxCompressedLength(data.length)];
        int n = c.compress(data, 0, data.length, out, 0, out.length);
        return Arrays.copyOf(out, n);
    }

    /** A response with {@code body} under {@code encoding}, sent in packets of 100 bytes; returns the exchange. */
    private static HttpExchange roundTrip(NetstackConfig config, String encoding, byte[] body) {
        TcpConversation c = new TcpConversation(config, 1, 2, false).handshake(100);
        c.client("POST /v1/chat/completions HTTP/1.1\r\nAccept-Encoding: gzip, br, zstd\r\nContent-Length: 2\r\n\r\n{}", 200);
        byte[] head = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: " + encoding
                + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] wire = Frames.concat(head, body);
        for (int from = 0, k = 0; from < wire.length; from += 100, k++) {
            c.server(Arrays.copyOfRange(wire, from, Math.min(wire.length, from + 100)), 300 + k);
        }
        c.table.closeAll();
        assertThat(c.exchanges).hasSize(1);
        return c.exchanges.get(0);
    }

    private static HttpExchange roundTrip(String encoding, byte[] body) {
        return roundTrip(NetstackConfig.defaults(), encoding, body);
    }

    private static void assertDecoded(HttpExchange e, byte[] expected) {
        assertThat(e.problem()).isNull();
        assertThat(e.isComplete()).isTrue();
        assertThat(new String(e.response().body(), StandardCharsets.UTF_8)).isEqualTo(new String(expected, StandardCharsets.UTF_8));
        assertThat(e.response().bodyLength()).isEqualTo(expected.length);
        assertThat(e.response().bodyTruncated()).isFalse();
    }

    @Test
    void gzipAndXGzip() {
        assertDecoded(roundTrip("gzip", gzip(JSON)), JSON);
        assertDecoded(roundTrip("x-gzip", gzip(JSON)), JSON);
        assertDecoded(roundTrip("GZIP", Frames.concat(gzip(JSON), gzip(JSON))), Frames.concat(JSON, JSON)); // two members
    }

    @Test
    void deflateZlibWrappedAndRaw() {
        assertDecoded(roundTrip("deflate", deflate(JSON, false)), JSON);
        assertDecoded(roundTrip("deflate", deflate(JSON, true)), JSON);
    }

    @Test
    void brotli() {
        assertDecoded(roundTrip("br", resource("chat-completion.json.br")), JSON);
    }

    @Test
    void zstd() {
        assertDecoded(roundTrip("zstd", zstd(JSON)), JSON);
        assertDecoded(roundTrip("zstd", Frames.concat(zstd(JSON), zstd(JSON))), Frames.concat(JSON, JSON));
        byte[] big = new byte[300_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) ("abcdefghij".charAt(i % 10) + (i / 7919) % 3);
        }
        assertDecoded(roundTrip("zstd", zstd(big)), big);
    }

    @Test
    void stackedCodingsAreUndoneInReverseOrder() {
        assertDecoded(roundTrip("deflate, gzip", gzip(deflate(JSON, false))), JSON);
        assertDecoded(roundTrip("identity, gzip", gzip(JSON)), JSON);
    }

    @Test
    void requestBodiesAreDecodedToo() {
        TcpConversation c = new TcpConversation().handshake(100);
        byte[] body = gzip(JSON);
        c.client(Frames.concat(("POST /v1/x HTTP/1.1\r\nContent-Encoding: gzip\r\nContent-Length: " + body.length
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII), body), 200);
        c.server("HTTP/1.1 204 No Content\r\n\r\n", 300);
        assertThat(c.exchanges.get(0).request().body()).isEqualTo(JSON);
    }

    @Test
    void corruptGzipKeepsWhatDecodedAndSaysWhere() {
        byte[] body = gzip(JSON);
        for (int i = body.length / 2; i < body.length - 8; i++) {
            body[i] = (byte) 0xFF;
        }
        HttpExchange e = roundTrip("gzip", body);
        assertThat(e.problem()).matches("gzip body is corrupt after \\d+ bytes");
        assertThat(e.response().complete()).isTrue();
        assertThat(e.response().bodyTruncated()).isTrue();
        assertThat(e.response().body().length).isLessThan(JSON.length);
        assertThat(JSON).startsWith(e.response().body());
        assertThat(e.problem()).isEqualTo("gzip body is corrupt after " + e.response().body().length + " bytes");
    }

    @Test
    void corruptAndTruncatedBodiesOfEveryCodingAreReportedNotThrown() {
        byte[][] bodies = {gzip(JSON), deflate(JSON, false), resource("chat-completion.json.br"), zstd(JSON)};
        String[] codings = {"gzip", "deflate", "br", "zstd"};
        for (int k = 0; k < codings.length; k++) {
            byte[] truncated = Arrays.copyOf(bodies[k], bodies[k].length / 2);
            HttpExchange cut = roundTrip(codings[k], truncated);
            assertThat(cut.problem()).as(codings[k]).startsWith(codings[k] + " body is ");
            byte[] garbage = bodies[k].clone();
            for (int i = 0; i < garbage.length; i += 3) {
                garbage[i] ^= 0x5A;
            }
            HttpExchange bad = roundTrip(codings[k], garbage);
            assertThat(bad.problem()).as(codings[k]).startsWith(codings[k] + " body is ");
        }
    }

    @Test
    void unsupportedCodingKeepsTheRawBytes() {
        HttpExchange e = roundTrip("compress", new byte[] {1, 2, 3});
        assertThat(e.problem()).isEqualTo("unsupported content-encoding: compress (body kept as received)");
        assertThat(e.response().body()).containsExactly(1, 2, 3);
    }

    @Test
    void bodiesBeyondTheCapAreCountedAndFlagged() {
        NetstackConfig small = new NetstackConfig(100, 16, 120_000_000L, 1000);
        HttpExchange e = roundTrip(small, "gzip", gzip(JSON));
        assertThat(e.response().body()).hasSize(100);
        assertThat(e.response().body()).isEqualTo(Arrays.copyOf(JSON, 100));
        assertThat(e.response().bodyLength()).isEqualTo(JSON.length);
        assertThat(e.response().bodyTruncated()).isTrue();
        assertThat(e.response().complete()).isTrue();
        assertThat(e.problem()).isNull();
    }

    @Test
    void decompressionBombDoesNotExhaustMemory() {
        byte[] zeros = new byte[64 << 20];
        byte[] bomb = gzip(zeros);
        NetstackConfig small = new NetstackConfig(1 << 20, 256, 120_000_000L, 1000);
        HttpExchange e = roundTrip(small, "gzip", bomb);
        assertThat(e.response().body()).hasSize(1 << 20);
        assertThat(e.response().bodyLength()).isEqualTo(zeros.length);
        assertThat(e.response().bodyTruncated()).isTrue();
    }
}
