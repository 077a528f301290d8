package org.egret.storage.duckdb.internal;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.duckdb.DuckDBConnection;
import org.egret.api.storage.StorageException;

/**
 * A fixed set of connections on the same database instance as the writer, each used by one thread at a time, so
 * queries from the console and the API run beside the writer and beside each other.
 */
final class ReadConnectionPool {
    private static final long BORROW_TIMEOUT_SECONDS = 30;

    private final List<DuckDBConnection> all;
    private final BlockingQueue<DuckDBConnection> idle;

    private ReadConnectionPool(List<DuckDBConnection> connections) {
        this.all = List.copyOf(connections);
        this.idle = new ArrayBlockingQueue<>(connections.size(), false, connections);
    }

    static ReadConnectionPool duplicating(DuckDBConnection writer, int size) throws SQLException {
        List<DuckDBConnection> connections = new ArrayList<>(size);
        try {
            for (int i = 0; i < size; i++) {
                connections.add(writer.duplicate());
            }
        } catch (SQLException e) {
            closeAll(connections);
            throw e;
        }
        return new ReadConnectionPool(connections);
    }

    DuckDBConnection borrow() throws StorageException {
        try {
            DuckDBConnection c = idle.poll(BORROW_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (c == null) {
                throw new StorageException("all " + all.size() + " DuckDB read connections stayed busy for "
                        + BORROW_TIMEOUT_SECONDS + " s");
            }
            return c;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while waiting for a DuckDB read connection", e);
        }
    }

    void giveBack(DuckDBConnection c) {
        idle.add(c);
    }

    int size() {
        return all.size();
    }

    /** Closes every connection; callers make sure none is borrowed any more. */
    void close() {
        closeAll(all);
    }

    private static void closeAll(List<DuckDBConnection> connections) {
        for (DuckDBConnection c : connections) {
            try {
                c.close();
            } catch (SQLException | RuntimeException ignored) {
                // closing a connection of an invalidated database may fail; it is gone either way
            }
        }
    }
}
