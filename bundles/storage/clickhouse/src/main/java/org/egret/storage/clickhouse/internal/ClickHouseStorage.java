package org.egret.storage.clickhouse.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
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
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls, exchanges, turns, metric rollups and health samples in ClickHouse, over its HTTP interface, on one server
 * or through the Distributed tables of a cluster. A write call only puts its rows into a bounded buffer (all or
 * none); the writer thread sends one insert per table about once per flush interval, as ClickHouse wants, and holds
 * the rows while the server is down. Exists only when its configuration does.
 */
@Component(service = StorageBackend.class, configurationPid = ClickHouseStorage.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@StorageType(ClickHouseStorage.TYPE)
@Designate(ocd = ClickHouseStorage.Config.class)
public class ClickHouseStorage implements StorageBackend {
    static final String PID = "egret.storage.clickhouse";
    static final String TYPE = "clickhouse";

    private static final Logger LOG = LoggerFactory.getLogger(ClickHouseStorage.class);
    private static final long DAY_MICROS = 86_400_000_000L;
    private static final long RETENTION_FIRST_DELAY_MINUTES = 1;
    private static final long RETENTION_PERIOD_MINUTES = 60;

    // In the property names a double underscore stands for '_': DS turns a single one into '.'.
    @ObjectClassDefinition(name = "Egret ClickHouse storage",
            description = "Stores LLM calls, HTTP exchanges, agent turns and metrics in ClickHouse (one server or a "
                    + "cluster), over its HTTP interface.")
    public @interface Config {
        @AttributeDefinition(name = "URL", description = "The HTTP interface of the server Egret talks to.")
        String url() default "http://127.0.0.1:8123";

        @AttributeDefinition(name = "Database", description = "Created on first start, with its tables.")
        String database() default "egret";

        @AttributeDefinition(name = "User")
        String user() default "default";

        @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD,
                description = "Published with the service's properties, as every configuration property is: prefer "
                        + "'.password'.")
        String password() default "";

        /** {@code .password}: DS keeps properties whose name starts with a dot off the service registry. */
        @AttributeDefinition(name = "Password (private)", type = AttributeType.PASSWORD,
                description = "The password, kept off the service registry; wins over 'password'.")
        String _password() default "";

        @AttributeDefinition(name = "Cluster",
                description = "A cluster of the server's remote_servers: local tables on every shard plus Distributed "
                        + "tables under the names the queries use. Empty: one server.")
        String cluster() default "";

        @AttributeDefinition(name = "Flush interval (ms)",
                description = "How often each table's buffered rows are sent as one insert.", min = "10")
        int flush__interval__ms() default 1000;

        @AttributeDefinition(name = "Buffer (MB)",
                description = "Rows held while they wait to be sent or ClickHouse is down; when full, writes fail "
                        + "and the pipeline's sink keeps its batches.", min = "1")
        int buffer__mb() default 256;

        @AttributeDefinition(name = "Request timeout (s)", min = "1")
        int request__timeout__s() default 60;

        @AttributeDefinition(name = "Retention",
                description = "Drop whole days older than the retention days, against the wall clock; off for "
                        + "replayed captures (--no-retention).")
        boolean retention__enabled() default true;

        @AttributeDefinition(name = "Retention days (calls, turns)", min = "1")
        int retention__days() default 30;

        @AttributeDefinition(name = "Retention days (exchanges, bodies)", min = "1")
        int retention__body__days() default 7;

        @AttributeDefinition(name = "Retention days (metric rollups, health samples)", min = "1")
        int retention__metrics__days() default 90;
    }

    private final AtomicLong callsWritten = new AtomicLong();
    private final AtomicLong exchangesWritten = new AtomicLong();
    private final AtomicLong rejectedWrites = new AtomicLong();
    private final AtomicLong lastVersion = new AtomicLong();
    private final BodyBlocks bodyBlocks = new BodyBlocks();

    private volatile String location;
    private ClickHouseHttp http;
    private String database;
    private String cluster;
    private SchemaMigrations migrations;
    private volatile boolean schemaReady;
    private BufferedInserts inserts;
    private ReadQueries reads;
    private boolean retentionEnabled;
    private int retentionDays;
    private int retentionBodyDays;
    private int retentionMetricsDays;
    private ScheduledExecutorService retentionScheduler;
    private volatile boolean closed;
    private volatile String setupError;
    /** The last write call was refused (bad rows, buffer full): unhealthy until one is accepted again. */
    private volatile String refusedWrite;

    @Activate
    void activate(Config config) throws StorageException {
        URI url = parseUrl(config.url());
        String password = config._password().isEmpty() ? config.password() : config._password();
        String[] credentials = credentials(url, config.user(), password);
        location = url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort())
                + "/" + config.database();
        try {
            database = SqlLiteral.identifier(config.database(), "database");
            cluster = config.cluster() == null || config.cluster().isBlank() ? ""
                    : SqlLiteral.identifier(config.cluster().strip(), "cluster");
        } catch (IllegalArgumentException e) {
            throw fail(e.getMessage());
        }
        if (config.buffer__mb() < 1 || config.flush__interval__ms() < 10 || config.request__timeout__s() < 1) {
            throw fail("buffer_mb must be >= 1, flush_interval_ms >= 10 and request_timeout_s >= 1");
        }
        retentionEnabled = config.retention__enabled();
        retentionDays = config.retention__days();
        retentionBodyDays = config.retention__body__days();
        retentionMetricsDays = config.retention__metrics__days();
        if (retentionEnabled && (retentionDays < 1 || retentionBodyDays < 1 || retentionMetricsDays < 1)) {
            throw fail("retention days must be at least 1 (or set retention_enabled=false)");
        }
        URI base = URI.create(url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort())
                + "/");
        http = new ClickHouseHttp(base, credentials[0], credentials[1],
                Duration.ofSeconds(config.request__timeout__s()));
        migrations = new SchemaMigrations(http, database, cluster);
        try {
            int found = migrations.migrate();
            schemaReady = true;
            LOG.info("ClickHouse storage at {}{}: schema v{} ({}), flush every {} ms, buffer {} MB, retention {}",
                    location, cluster.isEmpty() ? "" : " (cluster " + cluster + ")", Schema.LATEST,
                    found == 0 ? "created" : "up to date", config.flush__interval__ms(), config.buffer__mb(),
                    retentionEnabled ? retentionDays + "/" + retentionBodyDays + "/" + retentionMetricsDays + " days"
                            : "off");
        } catch (StorageException e) {
            if (!(e.getCause() instanceof ClickHouseHttp.Failure f) || f.code() != 0) {
                throw fail(location + ": " + e.getMessage());
            }
            // the server is not up yet: start buffering, the writer creates the tables once it answers
            setupError = e.getMessage();
            LOG.warn("ClickHouse at {} not reachable at start, buffering until it is: {}", location, e.getMessage());
        }
        reads = new ReadQueries(this::select);
        inserts = new BufferedInserts(http, database, !cluster.isEmpty(), (long) config.buffer__mb() << 20,
                config.flush__interval__ms(), this::ensureSchema);
        inserts.start("egret-clickhouse-writer");
        if (retentionEnabled) {
            retentionScheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "egret-clickhouse-retention");
                t.setDaemon(true);
                return t;
            });
            retentionScheduler.scheduleWithFixedDelay(this::retentionTick, RETENTION_FIRST_DELAY_MINUTES,
                    RETENTION_PERIOD_MINUTES, TimeUnit.MINUTES);
        }
    }

    private StorageException fail(String message) {
        setupError = message;
        LOG.error("ClickHouse storage not started: {}", message);
        return new StorageException(message);
    }

    private URI parseUrl(String text) throws StorageException {
        try {
            URI url = new URI(text == null ? "" : text.strip());
            if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme()) || url.getHost() == null) {
                throw fail("url must be http://host:port or https://host:port, got '" + redact(text) + "'");
            }
            return url;
        } catch (URISyntaxException e) {
            throw fail("url is not a valid URL: '" + redact(text) + "'");
        }
    }

    /** A URL as it may appear in a message: without its user info. */
    private static String redact(String text) {
        return text == null ? "" : text.replaceAll("//[^/@]*@", "//");
    }

    /** user:password@ in the URL is taken when user and password are not configured otherwise. */
    private static String[] credentials(URI url, String user, String password) {
        String info = url.getRawUserInfo();
        if (info != null && (password == null || password.isEmpty())) {
            int colon = info.indexOf(':');
            String u = URLDecoder.decode(colon < 0 ? info : info.substring(0, colon), StandardCharsets.UTF_8);
            String p = colon < 0 ? "" : URLDecoder.decode(info.substring(colon + 1), StandardCharsets.UTF_8);
            return new String[] {u, p};
        }
        return new String[] {user, password};
    }

    private synchronized void ensureSchema() throws StorageException {
        if (!schemaReady) {
            migrations.migrate();
            schemaReady = true;
            setupError = null;
            LOG.info("ClickHouse storage at {}: schema v{} ready", location, Schema.LATEST);
        }
    }

    @Deactivate
    void deactivate() {
        closed = true;
        if (retentionScheduler != null) {
            retentionScheduler.shutdownNow();
        }
        if (inserts != null) {
            inserts.stop();
            try {
                inserts.flush();
            } catch (StorageException e) {
                LOG.warn("ClickHouse storage at {} closed with {} rows not sent: {}", location,
                        inserts.bufferedRows(), e.getMessage());
            }
        }
        LOG.info("ClickHouse storage at {} closed", location);
    }

    @Override
    public void writeCalls(List<LlmCall> calls) throws StorageException {
        if (calls == null || calls.isEmpty()) {
            return;
        }
        BodyBlocks.Batch blocks = bodyBlocks.batch();
        List<WriteBuffer.Row> bodyRows = new ArrayList<>(calls.size());
        List<WriteBuffer.Row> rows = encode(calls, "call", c -> {
            byte[] bodies = SpanRows.bodiesRow(c, blocks);
            if (bodies != null) {
                bodyRows.add(new WriteBuffer.Row(c.getId(), c.getRequestTime(), bodies));
            }
            return new WriteBuffer.Row(c.getId(), c.getRequestTime(), SpanRows.row(c));
        });
        Map<String, List<WriteBuffer.Row>> batch = new LinkedHashMap<>();
        if (!bodyRows.isEmpty()) {
            batch.put(Schema.CALL_BODIES.name(), bodyRows);
        }
        batch.put(Schema.SPANS.name(), rows);
        accept(batch, blocks);
        callsWritten.addAndGet(calls.size());
    }

    @Override
    public void writeExchanges(List<ExchangeRecord> exchanges) throws StorageException {
        if (exchanges == null || exchanges.isEmpty()) {
            return;
        }
        BodyBlocks.Batch blocks = bodyBlocks.batch();
        List<WriteBuffer.Row> rows = encode(exchanges, "exchange", x -> new WriteBuffer.Row(x.id(),
                x.exchange() == null || x.exchange().request() == null ? 0 : x.exchange().request().startMicros(),
                ExchangeRows.row(x, blocks)));
        accept(Schema.EXCHANGES, rows, blocks);
        exchangesWritten.addAndGet(exchanges.size());
    }

    @Override
    public boolean storesTurns() {
        return true;
    }

    /** Of one id given twice in a batch the later turn wins: each row gets a higher version than the one before. */
    @Override
    public void writeTurns(List<AgentTurn> turns) throws StorageException {
        if (turns == null || turns.isEmpty()) {
            return;
        }
        List<WriteBuffer.Row> rows = encode(turns, "turn", t -> new WriteBuffer.Row(t.getTurnId(), t.getStartTime(),
                TurnRows.row(t, nextVersion())));
        accept(Schema.TURNS, rows, null);
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
        List<WriteBuffer.Row> rows = encode(rollups, "metric rollup", r -> new WriteBuffer.Row(null,
                r.window().start(), RollupRows.row(r, nextVersion())));
        accept(Schema.ROLLUPS, rows, null);
    }

    @Override
    public void writeHealthSamples(List<HealthSample> samples) throws StorageException {
        if (samples == null || samples.isEmpty()) {
            return;
        }
        List<WriteBuffer.Row> rows = encode(samples, "health sample", s -> new WriteBuffer.Row(null, s.timeMicros(),
                HealthRows.row(s)));
        accept(Schema.HEALTH, rows, null);
    }

    @Override
    public void flush() throws StorageException {
        if (closed) {
            throw new StorageException("ClickHouse storage at " + location + " is closed");
        }
        inserts.flush();
    }

    /** Versions of rewritable rows: wall-clock µs, strictly increasing within this instance. */
    private long nextVersion() {
        long now = System.currentTimeMillis() * 1000;
        return lastVersion.updateAndGet(prev -> Math.max(prev + 1, now));
    }

    private <T> List<WriteBuffer.Row> encode(List<T> items, String noun, Function<T, WriteBuffer.Row> row)
            throws StorageException {
        List<WriteBuffer.Row> rows = new ArrayList<>(items.size());
        try {
            for (T item : items) {
                rows.add(row.apply(item));
            }
        } catch (RuntimeException e) {
            throw refused(new StorageException("a batch of " + items.size() + " " + noun + (items.size() == 1 ? "" : "s")
                    + " cannot be stored: " + e.getMessage(), e));
        }
        return rows;
    }

    private void accept(Schema.Table table, List<WriteBuffer.Row> rows, BodyBlocks.Batch blocks)
            throws StorageException {
        accept(Map.of(table.name(), rows), blocks);
    }

    /** The rows of one write call (table name → rows), all or none, with the body blocks they name. */
    private void accept(Map<String, List<WriteBuffer.Row>> rows, BodyBlocks.Batch blocks) throws StorageException {
        if (closed) {
            throw new StorageException("ClickHouse storage at " + location + " is closed");
        }
        Map<String, List<WriteBuffer.Row>> batch = new LinkedHashMap<>();
        if (blocks != null && !blocks.blocks().isEmpty()) {
            List<WriteBuffer.Row> blockRows = new ArrayList<>(blocks.blocks().size());
            for (BodyBlocks.Block b : blocks.blocks()) {
                try (JsonRow r = new JsonRow()) {
                    blockRows.add(new WriteBuffer.Row(b.idHex(), 0,
                            r.num("day", b.day()).str("id", b.idHex()).bytes("data", b.data()).finish()));
                }
            }
            batch.put(Schema.BODY_BLOCKS.name(), blockRows);
        }
        batch.putAll(rows);
        try {
            inserts.accept(batch);
        } catch (StorageException e) {
            throw refused(e);
        }
        refusedWrite = null;
        if (blocks != null) {
            blocks.commit();
        }
    }

    private StorageException refused(StorageException e) {
        rejectedWrites.incrementAndGet();
        refusedWrite = e.getMessage();
        return e;
    }

    @Override
    public Page<LlmCall> queryCalls(CallQuery query) throws StorageException {
        return reads.calls(query);
    }

    @Override
    public List<CallGroup> groupCalls(CallGroupQuery query) throws StorageException {
        if (query == null) {
            throw new StorageException("grouping calls needs a query");
        }
        return CallGroups.query(this::select, query);
    }

    @Override
    public Optional<LlmCall> findCall(String id) throws StorageException {
        return reads.call(id);
    }

    @Override
    public Page<ExchangeRecord> queryExchanges(ExchangeQuery query) throws StorageException {
        return reads.exchanges(query);
    }

    @Override
    public Optional<ExchangeRecord> findExchange(String id) throws StorageException {
        return reads.exchange(id);
    }

    @Override
    public Page<AgentTurn> queryTurns(TurnQuery query) throws StorageException {
        return reads.turns(query);
    }

    @Override
    public Optional<AgentTurn> findTurn(String id) throws StorageException {
        return reads.turn(id);
    }

    @Override
    public Page<AgentSession> querySessions(SessionQuery query) throws StorageException {
        return reads.sessions(query);
    }

    @Override
    public List<MetricRollup> queryRollups(RollupQuery query) throws StorageException {
        return reads.rollups(query);
    }

    @Override
    public Page<HealthSample> queryHealthSamples(HealthQuery query) throws StorageException {
        return reads.healthSamples(query);
    }

    private List<JsonNode> select(String what, String sql) throws StorageException {
        if (!schemaReady) {
            throw new StorageException(what + ": ClickHouse at " + location + " not ready: " + setupError);
        }
        try {
            return JsonRows.parse(http.query(sql + " FORMAT JSONEachRow", Map.of("database", database)));
        } catch (ClickHouseHttp.Failure e) {
            throw new StorageException(what + ": " + e.getMessage(), e);
        }
    }

    @Override
    public StorageStatus status() {
        String refused = refusedWrite;
        boolean healthy = !closed && schemaReady && !inserts.failing() && refused == null;
        String error = refused != null ? refused : inserts.lastError() != null ? inserts.lastError() : setupError;
        return new StorageStatus(TYPE, location, healthy, callsWritten.get(), exchangesWritten.get(),
                inserts.sendErrors() + rejectedWrites.get(), error, inserts.bufferedRows(), inserts.bufferedBytes());
    }

    /** One retention sweep as of {@code nowMicros}; nothing when retention is off. */
    List<RetentionSweep.Dropped> sweepRetention(long nowMicros) throws StorageException {
        if (!retentionEnabled) {
            return List.of();
        }
        ensureSchema();
        Map<Schema.Table, Integer> cutoffs = new LinkedHashMap<>();
        int rows = BodyBlocks.day(nowMicros - retentionDays * DAY_MICROS);
        int bodies = BodyBlocks.day(nowMicros - retentionBodyDays * DAY_MICROS);
        int metrics = BodyBlocks.day(nowMicros - retentionMetricsDays * DAY_MICROS);
        cutoffs.put(Schema.SPANS, rows);
        cutoffs.put(Schema.TURNS, rows);
        cutoffs.put(Schema.CALL_BODIES, bodies);
        cutoffs.put(Schema.EXCHANGES, bodies);
        cutoffs.put(Schema.BODY_BLOCKS, bodies);
        cutoffs.put(Schema.ROLLUPS, metrics);
        cutoffs.put(Schema.HEALTH, metrics);
        RetentionSweep sweep = new RetentionSweep(http, database, !cluster.isEmpty(),
                migrations.onCluster() ? " ON CLUSTER " + cluster : "");
        List<RetentionSweep.Dropped> dropped = sweep.dropBefore(cutoffs);
        if (!dropped.isEmpty()) {
            bodyBlocks.forget();
            LOG.info("retention: dropped {} day partitions from {} ({} days calls/turns, {} days bodies, {} days "
                    + "metrics)", dropped.size(), location, retentionDays, retentionBodyDays, retentionMetricsDays);
        }
        return dropped;
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

    long duplicatesSkipped() {
        return inserts.duplicatesSkipped();
    }
}
