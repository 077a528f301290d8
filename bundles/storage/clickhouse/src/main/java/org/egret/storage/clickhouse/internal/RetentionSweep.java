package org.egret.storage.clickhouse.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.egret.api.storage.StorageException;

/**
 * Retention by whole days: every table is partitioned by the UTC day ({@code YYYYMMDD}) of its time, so expiring a
 * day is one {@code ALTER TABLE … DROP PARTITION}, never a row DELETE. The partitions come from
 * {@code system.parts}; a sweep drops at most {@link #MAX_DROPS} of them per table, oldest first.
 */
final class RetentionSweep {
    static final int MAX_DROPS = 64;

    /** A day of one table that was dropped. */
    record Dropped(String table, int day) {
    }

    private final ClickHouseHttp http;
    private final String database;
    private final boolean cluster;
    private final String onCluster;

    RetentionSweep(ClickHouseHttp http, String database, boolean cluster, String onCluster) {
        this.http = http;
        this.database = database;
        this.cluster = cluster;
        this.onCluster = onCluster;
    }

    /** Drops the days before each table's cutoff day ({@code YYYYMMDD}, exclusive). */
    List<Dropped> dropBefore(Map<Schema.Table, Integer> cutoffDays) throws StorageException {
        List<Dropped> dropped = new ArrayList<>();
        for (Map.Entry<Schema.Table, Integer> e : cutoffDays.entrySet()) {
            String table = cluster ? Schema.localName(e.getKey()) : e.getKey().name();
            for (int day : days(table)) {
                if (day >= e.getValue() || dropped.stream().filter(d -> d.table().equals(table)).count() >= MAX_DROPS) {
                    break;
                }
                run("ALTER TABLE " + database + "." + table + onCluster + " DROP PARTITION " + day);
                dropped.add(new Dropped(table, day));
            }
        }
        return dropped;
    }

    /** The table's partitions with data, oldest first. */
    List<Integer> days(String table) throws StorageException {
        List<Integer> days = new ArrayList<>();
        try {
            for (JsonNode row : JsonRows.parse(http.query("SELECT DISTINCT partition FROM system.parts WHERE "
                    + "database = " + SqlLiteral.of(database) + " AND table = " + SqlLiteral.of(table)
                    + " AND active ORDER BY partition FORMAT JSONEachRow"))) {
                String p = JsonRows.str(row, "partition");
                try {
                    days.add(Integer.parseInt(p.replace("'", "").strip()));
                } catch (NumberFormatException ignored) {
                    // not one of ours (a partition key changed by hand): leave it alone
                }
            }
        } catch (ClickHouseHttp.Failure e) {
            throw new StorageException("retention: cannot list the partitions of " + table + ": " + e.getMessage(), e);
        }
        days.sort(null);
        return days;
    }

    private void run(String sql) throws StorageException {
        try {
            http.query(sql);
        } catch (ClickHouseHttp.Failure e) {
            throw new StorageException("retention: " + e.getMessage(), e);
        }
    }
}
