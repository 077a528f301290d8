package org.egret.storage.duckdb.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.egret.api.storage.CallQuery;
import org.egret.api.storage.ExchangeRecord;
import org.egret.api.storage.StorageException;
import org.egret.storage.conformance.ConformanceTraffic;
import org.junit.jupiter.api.Test;

/**
 * A full disk, for real: the database on an 8 MB tmpfs, written until it is full. Writes fail with a clear error,
 * the status turns unhealthy with it, reads go on; once there is room again, writes succeed on their own and what
 * was committed before is intact.
 */
class DiskFullTest extends DuckDbStorageTestBase {

    /** Random bytes of its own for each exchange: neither LZ4 nor the blocks can make them smaller. */
    private static ExchangeRecord incompressibleExchange(int n) {
        java.util.Random random = new java.util.Random(n);
        byte[] request = new byte[200_000];
        byte[] response = new byte[100_000];
        random.nextBytes(request);
        random.nextBytes(response);
        return ConformanceTraffic.withBodies(n, ConformanceTraffic.T0 + n, request, response);
    }

    @Test
    void writesFailClearlyWhileTheDiskIsFullAndResumeOnceThereIsRoom() throws Exception {
        Path mount = Files.createDirectory(dir.resolve("small"));
        Mounts.tmpfs(mount, "size=8m");
        try {
            Path file = mount.resolve("egret.duckdb");
            DuckDbStorage storage = open(file);
            ExchangeRecord before = incompressibleExchange(1);
            storage.writeExchanges(List.of(before));
            storage.writeCalls(List.of(ConformanceTraffic.fullCall(1, ConformanceTraffic.T0)));

            StorageException full = null;
            List<ExchangeRecord> committed = new ArrayList<>(List.of(before));
            for (int n = 2; n < 200 && full == null; n++) {
                ExchangeRecord x = incompressibleExchange(n);
                try {
                    storage.writeExchanges(List.of(x));
                    committed.add(x);
                } catch (StorageException e) {
                    full = e;
                }
            }

            assertThat(full).as("8 MB fill up").isNotNull();
            assertThat(full.getMessage()).startsWith("writing a batch of 1 exchange in DuckDB " + file + " failed: ")
                    .containsIgnoringCase("no space left on device").doesNotContain("\n");
            assertThat(storage.status().healthy()).isFalse();
            assertThat(storage.status().lastError()).isEqualTo(full.getMessage());
            long errors = storage.status().writeErrors();
            assertThat(errors).isPositive();
            // still full: the next write fails the same way, and nothing crashed
            assertThatThrownBy(() -> storage.writeExchanges(List.of(incompressibleExchange(500))))
                    .isInstanceOf(StorageException.class).hasMessageContaining(file.toString());
            assertThat(storage.status().writeErrors()).isGreaterThan(errors);

            Mounts.remount(mount, "size=256m");

            ExchangeRecord after = incompressibleExchange(1000);
            storage.writeExchanges(List.of(after));
            storage.writeCalls(List.of(ConformanceTraffic.fullCall(2, ConformanceTraffic.T0 + 2)));
            assertThat(storage.status().healthy()).isTrue();
            committed.add(after);
            for (ExchangeRecord x : committed) {
                ExchangeRecord read = storage.findExchange(x.id()).orElseThrow();
                assertThat(read.exchange().request().body()).as(x.id()).isEqualTo(x.exchange().request().body());
                assertThat(read.exchange().problem()).isNull();
            }
            assertThat(storage.queryCalls(CallQuery.all(0, 10)).total()).isEqualTo(2);
            close(storage);

            DuckDbStorage reopened = open(file);
            for (ExchangeRecord x : committed) {
                assertThat(reopened.findExchange(x.id()).orElseThrow().exchange().response().body()).as(x.id())
                        .isEqualTo(x.exchange().response().body());
            }
            close(reopened);
        } finally {
            closeOpened();
            Mounts.unmount(mount);
        }
    }
}
