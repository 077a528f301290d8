package org.egret.storage.clickhouse.internal;

import java.nio.file.Path;
import org.egret.api.storage.StorageBackend;
import org.egret.storage.conformance.BackendUnderTest;
import org.egret.storage.conformance.RetentionDays;

/**
 * A fresh database per store on the test class's real server, activated as DS would with the suite's retention
 * settings; reopening is a new instance on the same database, as after a restart of the appliance.
 */
final class ClickHouseUnderTest implements BackendUnderTest {
    private final ClickHouseServer server;
    private String database;
    private RetentionDays retention;
    private ClickHouseStorage storage;

    ClickHouseUnderTest(ClickHouseServer server) {
        this.server = server;
    }

    @Override
    public StorageBackend open(Path dir, RetentionDays retention) throws Exception {
        close();
        this.database = ClickHouseTestBase.uniqueDatabase();
        this.retention = retention;
        return start();
    }

    @Override
    public StorageBackend reopen() throws Exception {
        stop();
        return start();
    }

    private ClickHouseStorage start() throws Exception {
        ClickHouseStorage s = new ClickHouseStorage();
        s.activate(TestConfigs.config("url", server.url(), "database", database,
                "retention_enabled", retention.enabled(), "retention_days", retention.callDays(),
                "retention_body_days", retention.bodyDays(), "retention_metrics_days", retention.metricsDays()));
        storage = s;
        return s;
    }

    /** The sweep waits for its own mutations, so what it expired is gone when it returns. */
    @Override
    public void applyRetention(long nowMicros) throws Exception {
        storage.sweepRetention(nowMicros);
    }

    @Override
    public void close() throws Exception {
        stop();
        if (database != null) {
            server.sql("DROP DATABASE IF EXISTS " + database);
            database = null;
        }
    }

    private void stop() {
        if (storage != null) {
            storage.deactivate();
            storage = null;
        }
    }
}
