package org.egret.storage.duckdb.internal;

import io.airlift.compress.lz4.Lz4Compressor;
import io.airlift.compress.lz4.Lz4Decompressor;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * Exchange bodies LZ4-compressed in Java before DuckDB sees them (see {@link SchemaMigrations} v3). DuckDB's cost
 * for a large BLOB is per byte (appender chunk, transaction-local storage, WAL, checkpoint), so bodies are stored
 * compressed. LZ4 costs a quarter to a third of the CPU DEFLATE did, for about a third more bytes of request JSON;
 * an SSE stream (the same chunk envelope per token) shrinks about as much as under DEFLATE.
 *
 * <p>Stored form: the body's length as 4 bytes little-endian, then one LZ4 block (the layout python-lz4's
 * {@code lz4.block.decompress} reads). No checksum of its own: DuckDB checksums every block it writes. A body is
 * stored as it is when it is small, very large, or does not shrink by an eighth.
 *
 * <p>Not thread-safe (it reuses its output buffer and the compressor's hash table): one instance per batch.
 */
final class Lz4BodyCodec {
    /** Below this a body is stored as it is: too little to win, and small values stay readable in SQL. */
    static final int MIN_BYTES = 1024;
    /**
     * Above this a body is stored as it is; also the most a stored length may claim, so corrupt bytes cannot ask
     * for more memory than that.
     */
    static final int MAX_BYTES = 64 << 20;
    static final int LENGTH_BYTES = 4;
    /** LZ4 writes at least one byte per 255 it restores (a match length is extended in 255s). */
    private static final int MAX_RATIO = 255;
    private static final Lz4Decompressor DECOMPRESSOR = new Lz4Decompressor();

    private final Lz4Compressor compressor = new Lz4Compressor();
    private byte[] buffer = new byte[0];

    /** The stored form of {@code body}; null when it is better stored as it is (small, large, incompressible). */
    byte[] pack(byte[] body) {
        if (body == null || body.length < MIN_BYTES || body.length > MAX_BYTES) {
            return null;
        }
        int room = compressor.maxCompressedLength(body.length);
        if (buffer.length < LENGTH_BYTES + room) {
            buffer = new byte[LENGTH_BYTES + room];
        }
        int n = compressor.compress(body, 0, body.length, buffer, LENGTH_BYTES, room);
        int stored = LENGTH_BYTES + n;
        if (stored > body.length - body.length / 8) {
            return null; // does not shrink enough: not worth the decompression on every read
        }
        int length = body.length;
        buffer[0] = (byte) length;
        buffer[1] = (byte) (length >>> 8);
        buffer[2] = (byte) (length >>> 16);
        buffer[3] = (byte) (length >>> 24);
        return Arrays.copyOf(buffer, stored);
    }

    /** A body as it was written, from what {@link #pack} returned; corrupt bytes are an error naming the column. */
    static byte[] unpack(byte[] stored, String column) throws SQLException {
        if (stored.length <= LENGTH_BYTES) {
            throw new SQLException(column + " holds " + stored.length
                    + " bytes, too few for a length and an LZ4 block");
        }
        long length = (stored[0] & 0xffL) | (stored[1] & 0xffL) << 8 | (stored[2] & 0xffL) << 16
                | (stored[3] & 0xffL) << 24;
        int blockLength = stored.length - LENGTH_BYTES;
        if (length > (long) blockLength * MAX_RATIO) {
            throw new SQLException(column + " claims a body of " + length + " bytes, more than its " + blockLength
                    + " bytes of LZ4 can hold");
        }
        if (length > MAX_BYTES) {
            throw new SQLException(column + " claims a body of " + length + " bytes, more than the " + MAX_BYTES
                    + " stored compressed");
        }
        byte[] body = new byte[(int) length];
        int n;
        try {
            n = DECOMPRESSOR.decompress(stored, LENGTH_BYTES, blockLength, body, 0, body.length);
        } catch (RuntimeException e) { // MalformedInputException, or a range the decompressor refuses
            throw new SQLException(column + " does not hold a valid LZ4 block: " + e.getMessage(), e);
        }
        if (n != length) {
            throw new SQLException(column + " holds an LZ4 block of " + n + " bytes where its length says "
                    + length);
        }
        return body;
    }
}
