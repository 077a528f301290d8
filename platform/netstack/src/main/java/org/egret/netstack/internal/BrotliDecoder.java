package org.egret.netstack.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

import org.brotli.dec.BrotliInputStream;

/**
 * br (RFC 7932), decoded when the body ends. The only pure-Java brotli decoder (org.brotli:dec 0.1.2) pulls its input
 * and reads ahead, and hands out output only when its ring buffer fills or the stream ends, so it cannot be fed
 * packet by packet. The compressed bytes are therefore kept (up to the body cap) with the timestamp of each packet,
 * and decoded at the end; decoded byte {@code x} of {@code D} is given the timestamp of the packet that carried
 * compressed byte {@code x * C / D} of {@code C}. For an event stream this places each event near the packet that
 * carried it (exact when the compression ratio is even across the stream), never before the first or after the
 * last body packet.
 */
final class BrotliDecoder extends ContentDecoder {
    private final int maxCompressedBytes;
    private byte[] data = new byte[4096];
    private int length;
    private long[] runEnd = new long[16];
    private long[] runTs = new long[16];
    private int runs;
    private boolean capped;

    BrotliDecoder(int maxCompressedBytes) {
        this.maxCompressedBytes = maxCompressedBytes;
    }

    @Override
    String coding() {
        return "br";
    }

    @Override
    void feed(byte[] b, int off, int len, long ts, BodyBytes out) {
        int keep = Math.min(len, maxCompressedBytes - length);
        if (keep < len) {
            capped = true;
        }
        if (keep <= 0) {
            return;
        }
        if (length + keep > data.length) {
            data = Arrays.copyOf(data, (int) Math.min(Math.max((long) data.length * 2, length + keep), Integer.MAX_VALUE - 16));
        }
        System.arraycopy(b, off, data, length, keep);
        length += keep;
        if (runs > 0 && runTs[runs - 1] == ts) {
            runEnd[runs - 1] = length;
            return;
        }
        if (runs == runEnd.length) {
            runEnd = Arrays.copyOf(runEnd, runs * 2);
            runTs = Arrays.copyOf(runTs, runs * 2);
        }
        runEnd[runs] = length;
        runTs[runs] = ts;
        runs++;
    }

    @Override
    void finish(boolean complete, long ts, BodyBytes out) throws CorruptBodyException {
        if (length == 0) {
            return;
        }
        // pass 1 learns the decoded length D for the offset mapping; pass 2 hands the bytes on
        byte[] buf = new byte[32 * 1024];
        long decoded = 0;
        boolean failed = false;
        try (InputStream in = new BrotliInputStream(new ByteArrayInputStream(data, 0, length))) {
            for (int n; (n = in.read(buf)) > 0; ) {
                decoded += n;
            }
        } catch (IOException | RuntimeException e) {
            failed = true;
        }
        if (decoded > 0) {
            emit(decoded, buf, out);
        }
        if (failed && complete && !capped) {
            throw new CorruptBodyException(coding(), "is corrupt");
        }
    }

    private void emit(long total, byte[] buf, BodyBytes out) throws CorruptBodyException {
        long emitted = 0;
        int run = 0;
        try (InputStream in = new BrotliInputStream(new ByteArrayInputStream(data, 0, length))) {
            while (emitted < total) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, total - emitted));
                if (n <= 0) {
                    return;
                }
                int at = 0;
                while (at < n) {
                    // the decoded offset where the current packet's compressed bytes end
                    long boundary = run < runs - 1 ? ceilDiv(runEnd[run] * total, length) : Long.MAX_VALUE;
                    if (emitted >= boundary) {
                        run++;
                        continue;
                    }
                    int take = (int) Math.min(n - at, boundary - emitted);
                    out.accept(buf, at, take, runTs[run]);
                    at += take;
                    emitted += take;
                }
            }
        } catch (IOException | RuntimeException e) {
            // pass 1 already met this failure at the same place, after {@code total} bytes
        }
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
