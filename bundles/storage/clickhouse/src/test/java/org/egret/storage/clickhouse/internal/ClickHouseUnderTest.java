package org.egret.storage.clickhouse.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.egret.api.storage.StorageBackend;
import org.egret.storage.conformance.BackendUnderTest;
import org.egret.storage.conformance.RetentionDays;

/**
 * A fresh database per store on the test class's real server, activated as DS would with the suite's retention
 * settings; reopening is a new instance on the same database, as after a restart of the appliance. On a cluster the
 * store writes through the Distributed tables of the first node, and every other node gets an Egret of its own
 * (idle), as in a fleet: without distributed DDL each Egret creates the tables and runs retention on its own node.
 */
final class ClickHouseUnderTest implements BackendUnderTest {
    private final List<ClickHouseServer> nodes;
    private final String cluster;
    private String database;
    private RetentionDays retention;
    private ClickHouseStorage storage;
    private final List<ClickHouseStorage> peers = new ArrayList<>();

    /** One server. */
    ClickHouseUnderTest(ClickHouseServer server) {
        this(List.of(server), "");
    }

    /** The nodes of {@code cluster}; the store talks to the first. */
    ClickHouseUnderTest(List<ClickHouseServer> nodes, String cluster) {
        this.nodes = nodes;
        this.cluster = cluster;
    }

    @Override
    public StorageBackend open(Path dir, RetentionDays retention) throws Exception {
        close();
        this.database = ClickHouseTestBase.uniqueDatabase();
        this.retention = retention;
        for (ClickHouseServer peer : nodes.subList(1, nodes.size())) {
            peers.add(start(peer));
        }
        storage = start(nodes.get(0));
        return storage;
    }

    @Override
    public StorageBackend reopen() throws Exception {
        stop(storage);
        storage = start(nodes.get(0));
        return storage;
    }

    private ClickHouseStorage start(ClickHouseServer node) throws Exception {
        ClickHouseStorage s = new ClickHouseStorage();
        s.activate(TestConfigs.config("url", node.url(), "database", database, "cluster", cluster,
                "retention_enabled", retention.enabled(), "retention_days", retention.callDays(),
                "retention_body_days", retention.bodyDays(), "retention_metrics_days", retention.metricsDays()));
        return s;
    }

    /**
     * One sweep on every node: {@code DROP PARTITION} is synchronous, so what it expired is gone when it returns.
     * The sweep reads the cutoff from {@code nowMicros}, as the suite asks.
     */
    @Override
    public void applyRetention(long nowMicros) throws Exception {
        storage.sweepRetention(nowMicros);
        for (ClickHouseStorage peer : peers) {
            peer.sweepRetention(nowMicros);
        }
    }

    @Override
    public void close() throws Exception {
        stop(storage);
        storage = null;
        for (ClickHouseStorage peer : peers) {
            stop(peer);
        }
        peers.clear();
        if (database != null) {
            for (ClickHouseServer node : nodes) {
                node.sql("DROP DATABASE IF EXISTS " + database);
            }
            database = null;
        }
    }

    private static void stop(ClickHouseStorage s) {
        if (s != null) {
            s.deactivate();
        }
    }
}
