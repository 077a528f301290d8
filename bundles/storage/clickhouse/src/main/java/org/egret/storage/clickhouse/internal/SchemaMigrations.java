package org.egret.storage.clickhouse.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.egret.api.storage.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the database and its tables on start and records the schema version in {@code schema_migrations}, as the
 * DuckDB backend does. With a cluster the tables are created {@code ON CLUSTER}; a server without distributed DDL
 * (no ZooKeeper/Keeper) refuses that, and then each Egret creates the tables on the server it talks to.
 */
final class SchemaMigrations {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrations.class);
    /** "DDL background thread is not initialized" and friends: distributed DDL is not configured. */
    private static final List<Integer> NO_DISTRIBUTED_DDL = List.of(49, 139, 225);

    private final ClickHouseHttp http;
    private final String database;
    private final String cluster;
    private boolean onCluster;

    SchemaMigrations(ClickHouseHttp http, String database, String cluster) {
        this.http = http;
        this.database = database;
        this.cluster = cluster;
        this.onCluster = !cluster.isEmpty();
    }

    /** The version found before (0: a new database). */
    int migrate() throws StorageException {
        ddl("CREATE DATABASE IF NOT EXISTS " + database);
        ddl("CREATE TABLE IF NOT EXISTS " + database + ".schema_migrations" + clause()
                + " (version UInt32, applied_us Int64) ENGINE = MergeTree ORDER BY version");
        int found = currentVersion();
        if (found > Schema.LATEST) {
            throw new StorageException("ClickHouse database " + database + " has schema v" + found
                    + ", newer than this Egret's v" + Schema.LATEST + ": upgrade Egret or use another database");
        }
        for (Schema.Table t : Schema.TABLES) {
            if (cluster.isEmpty()) {
                ddl(Schema.createLocal(database, t, t.name(), ""));
            } else {
                ddl(Schema.createLocal(database, t, Schema.localName(t), clause()));
                ddl(Schema.createDistributed(database, t, cluster, clause()));
            }
        }
        repartitionTurns();
        moveCallBodies();
        if (found < Schema.LATEST) {
            ddl("INSERT INTO " + database + ".schema_migrations VALUES (" + Schema.LATEST + ", "
                    + System.currentTimeMillis() * 1000 + ")");
        }
        return found;
    }

    /**
     * v1 → v2 on the server Egret talks to: a partition key cannot be altered, so a turns table still partitioned by
     * start is copied into one partitioned by end, swapped in by one RENAME, and dropped. Decided by the table's
     * actual partition key, so a start cut off half-way (a copy left over, or the old table after the swap) is
     * finished on the next start. In a cluster each server's local table is moved by the Egret that starts on it.
     */
    private void repartitionTurns() throws StorageException {
        String table = cluster.isEmpty() ? Schema.TURNS.name() : Schema.localName(Schema.TURNS);
        String next = database + "." + table + "_v2";
        String old = database + "." + table + "_v1";
        query("DROP TABLE IF EXISTS " + next);
        query("DROP TABLE IF EXISTS " + old);
        if (partitionKey(table).contains("end_us")) {
            return;
        }
        query(Schema.createLocal(database, Schema.TURNS, table + "_v2", ""));
        query("INSERT INTO " + next + " SELECT * FROM " + database + "." + table);
        query("RENAME TABLE " + database + "." + table + " TO " + old + ", " + next + " TO " + database + "."
                + table);
        query("DROP TABLE " + old);
        LOG.info("ClickHouse {}.{}: turns re-partitioned by the day of their end (schema v2)", database, table);
    }

    /**
     * v2 → v3 on the server Egret talks to: the bodies of the spans rows are copied into {@code call_bodies} (local
     * to local, so each lands on its span's shard), then the old columns are dropped from spans. Decided by whether
     * spans still has them: a start cut off after the copy copies again, and readers take one bodies row per call.
     * A cluster's Distributed spans, which holds no rows, is created again over the new local table.
     */
    private void moveCallBodies() throws StorageException {
        String spans = cluster.isEmpty() ? Schema.SPANS.name() : Schema.localName(Schema.SPANS);
        if (hasColumn(spans, "request_body")) {
            String bodies = cluster.isEmpty() ? Schema.CALL_BODIES.name() : Schema.localName(Schema.CALL_BODIES);
            String moved = String.join(", ", Schema.V2_SPAN_BODY_COLUMNS);
            query("INSERT INTO " + database + "." + bodies + " (id, request_us, " + moved + ") SELECT id, request_us, "
                    + moved + " FROM " + database + "." + spans + " WHERE isNotNull(request_body) OR "
                    + "isNotNull(request_body_blocks) OR isNotNull(response_body) OR isNotNull(response_body_blocks)");
            for (String column : Schema.V2_SPAN_BODY_COLUMNS) {
                query("ALTER TABLE " + database + "." + spans + " DROP COLUMN " + column);
            }
            LOG.info("ClickHouse {}.{}: call bodies moved to {} (schema v3)", database, spans, bodies);
        }
        if (!cluster.isEmpty() && hasColumn(Schema.SPANS.name(), "request_body")) {
            query("DROP TABLE " + database + "." + Schema.SPANS.name());
            query(Schema.createDistributed(database, Schema.SPANS, cluster, ""));
        }
    }

    private boolean hasColumn(String table, String column) throws StorageException {
        try {
            return !JsonRows.parse(http.query("SELECT name FROM system.columns WHERE database = "
                    + SqlLiteral.of(database) + " AND table = " + SqlLiteral.of(table) + " AND name = "
                    + SqlLiteral.of(column) + " FORMAT JSONEachRow")).isEmpty();
        } catch (ClickHouseHttp.Failure e) {
            throw new StorageException("cannot read the columns of " + table + ": " + e.getMessage(), e);
        }
    }

    private String partitionKey(String table) throws StorageException {
        try {
            List<JsonNode> rows = JsonRows.parse(http.query("SELECT partition_key FROM system.tables WHERE database = "
                    + SqlLiteral.of(database) + " AND name = " + SqlLiteral.of(table) + " FORMAT JSONEachRow"));
            return rows.isEmpty() ? "" : JsonRows.str(rows.get(0), "partition_key");
        } catch (ClickHouseHttp.Failure e) {
            throw new StorageException("cannot read the partition key of " + table + ": " + e.getMessage(), e);
        }
    }

    private void query(String sql) throws StorageException {
        try {
            http.query(sql);
        } catch (ClickHouseHttp.Failure e) {
            throw new StorageException("schema upgrade to v" + Schema.LATEST + " failed: " + e.getMessage(), e);
        }
    }

    /** Whether DDL goes {@code ON CLUSTER} (false after the server said it cannot). */
    boolean onCluster() {
        return onCluster;
    }

    private int currentVersion() throws StorageException {
        try {
            List<JsonNode> rows = JsonRows.parse(http.query("SELECT max(version) AS v FROM " + database
                    + ".schema_migrations FORMAT JSONEachRow"));
            return rows.isEmpty() ? 0 : JsonRows.integer(rows.get(0), "v");
        } catch (ClickHouseHttp.Failure e) {
            throw new StorageException("cannot read the schema version: " + e.getMessage(), e);
        }
    }

    private String clause() {
        return onCluster ? " ON CLUSTER " + cluster : "";
    }

    private void ddl(String sql) throws StorageException {
        try {
            http.query(sql);
        } catch (ClickHouseHttp.Failure e) {
            if (onCluster && NO_DISTRIBUTED_DDL.contains(e.code())) {
                LOG.warn("ClickHouse has no distributed DDL (ON CLUSTER {}: {}); creating the tables on the server "
                        + "Egret writes to only: every node needs them (one Egret per node, or create them by hand)",
                        cluster, e.getMessage());
                onCluster = false;
                ddl(sql.replace(" ON CLUSTER " + cluster, ""));
                return;
            }
            throw new StorageException("schema setup failed: " + e.getMessage(), e);
        }
    }
}
