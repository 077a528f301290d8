package org.egret.storage.duckdb.internal;

import java.nio.file.Path;
import org.egret.api.storage.StorageBackend;
import org.egret.storage.conformance.BackendUnderTest;
import org.egret.storage.conformance.RetentionDays;

/** A real DuckDB file under the test's folder, activated as DS would with the suite's retention settings. */
final class DuckDbUnderTest implements BackendUnderTest {
    private Path file;
    private RetentionDays retention;
    private DuckDbStorage storage;

    @Override
    public StorageBackend open(Path dir, RetentionDays retention) throws Exception {
        this.file = dir.resolve("conformance.duckdb");
        this.retention = retention;
        return start();
    }

    @Override
    public StorageBackend reopen() throws Exception {
        close();
        return start();
    }

    private DuckDbStorage start() throws Exception {
        DuckDbStorage s = new DuckDbStorage();
        s.activate(TestConfigs.config("path", file.toString(), "retention_enabled", retention.enabled(),
                "retention_days", retention.callDays(), "retention_body_days", retention.bodyDays(),
                "retention_metrics_days", retention.metricsDays()));
        storage = s;
        return s;
    }

    @Override
    public void applyRetention(long nowMicros) throws Exception {
        storage.sweepRetention(nowMicros);
    }

    @Override
    public void close() {
        if (storage != null) {
            storage.deactivate();
            storage = null;
        }
    }
}
