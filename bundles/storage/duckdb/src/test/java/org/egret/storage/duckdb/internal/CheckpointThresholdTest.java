package org.egret.storage.duckdb.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.egret.api.storage.ExchangeQuery;
import org.egret.api.storage.ExchangeRecord;
import org.egret.storage.conformance.ConformanceTraffic;
import org.junit.jupiter.api.Test;

/** The write-ahead log is checkpointed into the file once it reaches the configured size, not before. */
class CheckpointThresholdTest extends DuckDbStorageTestBase {

    @Test
    void aSmallThresholdCheckpointsAsTheLogGrowsALargeOneLetsItGrow() throws Exception {
        Path small = dir.resolve("small.duckdb");
        Path large = dir.resolve("large.duckdb");
        DuckDbStorage checkpointsOften = open(small, "checkpoint_threshold_mb", 1);
        DuckDbStorage checkpointsRarely = open(large, "checkpoint_threshold_mb", 256);
        for (int batch = 0; batch < BATCHES; batch++) {
            checkpointsOften.writeExchanges(batch(batch));
            checkpointsRarely.writeExchanges(batch(batch));
        }
        // 4,000 rows with 900-byte random bodies (stored as they are): about 4 MB went through each log
        assertThat(walBytes(large)).isGreaterThan(3L << 20);
        assertThat(walBytes(small)).isLessThan(2L << 20);
        assertThat(Files.size(small)).isGreaterThan(Files.size(large) + (2L << 20));
        assertThat(checkpointsOften.queryExchanges(ExchangeQuery.all(0, 10)).total()).isEqualTo(BATCHES * ROWS);
    }

    @Test
    void theDefaultIs256MegabytesAndZeroIsRefused() {
        assertThat(TestConfigs.config().checkpoint__threshold__mb()).isEqualTo(256);
        assertThatThrownBy(() -> open(dir.resolve("x.duckdb"), "checkpoint_threshold_mb", 0))
                .hasMessage("checkpoint_threshold_mb must be at least 1, got 0");
    }

    private static final int BATCHES = 20;
    private static final int ROWS = 200;

    private static List<ExchangeRecord> batch(int batch) {
        Random random = new Random(batch);
        List<ExchangeRecord> records = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            byte[] body = new byte[900];
            random.nextBytes(body);
            records.add(ConformanceTraffic.withBodies(batch * ROWS + i + 1, null, body));
        }
        return records;
    }

    private static long walBytes(Path db) throws Exception {
        Path wal = db.resolveSibling(db.getFileName() + ".wal");
        return Files.exists(wal) ? Files.size(wal) : 0;
    }
}
