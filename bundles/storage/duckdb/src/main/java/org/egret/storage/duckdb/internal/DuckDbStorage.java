package org.egret.storage.duckdb.internal;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import org.duckdb.DuckDBConnection;
import org.egret.api.decode.LlmCall;
import org.egret.api.storage.AgentSession;
import org.egret.api.storage.CallQuery;
import org.egret.api.storage.ExchangeQuery;
import org.egret.api.storage.ExchangeRecord;
import org.egret.api.storage.Page;
import org.egret.api.storage.SessionQuery;
import org.egret.api.storage.StorageBackend;
import org.egret.api.storage.StorageException;
import org.egret.api.storage.StorageStatus;
import org.egret.api.storage.StorageType;
import org.egret.api.storage.TurnQuery;
import org.egret.api.turn.AgentTurn;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls, exchanges and agent turns in one embedded DuckDB file. Writes come in batches from the storage sinks'
 * writer threads and go through one writer connection, one batch at a time, each batch one transaction; reads use a
 * small pool of connections on the same database instance. When DuckDB invalidates the database after a fatal
 * error, the next write closes and reopens the file instead of failing forever.
 */
@Component(service = StorageBackend.class, configurationPid = DuckDbStorage.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@StorageType(DuckDbStorage.TYPE)
@Designate(ocd = DuckDbStorage.Config.class)
public class DuckDbStorage implements StorageBackend {
    static final String PID = "egret.storage.duckdb";
    static final String TYPE = "duckdb";

    private static final Logger LOG = LoggerFactory.getLogger(DuckDbStorage.class);
    private static final long DAY_MICROS = 86_400_000_000L;
    private static final long RETENTION_FIRST_DELAY_MINUTES = 1;
    private static final long RETENTION_PERIOD_MINUTES = 60;

    // In the property names a double underscore stands for '_': DS turns a single one into '.'.
    @ObjectClassDefinition(name = "Egret DuckDB storage",
            description = "Stores LLM calls, HTTP exchanges and agent turns in one embedded DuckDB file.")
    public @interface Config {
        @AttributeDefinition(name = "Database file",
                description = "Path of the DuckDB file; it and its parent directories are created on first start.")
        String path() default "./egret.duckdb";

        @AttributeDefinition(name = "Retention",
                description = "Delete calls and exchanges whose request time, and agent turns whose end, is older "
                        + "than the retention days, measured against the wall clock; turn off for replayed captures "
                        + "(--no-retention).")
        boolean retention__enabled() default true;

        @AttributeDefinition(name = "Retention days", min = "1")
        int retention__days() default 30;

        @AttributeDefinition(name = "Read connections",
                description = "Connections serving queries beside the writer.", min = "1")
        int read__connections() default 2;

        @AttributeDefinition(name = "Checkpoint threshold (MB)",
                description = "Size of the write-ahead log at which DuckDB checkpoints it into the file. Fewer, larger "
                        + "checkpoints cost less CPU per stored byte and leave a smaller file (DuckDB rewrites the "
                        + "table's growing last row group at every checkpoint); a crash replays at most this much WAL.",
                min = "1")
        int checkpoint__threshold__mb() default 256;
    }

    @FunctionalInterface
    private interface BatchAppend<T> {
        T append(DuckDBConnection writer) throws SQLException;
    }

    @FunctionalInterface
    private interface ConnectionWork<T> {
        T run(DuckDBConnection c) throws SQLException, StorageException;
    }

    /** Read-held while a connection is in use; write-held to close or swap the database. */
    private final ReentrantReadWriteLock handleLock = new ReentrantReadWriteLock();
    /** One batch at a time on the writer connection, whichever sink's thread sends it. */
    private final ReentrantLock writeMutex = new ReentrantLock();
    /** Request bodies of committed exchanges awaiting their calls; only touched by the thread in a write. */
    private final SharedRequestBodies sharedBodies = new SharedRequestBodies();
    private final AtomicLong callsWritten = new AtomicLong();
    private final AtomicLong exchangesWritten = new AtomicLong();
    private final AtomicLong writeErrors = new AtomicLong();
    private final AtomicLong reopens = new AtomicLong();

    private volatile String location;
    private Path file;
    private int readConnections;
    private int checkpointThresholdMb;
    private boolean retentionEnabled;
    private int retentionDays;
    private ScheduledExecutorService retentionScheduler;

    private DuckDbDatabase database;
    private volatile boolean invalidated;
    private volatile boolean closed;
    private volatile boolean healthy;
    private volatile String lastError;

    @Activate
    void activate(Config config) throws StorageException {
        location = config.path();
        try {
            file = resolve(config.path());
            location = file.toString();
            readConnections = config.read__connections();
            checkpointThresholdMb = config.checkpoint__threshold__mb();
            retentionEnabled = config.retention__enabled();
            retentionDays = config.retention__days();
            checkSettings();
            DuckDbDatabase opened = DuckDbDatabase.open(file, readConnections, checkpointThresholdMb);
            handleLock.writeLock().lock();
            try {
                database = opened;
            } finally {
                handleLock.writeLock().unlock();
            }
            healthy = true;
            LOG.info("DuckDB storage at {}: schema v{} ({}), {} read connections, retention {}", location,
                    SchemaMigrations.LATEST, describeMigration(opened.foundVersion()), readConnections,
                    retentionEnabled ? retentionDays + " days" : "off");
        } catch (StorageSetupException e) {
            lastError = e.getMessage();
            LOG.error("DuckDB storage not started: {}", e.getMessage());
            throw e;
        } catch (StorageException e) {
            lastError = e.getMessage();
            LOG.error("DuckDB storage not started: {}", e.getMessage(), e);
            throw e;
        }
        if (retentionEnabled) {
            retentionScheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "egret-duckdb-retention");
                t.setDaemon(true);
                return t;
            });
            retentionScheduler.scheduleWithFixedDelay(this::retentionTick, RETENTION_FIRST_DELAY_MINUTES,
                    RETENTION_PERIOD_MINUTES, TimeUnit.MINUTES);
        }
    }

    private static Path resolve(String path) throws StorageSetupException {
        if (path == null || path.isBlank()) {
            throw new StorageSetupException("no DuckDB database path configured (property 'path' is empty)");
        }
        if (path.indexOf(';') >= 0) {
            // the DuckDB JDBC URL takes options after ';'
            throw new StorageSetupException("the DuckDB database path must not contain ';': " + path);
        }
        try {
            return Path.of(path).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new StorageSetupException("the DuckDB database path is not a valid path: " + e.getMessage());
        }
    }

    private void checkSettings() throws StorageSetupException {
        if (readConnections < 1) {
            throw new StorageSetupException("read_connections must be at least 1, got " + readConnections);
        }
        if (checkpointThresholdMb < 1) {
            throw new StorageSetupException("checkpoint_threshold_mb must be at least 1, got " + checkpointThresholdMb);
        }
        if (retentionEnabled && retentionDays < 1) {
            throw new StorageSetupException("retention_days must be at least 1 (or set retention_enabled=false), got "
                    + retentionDays);
        }
    }

    private static String describeMigration(int found) {
        if (found == 0) {
            return "created";
        }
        return found == SchemaMigrations.LATEST ? "up to date" : "migrated from v" + found;
    }

    @Deactivate
    void deactivate() {
        closed = true;
        if (retentionScheduler != null) {
            retentionScheduler.shutdownNow();
            try {
                retentionScheduler.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        writeMutex.lock();
        handleLock.writeLock().lock();
        try {
            if (database != null) {
                if (invalidated) {
                    database.abandon();
                } else {
                    database.close();
                }
                database = null;
            }
            sharedBodies.clear();
        } finally {
            handleLock.writeLock().unlock();
            writeMutex.unlock();
        }
        healthy = false;
        LOG.info("DuckDB storage at {} closed", location);
    }

    @Override
    public void writeCalls(List<LlmCall> calls) throws StorageException {
        if (calls == null || calls.isEmpty()) {
            return;
        }
        write(batch(calls.size(), "call"), c -> SpanRows.append(c, calls, sharedBodies),
                sharedBodies::callsCommitted);
        callsWritten.addAndGet(calls.size());
    }

    @Override
    public void writeExchanges(List<ExchangeRecord> exchanges) throws StorageException {
        if (exchanges == null || exchanges.isEmpty()) {
            return;
        }
        write(batch(exchanges.size(), "exchange"), c -> {
            ExchangeRows.append(c, exchanges);
            return exchanges;
        }, sharedBodies::committed);
        exchangesWritten.addAndGet(exchanges.size());
    }

    private static String batch(int size, String noun) {
        return "a batch of " + size + " " + noun + (size == 1 ? "" : "s");
    }

    @Override
    public Page<LlmCall> queryCalls(CallQuery query) throws StorageException {
        return onReadConnection("listing calls", c -> ReadQueries.calls(c, query));
    }

    @Override
    public Optional<LlmCall> findCall(String id) throws StorageException {
        return onReadConnection("reading call " + id, c -> ReadQueries.call(c, id));
    }

    @Override
    public Page<ExchangeRecord> queryExchanges(ExchangeQuery query) throws StorageException {
        return onReadConnection("listing HTTP exchanges", c -> ReadQueries.exchanges(c, query));
    }

    @Override
    public Optional<ExchangeRecord> findExchange(String id) throws StorageException {
        return onReadConnection("reading HTTP exchange " + id, c -> ReadQueries.exchange(c, id));
    }

    @Override
    public boolean storesTurns() {
        return true;
    }

    @Override
    public void writeTurns(List<AgentTurn> turns) throws StorageException {
        if (turns == null || turns.isEmpty()) {
            return;
        }
        // nothing to do after the commit: turns share no bodies with other rows
        write(batch(turns.size(), "turn"), c -> {
            TurnRows.replace(c, turns);
            return turns;
        }, written -> {
        });
    }

    @Override
    public Page<AgentTurn> queryTurns(TurnQuery query) throws StorageException {
        return onReadConnection("listing turns", c -> ReadQueries.turns(c, query));
    }

    @Override
    public Optional<AgentTurn> findTurn(String id) throws StorageException {
        return onReadConnection("reading turn " + id, c -> ReadQueries.turn(c, id));
    }

    @Override
    public Page<AgentSession> querySessions(SessionQuery query) throws StorageException {
        return onReadConnection("listing sessions", c -> ReadQueries.sessions(c, query));
    }

    @Override
    public StorageStatus status() {
        return new StorageStatus(TYPE, location, healthy && !invalidated && !closed, callsWritten.get(),
                exchangesWritten.get(), writeErrors.get(), lastError);
    }

    /** How often the database was reopened after a fatal error. */
    long reopens() {
        return reopens.get();
    }

    boolean retentionScheduled() {
        return retentionScheduler != null && !retentionScheduler.isShutdown();
    }

    /** One retention sweep as of {@code nowMicros}; nothing when retention is off. */
    RetentionSweep.Deleted sweepRetention(long nowMicros) throws StorageException {
        if (!retentionEnabled) {
            return new RetentionSweep.Deleted(0, 0, 0);
        }
        long cutoff = nowMicros - retentionDays * DAY_MICROS;
        RetentionSweep.Deleted deleted = onReadConnection("retention sweep",
                c -> RetentionSweep.olderThan(c, cutoff));
        if (deleted.calls() + deleted.exchanges() + deleted.turns() > 0) {
            LOG.info("retention: deleted {} calls, {} exchanges and {} turns older than {} days from {}",
                    deleted.calls(), deleted.exchanges(), deleted.turns(), retentionDays, location);
        }
        return deleted;
    }

    private void retentionTick() {
        try {
            sweepRetention(System.currentTimeMillis() * 1000);
        } catch (StorageException e) {
            LOG.warn("retention sweep of {} failed, retrying in {} minutes: {}", location, RETENTION_PERIOD_MINUTES,
                    e.getMessage());
        } catch (RuntimeException e) {
            // a scheduled task that throws is never run again
            LOG.error("retention sweep of {} failed, retrying in {} minutes", location, RETENTION_PERIOD_MINUTES, e);
        }
    }

    /**
     * One batch, one transaction on the writer connection: all rows or none. {@code afterCommit} gets what the
     * batch returned, still under the write mutex, once the transaction is committed.
     */
    private <T> void write(String what, BatchAppend<T> batch, Consumer<T> afterCommit) throws StorageException {
        writeMutex.lock();
        try {
            reopenIfInvalidated();
            T result;
            handleLock.readLock().lock();
            try {
                DuckDBConnection writer = openDatabase().writer();
                JdbcStatements.begin(writer);
                try {
                    result = batch.append(writer);
                    JdbcStatements.commit(writer);
                } catch (SQLException | RuntimeException e) {
                    JdbcStatements.rollbackQuietly(writer);
                    throw e;
                }
            } finally {
                handleLock.readLock().unlock();
            }
            healthy = true;
            afterCommit.accept(result);
        } catch (SQLException | RuntimeException e) {
            writeErrors.incrementAndGet();
            healthy = false;
            throw failure("writing " + what, e);
        } catch (StorageException e) {
            writeErrors.incrementAndGet();
            healthy = false;
            lastError = e.getMessage();
            throw e;
        } finally {
            writeMutex.unlock();
        }
    }

    private <T> T onReadConnection(String what, ConnectionWork<T> work) throws StorageException {
        handleLock.readLock().lock();
        try {
            DuckDbDatabase db = openDatabase();
            DuckDBConnection c = db.readers().borrow();
            try {
                return work.run(c);
            } finally {
                db.readers().giveBack(c);
            }
        } catch (SQLException | RuntimeException e) {
            throw failure(what, e);
        } finally {
            handleLock.readLock().unlock();
        }
    }

    private StorageException failure(String what, Exception e) {
        String message = what + " in DuckDB " + location + " failed: " + DuckDbErrors.firstLine(e);
        if (DuckDbErrors.isFatal(e)) {
            invalidated = true;
            healthy = false;
            message += " (the database is reopened on the next write)";
            LOG.error(message);
        }
        lastError = message;
        return new StorageException(message, e);
    }

    private DuckDbDatabase openDatabase() throws StorageException {
        if (closed) {
            throw new StorageException("the DuckDB storage at " + location + " is closed");
        }
        if (invalidated || database == null) {
            throw new StorageException("the DuckDB database " + location
                    + " was invalidated by a fatal error; it is reopened on the next write");
        }
        return database;
    }

    /** Called by the writer thread: closes the invalidated instance and opens the same file again. */
    private void reopenIfInvalidated() throws StorageException {
        if (!invalidated || closed) {
            return;
        }
        handleLock.writeLock().lock();
        try {
            if (database != null) {
                database.abandon();
                database = null;
            }
            sharedBodies.clear();
            database = DuckDbDatabase.open(file, readConnections, checkpointThresholdMb);
            invalidated = false;
            LOG.warn("DuckDB database {} reopened after a fatal error (reopen {} since start)", location,
                    reopens.incrementAndGet());
        } catch (StorageException e) {
            throw new StorageException("reopening the invalidated DuckDB database " + location + " failed: "
                    + e.getMessage(), e);
        } finally {
            handleLock.writeLock().unlock();
        }
    }
}
