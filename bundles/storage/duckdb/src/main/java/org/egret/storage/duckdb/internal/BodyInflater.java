package org.egret.storage.duckdb.internal;

import java.sql.SQLException;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads the exchange bodies schema v2 stored raw-DEFLATEd (RFC 1951, no zlib header) in {@code *_body_deflated}.
 * Nothing writes them any more (v3 stores {@link Lz4BodyCodec LZ4} instead), but files written before keep them.
 */
final class BodyInflater {

    private BodyInflater() {
    }

    /** A body as it was written, from what v2 deflated. */
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
