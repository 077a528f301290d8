package org.egret.storage.clickhouse.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.egret.api.storage.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer thread: about once per flush interval (sooner when a table's rows pile up) it sends each table's
 * buffered rows as one {@code INSERT … FORMAT JSONEachRow}. While ClickHouse is down it retries with back-off and
 * the buffer holds; the write calls fail only once the buffer is full.
 *
 * <p>An insert whose answer was lost (timeout, dropped connection) may have been applied. Before its rows are sent
 * again, the rows of {@code spans}, {@code call_bodies} and {@code http_exchanges} whose ids ClickHouse already has
 * are left out, so a retry never stores a call or its bodies twice. The other tables need no check: readers keep one
 * row per turn id, window and sample, and one block per (day, id), so a duplicate there is harmless.
 */
final class BufferedInserts {
    private static final Logger LOG = LoggerFactory.getLogger(BufferedInserts.class);
    private static final long MAX_INSERT_BYTES = 32L << 20;
    private static final long MIN_BACKOFF_MS = 200;
    private static final long MAX_BACKOFF_MS = 10_000;
    private static final int ID_CHECK_CHUNK = 1000;
    static final Set<String> CHECKED_BY_ID = Set.of(Schema.SPANS.name(), Schema.CALL_BODIES.name(),
            Schema.EXCHANGES.name());
    /** ClickHouse's "this input cannot be a row" errors: parse failures, type and size mismatches. */
    private static final Set<Integer> REFUSED_ROW_CODES = Set.of(6, 25, 26, 27, 32, 33, 38, 41, 53, 69, 70, 72, 117,
            130, 131, 349);

    /** Makes sure the tables exist before the first insert (the server may have been down at start). */
    @FunctionalInterface
    interface SchemaGate {
        void ensure() throws StorageException;
    }

    private final ClickHouseHttp http;
    private final String database;
    private final Map<String, String> insertSettings;
    private final WriteBuffer buffer;
    private final long flushIntervalMs;
    private final long eagerBytes;
    private final SchemaGate schema;
    private final ReentrantLock sendLock = new ReentrantLock();
    private final Set<String> maybeApplied = new HashSet<>();
    private final Object wake = new Object();
    private final AtomicLong sendErrors = new AtomicLong();
    private final AtomicLong rowsSent = new AtomicLong();
    private final AtomicLong duplicatesSkipped = new AtomicLong();
    private final AtomicLong rowsRefused = new AtomicLong();
    private ClickHouseHttp.Failure lastRefusal;
    private volatile boolean failing;
    private volatile String lastError;
    private volatile boolean stopped;
    private Thread thread;

    BufferedInserts(ClickHouseHttp http, String database, boolean cluster, long capacityBytes, long flushIntervalMs,
            SchemaGate schema) {
        this.http = http;
        this.database = database;
        this.insertSettings = cluster ? Map.of("insert_distributed_sync", "1") : Map.of();
        List<String> names = new ArrayList<>();
        for (Schema.Table t : Schema.TABLES) {
            names.add(t.name());
        }
        this.buffer = new WriteBuffer(names, capacityBytes);
        this.flushIntervalMs = flushIntervalMs;
        this.eagerBytes = Math.max(1, Math.min(capacityBytes / 8, 8L << 20));
        this.schema = schema;
    }

    void start(String name) {
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** All rows of one write call, or none (buffer full). */
    void accept(Map<String, List<WriteBuffer.Row>> rows) throws StorageException {
        buffer.accept(rows, failing ? "ClickHouse failing: " + lastError : null);
        for (String table : rows.keySet()) {
            if (buffer.bytes(table) >= eagerBytes) {
                synchronized (wake) {
                    wake.notifyAll();
                }
                break;
            }
        }
    }

    /** Sends every row accepted before the call; throws when ClickHouse does not take them (they stay buffered). */
    void flush() throws StorageException {
        sendLock.lock();
        try {
            Map<String, Integer> due = new HashMap<>();
            for (Schema.Table t : Schema.TABLES) {
                due.put(t.name(), buffer.rows(t.name()));
            }
            sendDue(due);
        } finally {
            sendLock.unlock();
        }
    }

    void stop() {
        stopped = true;
        synchronized (wake) {
            wake.notifyAll();
        }
        if (thread != null) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        long backoff = MIN_BACKOFF_MS;
        while (!stopped) {
            long wait = failing ? backoff : flushIntervalMs;
            synchronized (wake) {
                try {
                    if (!stopped && !eager()) {
                        wake.wait(wait);
                    }
                } catch (InterruptedException e) {
                    return;
                }
            }
            if (stopped) {
                return;
            }
            try {
                flush();
                backoff = MIN_BACKOFF_MS;
            } catch (StorageException e) {
                backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
            } catch (RuntimeException e) {
                // the thread must outlive any surprise, or writing would stop for good
                recordFailure("unexpected error sending rows: " + e);
                LOG.error("ClickHouse writer: unexpected error, retrying", e);
                backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
            }
        }
    }

    private boolean eager() {
        if (failing) {
            return false;
        }
        for (Schema.Table t : Schema.TABLES) {
            if (buffer.bytes(t.name()) >= eagerBytes) {
                return true;
            }
        }
        return false;
    }

    private void sendDue(Map<String, Integer> due) throws StorageException {
        if (buffer.rows() == 0) {
            return;
        }
        try {
            schema.ensure();
        } catch (StorageException e) {
            recordFailure(e.getMessage());
            throw e;
        }
        for (Schema.Table t : Schema.TABLES) {
            int left = due.get(t.name());
            while (left > 0) {
                left -= sendHead(t.name(), left);
            }
        }
        if (failing) {
            failing = false;
            LOG.info("ClickHouse writes resumed: {} rows buffered", buffer.rows());
        }
    }

    /** One insert of the table's first rows (at most {@code max}); returns how many rows left the buffer. */
    private int sendHead(String table, int max) throws StorageException {
        List<WriteBuffer.Row> head = buffer.head(table, MAX_INSERT_BYTES);
        if (head.size() > max) {
            head = head.subList(0, max);
        }
        List<WriteBuffer.Row> toSend = head;
        try {
            if (maybeApplied.contains(table) && CHECKED_BY_ID.contains(table)) {
                toSend = withoutStored(table, head);
                duplicatesSkipped.addAndGet(head.size() - toSend.size());
            }
            if (!toSend.isEmpty()) {
                List<WriteBuffer.Row> refused = insertIsolating(table, toSend);
                if (refused.size() == toSend.size()) {
                    // nothing went in: the table, not a row, is the problem; keep everything and retry
                    throw lastRefusal;
                }
                if (!refused.isEmpty()) {
                    rowsRefused.addAndGet(refused.size());
                    sendErrors.incrementAndGet();
                    lastError = refused.size() + " " + table + " rows refused by ClickHouse and dropped: "
                            + lastRefusal.getMessage();
                    LOG.error("ClickHouse refused {} of {} {} rows, dropped them and stored the rest: {}",
                            refused.size(), toSend.size(), table, lastRefusal.getMessage());
                }
            }
        } catch (ClickHouseHttp.Failure e) {
            if (e.maybeApplied()) {
                maybeApplied.add(table);
            }
            recordFailure(e.getMessage());
            throw new StorageException(e.getMessage(), e);
        }
        maybeApplied.remove(table);
        buffer.remove(table, head.size());
        rowsSent.addAndGet(toSend.size());
        return head.size();
    }

    /**
     * Inserts the rows; when ClickHouse refuses them for their content, halves the batch until the refused rows are
     * found, so that one row the server cannot take does not block its table for good.
     *
     * @return the rows refused one by one (all of them when no row went in)
     */
    private List<WriteBuffer.Row> insertIsolating(String table, List<WriteBuffer.Row> rows)
            throws ClickHouseHttp.Failure {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (WriteBuffer.Row r : rows) {
            body.writeBytes(r.json());
        }
        try {
            http.insertJsonRows(database + "." + table, body.toByteArray(), insertSettings);
            return List.of();
        } catch (ClickHouseHttp.Failure e) {
            if (!REFUSED_ROW_CODES.contains(e.code())) {
                throw e;
            }
            lastRefusal = e;
            if (rows.size() == 1) {
                return rows;
            }
            int half = rows.size() / 2;
            List<WriteBuffer.Row> refused = new ArrayList<>(insertIsolating(table, rows.subList(0, half)));
            refused.addAll(insertIsolating(table, rows.subList(half, rows.size())));
            return refused;
        }
    }

    /** The rows whose ids ClickHouse does not have yet. */
    private List<WriteBuffer.Row> withoutStored(String table, List<WriteBuffer.Row> rows)
            throws ClickHouseHttp.Failure, StorageException {
        Set<String> stored = new HashSet<>();
        for (int from = 0; from < rows.size(); from += ID_CHECK_CHUNK) {
            List<WriteBuffer.Row> chunk = rows.subList(from, Math.min(rows.size(), from + ID_CHECK_CHUNK));
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            List<String> ids = new ArrayList<>(chunk.size());
            for (WriteBuffer.Row r : chunk) {
                min = Math.min(min, r.timeMicros());
                max = Math.max(max, r.timeMicros());
                ids.add(r.id());
            }
            String answer = http.query("SELECT id FROM " + database + "." + table + " WHERE request_us >= " + min
                    + " AND request_us <= " + max + " AND id IN " + SqlLiteral.list(ids) + " FORMAT JSONEachRow");
            for (JsonNode row : JsonRows.parse(answer)) {
                stored.add(JsonRows.str(row, "id"));
            }
        }
        if (stored.isEmpty()) {
            return rows;
        }
        LOG.info("ClickHouse had {} of {} {} rows of an insert whose answer was lost; sending the other {}",
                stored.size(), rows.size(), table, rows.size() - stored.size());
        List<WriteBuffer.Row> out = new ArrayList<>(rows.size() - stored.size());
        for (WriteBuffer.Row r : rows) {
            if (!stored.contains(r.id())) {
                out.add(r);
            }
        }
        return out;
    }

    private void recordFailure(String message) {
        sendErrors.incrementAndGet();
        lastError = message;
        if (!failing) {
            failing = true;
            LOG.warn("ClickHouse writes failing, {} rows buffered, retrying: {}", buffer.rows(), message);
        }
    }

    boolean failing() {
        return failing;
    }

    String lastError() {
        return lastError;
    }

    long sendErrors() {
        return sendErrors.get();
    }

    long bufferedRows() {
        return buffer.rows();
    }

    long bufferedBytes() {
        return buffer.bytes();
    }

    /** Rows ClickHouse refused for their content while the rest of their insert went in: dropped, counted. */
    long rowsRefused() {
        return rowsRefused.get();
    }

    long duplicatesSkipped() {
        return duplicatesSkipped.get();
    }
}
