package org.egret.netstack.internal;

import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * HTTP "deflate": zlib-wrapped (RFC 1950) as the standard says, or raw deflate (RFC 1951) as some servers send; the
 * first two bytes tell which.
 */
final class DeflateDecoder extends ContentDecoder {
    private final byte[] out = new byte[32 * 1024];
    private final byte[] head = new byte[2];
    private int headLength;
    private Inflater inflater;
    private boolean done;

    @Override
    String coding() {
        return "deflate";
    }

    @Override
    void feed(byte[] b, int off, int len, long ts, BodyBytes sink) throws CorruptBodyException {
        if (done || len == 0) {
            return; // bytes after the end of the deflate stream are ignored
        }
        if (inflater == null) {
            while (headLength < 2 && len > 0) {
                head[headLength++] = b[off++];
                len--;
            }
            if (headLength < 2) {
                return;
            }
            int cmf = head[0] & 0xFF;
            int flg = head[1] & 0xFF;
            boolean zlib = (cmf & 0x0F) == 8 && (cmf >>> 4) <= 7 && ((cmf << 8) | flg) % 31 == 0;
            inflater = new Inflater(!zlib);
            inflate(head, 0, 2, ts, sink);
        }
        inflate(b, off, len, ts, sink);
    }

    private void inflate(byte[] b, int off, int len, long ts, BodyBytes sink) throws CorruptBodyException {
        if (done || len == 0) {
            return;
        }
        inflater.setInput(b, off, len);
        try {
            while (true) {
                int n = inflater.inflate(out);
                if (n > 0) {
                    sink.accept(out, 0, n, ts);
                }
                if (inflater.finished()) {
                    done = true;
                    return;
                }
                if (inflater.needsInput()) {
                    return;
                }
                if (n == 0 && inflater.needsDictionary()) {
                    throw new CorruptBodyException(coding(), "needs a preset dictionary");
                }
            }
        } catch (DataFormatException e) {
            throw new CorruptBodyException(coding(), "is corrupt");
        }
    }

    @Override
    void finish(boolean complete, long ts, BodyBytes sink) throws CorruptBodyException {
        if (complete && (headLength > 0) && !done) {
            throw new CorruptBodyException(coding(), "is truncated");
        }
    }

    @Override
    void release() {
        if (inflater != null) {
            inflater.end();
        }
    }
}
