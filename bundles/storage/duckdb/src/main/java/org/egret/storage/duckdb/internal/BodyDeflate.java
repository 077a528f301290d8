package org.egret.storage.duckdb.internal;

import java.sql.SQLException;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Exchange bodies deflated in Java before DuckDB sees them (see {@link SchemaMigrations} v2). DuckDB's cost for a
 * large BLOB is per byte (copied into the appender's chunk, into transaction-local storage, into the WAL, then read
 * and compressed again at checkpoint); DEFLATE at its fastest level costs less per byte than that and leaves it a
 * fraction of the bytes: LLM request JSON shrinks several-fold, an OpenAI SSE stream (the same chunk envelope per
 * token) ten-fold and more. A body is kept as it is when it is small or does not shrink by an eighth.
 *
 * <p>One instance per batch (it holds a native {@link Deflater}); {@link #close()} frees it.
 */
final class BodyDeflate implements AutoCloseable {
    /** Below this a body is stored as it is: too little to win, and small values stay readable in SQL. */
    static final int MIN_BYTES = 1024;
    private static final int LEVEL = Deflater.BEST_SPEED;

    private final Deflater deflater = new Deflater(LEVEL, true);
    private byte[] buffer = new byte[64 * 1024];
    /** Whether the last {@link #pack} result is deflated. */
    private boolean deflated;

    /** The body to store: deflated when that is clearly smaller, else {@code body} itself (null stays null). */
    byte[] pack(byte[] body) {
        deflated = false;
        if (body == null || body.length < MIN_BYTES) {
            return body;
        }
        int limit = body.length - body.length / 8;
        if (buffer.length < limit) {
            buffer = new byte[Math.max(limit, buffer.length * 2)];
        }
        deflater.reset();
        deflater.setInput(body);
        deflater.finish();
        int n = 0;
        while (!deflater.finished() && n < limit) {
            n += deflater.deflate(buffer, n, limit - n);
        }
        if (!deflater.finished()) {
            return body; // does not shrink enough: not worth the inflate on every read
        }
        deflated = true;
        return Arrays.copyOf(buffer, n);
    }

    /** Whether the last {@link #pack} returned deflated bytes. */
    boolean deflated() {
        return deflated;
    }

    @Override
    public void close() {
        deflater.end();
    }

    /** A body as it was written, from what {@link #pack} deflated. */
    static byte[] inflate(byte[] stored, String column) throws SQLException {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(stored);
            byte[] out = new byte[Math.max(256, stored.length * 4)];
            int n = 0;
            while (!inflater.finished()) {
                if (n == out.length) {
                    out = Arrays.copyOf(out, out.length * 2);
                }
                int got = inflater.inflate(out, n, out.length - n);
                n += got;
                if (got == 0 && !inflater.finished() && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new SQLException(column + " holds a DEFLATE stream that is cut short");
                }
            }
            return n == out.length ? out : Arrays.copyOf(out, n);
        } catch (DataFormatException e) {
            throw new SQLException(column + " does not hold a valid DEFLATE stream: "
                    + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }
}
