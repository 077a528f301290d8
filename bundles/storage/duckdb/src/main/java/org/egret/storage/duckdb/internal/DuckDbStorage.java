package org.egret.storage.duckdb.internal;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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
import org.egret.api.storage.CallGroup;
import org.egret.api.storage.CallGroupQuery;
import org.egret.api.storage.CallQuery;
import org.egret.api.storage.ExchangeQuery;
import org.egret.api.storage.ExchangeRecord;
import org.egret.api.storage.HealthQuery;
import org.egret.api.storage.HealthSample;
import org.egret.api.storage.MetricRollup;
import org.egret.api.storage.Page;
import org.egret.api.storage.RollupQuery;
import org.egret.api.storage.SessionQuery;
import org.egret.api.storage.StorageBackend;
import org.egret.api.storage.StorageException;
import org.egret.api.storage.StorageRetention;
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
 * Calls, exchanges, agent turns, metric rollups and health samples in one embedded DuckDB file. Writes come in batches from the storage sinks'
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
    private static final long RETENTION_FIRST_DELAY_MINUTES = 1;
    private static final long RETENTION_PERIOD_MINUTES = 60;

    // In the property names a double underscore stands for '_': DS turns a single one into '.'.
    @ObjectClassDefinition(name = "Egret DuckDB storage",
            description = "Stores LLM calls, HTTP exchanges, agent turns and the metrics history in one embedded "
                    + "DuckDB file.")
    public @interface Config {
        @AttributeDefinition(name = "Database file",
                description = "Path of the DuckDB file; it and its parent directories are created on first start.")
        String path() default "./egret.duckdb";

        @AttributeDefinition(name = "Retention",
                description = "Delete rows older than their table's retention days, measured against the wall "
                        + "clock, one day at a time; turn off for replayed captures (--no-retention).")
        boolean retention__enabled() default true;

        @AttributeDefinition(name = "Retention days",
                description = "Calls (by request time) and agent turns (by their end).", min = "1")
        int retention__days() default 30;

        @AttributeDefinition(name = "Body retention days",
                description = "HTTP exchanges, the stored body blocks and the bodies of calls (calls keep their "
                        + "rows, their bodies read as null).", min = "1")
        int retention__body__days() default 7;

        @AttributeDefinition(name = "Metrics retention days",
                description = "One-minute metric rollups and pipeline health samples.", min = "1")
        int retention__metrics__days() default 90;

        @AttributeDefinition(name = "Read connections",
                description = "Connections serving queries beside the writer.", min = "1")
        int read__connections() default 2;

        @AttributeDefinition(name = "Checkpoint threshold (MB)",
                description = "Size of the write-ahead log at which DuckDB checkpoints it into the file. Fewer, larger "
                        + "checkpoints cost less CPU per stored byte and leave a smaller file (DuckDB rewrites the "
                        + "table's growing last row group at every checkpoint); a crash replays at most this much WAL.",
                min = "1")
        int checkpoint__threshold__mb() default 256;

        @AttributeDefinition(name = "DuckDB threads",
                description = "Worker threads of the DuckDB instance (DuckDB's threads setting); 0 leaves DuckDB's "
                        + "default, one per CPU. 1 ingests faster on a small box (no second worker contending with "
                        + "each batch's commit) but scans a query on one core.", min = "0")
        int threads() default 0;

        @AttributeDefinition(name = "Body blocks from (bytes)",
                description = "Bodies of at least this size are stored as content-addressed blocks, so what an "
                        + "agent re-sends is kept once; smaller ones stay in their row. 0 keeps every body in its "
                        + "row (the layout before schema v8, e.g. to compare).", min = "0")
        int body__blocks__min__bytes() default BodyBlockWriter.MIN_BODY_BYTES;
    }

    @FunctionalInterface
    private interface BatchAppend<T> {
        T append(DuckDBConnection writer, BodyBlockWriter blocks) throws SQLException;
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
    /** Body blocks known to be committed; only touched by the thread in a write (or holding the write mutex). */
    private final StoredBlocks storedBlocks = new StoredBlocks();
    private final AtomicLong callsWritten = new AtomicLong();
    private final AtomicLong exchangesWritten = new AtomicLong();
    private final AtomicLong writeErrors = new AtomicLong();
    private final AtomicLong reopens = new AtomicLong();
    private final AtomicLong unreadableBodies = new AtomicLong();

    private volatile String location;
    private Path file;
    private int readConnections;
    private int checkpointThresholdMb;
    private int threads;
    private int bodyBlocksMinBytes;
    private boolean retentionEnabled;
    private int retentionDays;
    private int retentionBodyDays;
    private int retentionMetricsDays;
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
            threads = config.threads();
            bodyBlocksMinBytes = config.body__blocks__min__bytes();
            retentionEnabled = config.retention__enabled();
            retentionDays = config.retention__days();
            retentionBodyDays = config.retention__body__days();
            retentionMetricsDays = config.retention__metrics__days();
            checkSettings();
            DuckDbDatabase opened = DuckDbDatabase.open(file, readConnections, checkpointThresholdMb, threads);
            handleLock.writeLock().lock();
            try {
                database = opened;
            } finally {
                handleLock.writeLock().unlock();
            }
            healthy = true;
            LOG.info("DuckDB storage at {}: schema v{} ({}), {} read connections, retention {}", location,
                    SchemaMigrations.LATEST, describeMigration(opened.foundVersion()), readConnections,
                    retentionEnabled ? retentionDays + " days (bodies " + retentionBodyDays + ", metrics "
                            + retentionMetricsDays + ")" : "off");
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
        if (threads < 0) {
            throw new StorageSetupException("threads must be 0 (DuckDB's default) or more, got " + threads);
        }
        if (bodyBlocksMinBytes < 0) {
            throw new StorageSetupException("body_blocks_min_bytes must be 0 (off) or more, got " + bodyBlocksMinBytes);
        }
        checkRetentionDays("retention_days", retentionDays);
        checkRetentionDays("retention_body_days", retentionBodyDays);
        checkRetentionDays("retention_metrics_days", retentionMetricsDays);
    }

    private void checkRetentionDays(String property, int days) throws StorageSetupException {
        if (retentionEnabled && days < 1) {
            throw new StorageSetupException(property + " must be at least 1 (or set retention_enabled=false), got "
                    + days);
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
            storedBlocks.clear();
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
        write(batch(calls.size(), "call"), (c, blocks) -> SpanRows.append(c, calls, sharedBodies, blocks),
                sharedBodies::callsCommitted);
        callsWritten.addAndGet(calls.size());
    }

    @Override
    public void writeExchanges(List<ExchangeRecord> exchanges) throws StorageException {
        if (exchanges == null || exchanges.isEmpty()) {
            return;
        }
        write(batch(exchanges.size(), "exchange"), (c, blocks) -> {
            ExchangeRows.append(c, exchanges, blocks);
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

    /**
     * The call, bodies rebuilt. A request body kept only with its exchange is null once retention deleted the
     * exchange (bodies are kept shorter than calls): then it is marked expired, as a body whose blocks are gone.
     */
    @Override
    public Optional<LlmCall> findCall(String id) throws StorageException {
        Optional<LlmCall> found = onReadConnection("reading call " + id, c -> {
            Optional<LlmCall> call = ReadQueries.call(c, id);
            if (call.isPresent() && call.get().getRequestBody() == null
                    && ExpiredExchangeBodies.requestBodyWasInExchange(c, id)) {
                UnreadableBodies.mark(call.get(), "request", BlockedBodyReader.EXPIRED);
            }
            return call;
        });
        found.ifPresent(call -> unreadableBodies.addAndGet(UnreadableBodies.count(call.getPartialReason())));
        return found;
    }

    @Override
    public Page<ExchangeRecord> queryExchanges(ExchangeQuery query) throws StorageException {
        return onReadConnection("listing HTTP exchanges", c -> ReadQueries.exchanges(c, query));
    }

    @Override
    public Optional<ExchangeRecord> findExchange(String id) throws StorageException {
        Optional<ExchangeRecord> found = onReadConnection("reading HTTP exchange " + id,
                c -> ReadQueries.exchange(c, id));
        found.ifPresent(r -> unreadableBodies.addAndGet(
                UnreadableBodies.count(r.exchange() == null ? null : r.exchange().problem())));
        return found;
    }

    @Override
    public List<CallGroup> groupCalls(CallGroupQuery query) throws StorageException {
        if (query == null) {
            throw new StorageException("grouping calls needs a query");
        }
        return onReadConnection("grouping calls by " + query.groupBy(), c -> CallGroups.query(c, query));
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
        write(batch(turns.size(), "turn"), (c, blocks) -> {
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

    /** DuckDB commits every batch as it comes: everything accepted is already durable and visible. */
    @Override
    public void flush() {
    }

    @Override
    public StorageRetention retention() {
        return new StorageRetention(retentionEnabled, retentionDays, retentionBodyDays, retentionMetricsDays);
    }

    @Override
    public boolean storesMetrics() {
        return true;
    }

    @Override
    public void writeRollups(List<MetricRollup> rollups) throws StorageException {
        if (rollups == null || rollups.isEmpty()) {
            return;
        }
        write(batch(rollups.size(), "metric rollup"), (c, blocks) -> {
            RollupRows.replace(c, rollups);
            return rollups;
        }, written -> {
        });
    }

    @Override
    public List<MetricRollup> queryRollups(RollupQuery query) throws StorageException {
        return onReadConnection("reading metric rollups", c -> RollupRows.query(c, query));
    }

    @Override
    public void writeHealthSamples(List<HealthSample> samples) throws StorageException {
        if (samples == null || samples.isEmpty()) {
            return;
        }
        write(batch(samples.size(), "health sample"), (c, blocks) -> {
            HealthSampleRows.append(c, samples);
            return samples;
        }, written -> {
        });
    }

    @Override
    public Page<HealthSample> queryHealthSamples(HealthQuery query) throws StorageException {
        return onReadConnection("listing health samples", c -> HealthSampleRows.query(c, query));
    }

    @Override
    public StorageStatus status() {
        return new StorageStatus(TYPE, location, healthy && !invalidated && !closed, callsWritten.get(),
                exchangesWritten.get(), writeErrors.get(), lastError);
    }

    /** Bodies served as null because they could not be rebuilt (expired or damaged blocks). */
    long unreadableBodies() {
        return unreadableBodies.get();
    }

    /** How often the database was reopened after a fatal error. */
    long reopens() {
        return reopens.get();
    }

    boolean retentionScheduled() {
        return retentionScheduler != null && !retentionScheduler.isShutdown();
    }

    /** A DuckDB setting of the open instance as text, for tests. */
    String currentSetting(String name) throws StorageException {
        return onReadConnection("reading setting " + name, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT current_setting(?)")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getString(1);
                }
            }
        });
    }

    /** One retention sweep as of {@code nowMicros}; nothing when retention is off. */
    RetentionSweep.Deleted sweepRetention(long nowMicros) throws StorageException {
        if (!retentionEnabled) {
            return RetentionSweep.Deleted.NONE;
        }
        RetentionSweep.Cutoffs cutoffs = RetentionSweep.Cutoffs.of(nowMicros, retentionDays, retentionBodyDays,
                retentionMetricsDays);
        RetentionSweep.Deleted deleted = onReadConnection("retention sweep",
                c -> RetentionSweep.olderThan(c, cutoffs));
        if (deleted.blocks() > 0) {
            // a late row of a deleted day must write its blocks again rather than trust the writer's memory
            writeMutex.lock();
            try {
                storedBlocks.clear();
            } finally {
                writeMutex.unlock();
            }
        }
        if (deleted.total() > 0) {
            LOG.info("retention: deleted {} calls and {} turns older than {} days, {} exchanges and {} body blocks "
                    + "older than {} days, {} metric rollups and {} health samples older than {} days from {}",
                    deleted.calls(), deleted.turns(), retentionDays, deleted.exchanges(), deleted.blocks(),
                    retentionBodyDays, deleted.rollups(), deleted.healthSamples(), retentionMetricsDays, location);
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
            BodyBlockWriter blocks;
            handleLock.readLock().lock();
            try {
                DuckDBConnection writer = openDatabase().writer();
                blocks = new BodyBlockWriter(writer, storedBlocks, bodyBlocksMinBytes);
                JdbcStatements.begin(writer);
                try {
                    try (BodyBlockWriter appending = blocks) {
                        result = batch.append(writer, appending);
                    }
                    JdbcStatements.commit(writer);
                } catch (SQLException | RuntimeException e) {
                    JdbcStatements.rollbackQuietly(writer);
                    throw e;
                }
            } finally {
                handleLock.readLock().unlock();
            }
            healthy = true;
            storedBlocks.committed(blocks.written());
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
            storedBlocks.clear();
            database = DuckDbDatabase.open(file, readConnections, checkpointThresholdMb, threads);
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
