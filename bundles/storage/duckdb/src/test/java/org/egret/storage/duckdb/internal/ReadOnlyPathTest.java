package org.egret.storage.duckdb.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.egret.api.storage.CallQuery;
import org.egret.storage.conformance.ConformanceTraffic;
import org.junit.jupiter.api.Test;

/**
 * A read-only path, for real: root ignores permissions, so the directory is a tmpfs mounted read-only. Activation
 * fails with one clear line naming the file, for a new database and for an existing one, and succeeds once the
 * directory is writable again.
 */
class ReadOnlyPathTest extends DuckDbStorageTestBase {

    @Test
    void aReadOnlyDirectoryIsRefusedWithOneClearError() throws Exception {
        Path mount = Files.createDirectory(dir.resolve("ro"));
        Mounts.tmpfs(mount, "size=16m,ro");
        try {
            Path file = mount.resolve("egret.duckdb");
            DuckDbStorage storage = new DuckDbStorage();
            assertThatThrownBy(() -> storage.activate(TestConfigs.config("path", file.toString())))
                    .isInstanceOf(StorageSetupException.class)
                    .hasMessage("cannot open DuckDB database " + file + ": " + mount
                            + " is on a read-only file system")
                    .satisfies(e -> assertThat(e.getStackTrace()).isEmpty());
            assertThat(storage.status().healthy()).isFalse();
            assertThat(storage.status().lastError()).contains("read-only file system");

            // a database under a directory that does not exist yet, on the same read-only file system
            Path nested = mount.resolve("sub/egret.duckdb");
            assertThatThrownBy(() -> new DuckDbStorage().activate(TestConfigs.config("path", nested.toString())))
                    .isInstanceOf(StorageSetupException.class)
                    .hasMessage("cannot create directory " + mount.resolve("sub") + " for the DuckDB database: "
                            + "Read-only file system");
        } finally {
            Mounts.unmount(mount);
        }
    }

    @Test
    void anExistingDatabaseOnAFileSystemRemountedReadOnlyIsRefusedClearly() throws Exception {
        Path mount = Files.createDirectory(dir.resolve("ro"));
        Mounts.tmpfs(mount, "size=16m");
        try {
            Path file = mount.resolve("egret.duckdb");
            DuckDbStorage first = open(file);
            first.writeCalls(List.of(ConformanceTraffic.fullCall(1, ConformanceTraffic.T0)));
            close(first);
            Mounts.remount(mount, "ro");

            assertThatThrownBy(() -> new DuckDbStorage().activate(TestConfigs.config("path", file.toString())))
                    .isInstanceOf(StorageSetupException.class)
                    .hasMessage("cannot open DuckDB database " + file + ": " + mount
                            + " is on a read-only file system");

            Mounts.remount(mount, "rw");
            assertThat(open(file).queryCalls(CallQuery.all(0, 10)).total()).isEqualTo(1);
        } finally {
            closeOpened();
            Mounts.unmount(mount);
        }
    }
}
