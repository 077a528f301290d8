package org.egret.storage.clickhouse.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.egret.api.storage.StorageException;

/**
 * Rows accepted but not yet sent, per table, bounded in bytes. A write call's rows go in all together or not at
 * all; the sender takes rows from the head of a table and removes them only once ClickHouse has them, so a failed
 * insert leaves the buffer as it was.
 */
final class WriteBuffer {

    /** One encoded JSONEachRow line, with the id and time a re-send checks for duplicates by. */
    record Row(String id, long timeMicros, byte[] json) {
    }

    private final Map<String, Deque<Row>> tables = new LinkedHashMap<>();
    private final Map<String, Long> tableBytes = new LinkedHashMap<>();
    private final long capacityBytes;
    private long bytes;
    private long rows;

    WriteBuffer(List<String> tableNames, long capacityBytes) {
        for (String t : tableNames) {
            tables.put(t, new ArrayDeque<>());
            tableBytes.put(t, 0L);
        }
        this.capacityBytes = capacityBytes;
    }

    /**
     * Takes every row of one write call, or none when they do not fit.
     *
     * @throws StorageException when the buffer cannot take them; {@code why} says what the sender is stuck on
     */
    synchronized void accept(Map<String, List<Row>> batch, String why) throws StorageException {
        long size = 0;
        for (List<Row> list : batch.values()) {
            for (Row r : list) {
                size += r.json().length;
            }
        }
        if (bytes + size > capacityBytes) {
            throw new StorageException("ClickHouse write buffer full: " + mb(bytes) + " of " + mb(capacityBytes)
                    + " MB waiting, " + mb(size) + " MB more refused" + (why == null ? "" : " (" + why + ")"));
        }
        for (Map.Entry<String, List<Row>> e : batch.entrySet()) {
            Deque<Row> q = tables.get(e.getKey());
            long added = 0;
            for (Row r : e.getValue()) {
                q.addLast(r);
                added += r.json().length;
            }
            tableBytes.merge(e.getKey(), added, Long::sum);
            rows += e.getValue().size();
        }
        bytes += size;
    }

    /** The first rows of a table, up to about {@code maxBytes} (at least one row), left in the buffer. */
    synchronized List<Row> head(String table, long maxBytes) {
        List<Row> out = new ArrayList<>();
        long size = 0;
        for (Row r : tables.get(table)) {
            if (!out.isEmpty() && size + r.json().length > maxBytes) {
                break;
            }
            out.add(r);
            size += r.json().length;
        }
        return out;
    }

    /** Drops the first {@code n} rows of a table: they are stored. */
    synchronized void remove(String table, int n) {
        Deque<Row> q = tables.get(table);
        long removed = 0;
        for (int i = 0; i < n; i++) {
            removed += q.removeFirst().json().length;
        }
        tableBytes.merge(table, -removed, Long::sum);
        bytes -= removed;
        rows -= n;
    }

    synchronized int rows(String table) {
        return tables.get(table).size();
    }

    synchronized long bytes(String table) {
        return tableBytes.get(table);
    }

    synchronized long rows() {
        return rows;
    }

    synchronized long bytes() {
        return bytes;
    }

    private static String mb(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f", bytes / 1048576.0);
    }
}
