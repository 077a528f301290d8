package org.egret.storage.duckdb.internal;

import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.egret.bodyblocks.BlockedBody;
import org.egret.bodyblocks.Chunk;
import org.egret.bodyblocks.ContentChunker;

/**
 * Stores the request bodies of one write batch as blocks (schema v8): cuts a body of at least
 * {@link #MIN_BODY_BYTES} into content-defined blocks, appends to {@code body_blocks} those of its day the writer
 * does not know to be stored, and gives back the block list the row keeps in the body's place. One instance per batch, inside the batch's
 * transaction; {@link #written()} goes to {@link StoredBlocks#committed} once it commits.
 */
final class BodyBlockWriter implements AutoCloseable {
    /** Smaller bodies stay in their row: a block list (33+ bytes a block) and a lookup would not pay. */
    static final int MIN_BODY_BYTES = 4096;
    /** {@code minBodyBytes} that stores no body as blocks (every body stays in its row, as before v8). */
    static final int OFF = 0;
    static final long DAY_MICROS = 86_400_000_000L;

    private final DuckDBConnection connection;
    private final StoredBlocks stored;
    private final int minBodyBytes;
    private final Lz4BodyCodec lz4 = new Lz4BodyCodec();
    private final Set<StoredBlocks.Key> written = new HashSet<>();
    private DuckDBAppender appender;
    private long blockBytes;

    BodyBlockWriter(DuckDBConnection connection, StoredBlocks stored) {
        this(connection, stored, MIN_BODY_BYTES);
    }

    /** @param minBodyBytes the smallest body stored as blocks; {@link #OFF} for none */
    BodyBlockWriter(DuckDBConnection connection, StoredBlocks stored, int minBodyBytes) {
        this.connection = connection;
        this.stored = stored;
        this.minBodyBytes = minBodyBytes;
    }

    /** The UTC day (days since the epoch) of a request time in µs. */
    static int day(long requestMicros) {
        return (int) Math.floorDiv(requestMicros, DAY_MICROS);
    }

    /**
     * Stores {@code body} as blocks of the day of {@code requestMicros}.
     *
     * @return the encoded block list, or null when the body stays in its row (null, smaller than the minimum, or
     *         blocks off)
     */
    byte[] store(byte[] body, long requestMicros) throws SQLException {
        if (body == null || minBodyBytes == OFF || body.length < minBodyBytes) {
            return null;
        }
        int day = day(requestMicros);
        List<Chunk> chunks = ContentChunker.split(body);
        for (Chunk chunk : chunks) {
            StoredBlocks.Key key = new StoredBlocks.Key(day, chunk.id());
            if (!written.contains(key) && !stored.contains(key)) {
                appendBlock(key, chunk.copyOf(body));
                written.add(key);
            }
        }
        return BlockedBody.of(chunks).encode();
    }

    private void appendBlock(StoredBlocks.Key key, byte[] data) throws SQLException {
        if (appender == null) {
            appender = connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "body_blocks");
        }
        byte[] packed = lz4.pack(data);
        appender.beginRow();
        appender.append(LocalDate.ofEpochDay(key.day()));
        appender.append(key.id().bytes());
        appender.append(data.length);
        appender.append(packed != null);
        appender.append(packed != null ? packed : data);
        appender.endRow();
        blockBytes += packed != null ? packed.length : data.length;
    }

    /** Sends the appended blocks to DuckDB; before the commit, as a failed flush must fail the batch. */
    void flush() throws SQLException {
        if (appender != null) {
            appender.flush();
        }
    }

    /** The blocks this batch appended. */
    List<StoredBlocks.Key> written() {
        return new ArrayList<>(written);
    }

    /** Bytes of block data appended (after LZ4). */
    long blockBytes() {
        return blockBytes;
    }

    @Override
    public void close() throws SQLException {
        if (appender != null) {
            appender.close();
        }
    }
}
