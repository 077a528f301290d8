package org.egret.storage.duckdb.internal;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Properties;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBDriver;
import org.egret.api.storage.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One opened DuckDB file at the current schema version: the writer connection and the read connections duplicated
 * from it (same database instance).
 */
final class DuckDbDatabase {
    private static final Logger LOG = LoggerFactory.getLogger(DuckDbDatabase.class);

    private final Path file;
    private final DuckDBConnection writer;
    private final ReadConnectionPool readers;
    private final int foundVersion;

    private DuckDbDatabase(Path file, DuckDBConnection writer, ReadConnectionPool readers, int foundVersion) {
        this.file = file;
        this.writer = writer;
        this.readers = readers;
        this.foundVersion = foundVersion;
    }

    /**
     * Opens (creating it and its parent directories if needed) and migrates the database.
     *
     * @param checkpointThresholdMb WAL size at which DuckDB checkpoints (DuckDB's {@code checkpoint_threshold})
     * @param threads               DuckDB's worker threads (its {@code threads} setting), 0 for its default
     * @throws StorageSetupException when the path cannot hold a database or the file cannot be opened
     * @throws StorageException      when preparing an opened database fails unexpectedly
     */
    static DuckDbDatabase open(Path file, int readConnections, int checkpointThresholdMb, int threads)
            throws StorageException {
        createParentDirectories(file);
        if (Files.isDirectory(file)) {
            throw new StorageSetupException("cannot open DuckDB database " + file + ": it is a directory");
        }
        refuseReadOnly(file);
        DuckDBConnection writer;
        try {
            // the driver directly, not DriverManager: inside OSGi DriverManager does not see the driver bundle
            writer = (DuckDBConnection) new DuckDBDriver().connect("jdbc:duckdb:" + file, new Properties());
        } catch (SQLException e) {
            throw new StorageSetupException("cannot open DuckDB database " + file + ": " + DuckDbErrors.firstLine(e));
        }
        try {
            // set on the open instance rather than as a connection property: a property would make every other
            // connection to the file in this process (tools, tests) need the very same configuration
            JdbcStatements.execute(writer, "SET checkpoint_threshold = '" + checkpointThresholdMb + "MB'");
            if (threads > 0) {
                JdbcStatements.execute(writer, "SET threads = " + threads);
            }
            int found = SchemaMigrations.migrate(writer, file);
            return new DuckDbDatabase(file, writer, ReadConnectionPool.duplicating(writer, readConnections), found);
        } catch (StorageSetupException e) {
            closeQuietly(writer);
            throw e;
        } catch (SQLException | RuntimeException e) {
            closeQuietly(writer);
            throw new StorageException("preparing DuckDB database " + file + " failed: " + DuckDbErrors.firstLine(e),
                    e);
        }
    }

    private static void createParentDirectories(Path file) throws StorageSetupException {
        Path dir = file.getParent();
        if (dir == null) {
            return;
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StorageSetupException("cannot create directory " + dir + " for the DuckDB database: "
                    + whyNotCreatable(dir, e));
        }
    }

    /**
     * A database on a read-only file system cannot even be opened (DuckDB writes its WAL and lock there); said in
     * the operator's terms before DuckDB says "Cannot open file". Root ignores permissions, so only the mount tells.
     */
    private static void refuseReadOnly(Path file) throws StorageSetupException {
        Path dir = file.getParent();
        try {
            if (dir != null && Files.getFileStore(dir).isReadOnly()) {
                throw new StorageSetupException("cannot open DuckDB database " + file + ": " + dir
                        + " is on a read-only file system");
            }
        } catch (IOException e) {
            // the file store cannot be asked: DuckDB's own error says what is wrong
        }
    }

    private static String whyNotCreatable(Path dir, IOException e) {
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.exists(p) && !Files.isDirectory(p)) {
                return p + " is a file, not a directory";
            }
        }
        if (e instanceof AccessDeniedException denied) {
            return "permission denied on " + denied.getFile();
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return e.toString();
    }

    Path file() {
        return file;
    }

    /** The schema version found when the file was opened (0 = a new file). */
    int foundVersion() {
        return foundVersion;
    }

    /** Only for the single writer thread (callers serialize on it). */
    DuckDBConnection writer() {
        return writer;
    }

    ReadConnectionPool readers() {
        return readers;
    }

    /**
     * Checkpoints (so the next start finds no WAL to replay) and closes every connection, which closes the
     * database instance. Callers make sure no connection is in use.
     */
    void close() {
        try {
            JdbcStatements.execute(writer, "CHECKPOINT");
        } catch (SQLException | RuntimeException e) {
            LOG.warn("checkpoint of DuckDB database {} before closing failed: {}", file, DuckDbErrors.firstLine(e));
        }
        readers.close();
        closeQuietly(writer);
    }

    /** Closes without a checkpoint: for an instance DuckDB has invalidated. */
    void abandon() {
        readers.close();
        closeQuietly(writer);
    }

    private static void closeQuietly(DuckDBConnection c) {
        try {
            c.close();
        } catch (SQLException | RuntimeException ignored) {
            // the instance is being dropped; a failing close changes nothing
        }
    }
}
