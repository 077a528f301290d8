package org.egret.storage.duckdb.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.egret.storage.conformance.ConformanceTraffic.T0;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.egret.api.storage.CallQuery;
import org.egret.api.storage.ExchangeQuery;
import org.egret.api.storage.StorageException;
import org.egret.storage.conformance.ConformanceTraffic;
import org.junit.jupiter.api.Test;

class LifecycleTest extends DuckDbStorageTestBase {

    @Test
    void createsTheFileAndItsParentDirectories() throws Exception {
        Path file = dir.resolve("var/lib/egret/egret.duckdb");

        open(file);

        assertThat(file).isRegularFile();
        try (Connection c = jdbc(file); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT table_name FROM information_schema.tables ORDER BY 1")) {
            StringBuilder tables = new StringBuilder();
            while (rs.next()) {
                tables.append(rs.getString(1)).append(' ');
            }
            assertThat(tables.toString()).isEqualTo("body_blocks health_samples http_exchanges metric_rollups schema_migrations spans turns ");
        }
    }

    @Test
    void reopeningKeepsTheDataAndDoesNotMigrateAgain() throws Exception {
        Path file = dir.resolve("egret.duckdb");
        DuckDbStorage first = open(file);
        first.writeCalls(List.of(ConformanceTraffic.fullCall(1, T0), ConformanceTraffic.bareCall(2, T0 + 1)));
        first.writeExchanges(List.of(ConformanceTraffic.sseExchange(1, T0)));
        close(first);
        String migrationsBefore = migrations(file);

        DuckDbStorage second = open(file);

        assertThat(second.queryCalls(CallQuery.all(0, 10)).total()).isEqualTo(2);
        assertThat(second.findCall(ConformanceTraffic.id(1)).orElseThrow()).usingRecursiveComparison()
                .isEqualTo(ConformanceTraffic.fullCall(1, T0));
        assertThat(second.queryExchanges(ExchangeQuery.all(0, 10)).total()).isEqualTo(1);
        close(second);
        assertThat(migrations(file)).isEqualTo(migrationsBefore).startsWith("1@")
                .contains(",2@", ",3@", ",4@", ",5@", ",6@", ",7@", ",8@").doesNotContain(",9@");
    }

    private static String migrations(Path file) throws Exception {
        try (Connection c = jdbc(file); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT string_agg(version || '@' || applied_at, ',') "
                        + "FROM schema_migrations")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void closingCheckpointsSoNoWalIsLeft() throws Exception {
        Path file = dir.resolve("egret.duckdb");
        DuckDbStorage storage = open(file);
        storage.writeCalls(List.of(ConformanceTraffic.fullCall(1, T0)));

        close(storage);

        assertThat(Path.of(file + ".wal")).doesNotExist();
        assertThatThrownBy(() -> storage.writeCalls(List.of(ConformanceTraffic.fullCall(2, T0))))
                .isInstanceOf(StorageException.class).hasMessageContaining("is closed");
        assertThat(storage.status().healthy()).isFalse();
    }

    @Test
    void aNewerSchemaVersionIsRefused() throws Exception {
        Path file = dir.resolve("egret.duckdb");
        close(open(file));
        try (Connection c = jdbc(file); Statement s = c.createStatement()) {
            s.execute("INSERT INTO schema_migrations VALUES (" + (SchemaMigrations.LATEST + 1) + ", now())");
        }

        DuckDbStorage storage = new DuckDbStorage();
        assertThatThrownBy(() -> storage.activate(TestConfigs.config("path", file.toString())))
                .isInstanceOf(StorageSetupException.class)
                .hasMessage("the DuckDB database " + file + " has schema version " + (SchemaMigrations.LATEST + 1)
                        + ", newer than this Egret understands (" + SchemaMigrations.LATEST + "): open it with the newer Egret that wrote it, or choose another database "
                        + "file")
                .satisfies(e -> assertThat(e.getStackTrace()).isEmpty());
        assertThat(storage.status().lastError()).startsWith("the DuckDB database " + file + " has schema version " + (SchemaMigrations.LATEST + 1));
        assertThat(storage.status().healthy()).isFalse();
        // refused without touching it
        assertThat(migrations(file)).startsWith("1@").contains(",2@", ",3@", ",4@", ",5@", ",6@", ",7@", ",8@");
    }

    @Test
    void aPathUnderARegularFileIsRefusedClearly() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("notadir"), "I am a file");
        Path file = notADirectory.resolve("sub/egret.duckdb");

        DuckDbStorage storage = new DuckDbStorage();
        assertThatThrownBy(() -> storage.activate(TestConfigs.config("path", file.toString())))
                .isInstanceOf(StorageSetupException.class)
                .hasMessage("cannot create directory " + notADirectory.resolve("sub")
                        + " for the DuckDB database: " + notADirectory + " is a file, not a directory");
        assertThat(storage.status().lastError()).startsWith("cannot create directory");
        assertThat(storage.status().location()).isEqualTo(file.toString());
    }

    @Test
    void aFileThatIsNotADatabaseIsRefusedClearly() throws Exception {
        Path file = Files.writeString(dir.resolve("notes.duckdb"), "these are my notes, not a database\n".repeat(100));

        DuckDbStorage storage = new DuckDbStorage();
        assertThatThrownBy(() -> storage.activate(TestConfigs.config("path", file.toString())))
                .isInstanceOf(StorageSetupException.class)
                .hasMessageStartingWith("cannot open DuckDB database " + file + ": ")
                .hasMessageContaining("not a valid DuckDB database file");
        assertThat(Files.readString(file)).startsWith("these are my notes");
    }

    @Test
    void aDirectoryIsNotADatabase() throws Exception {
        Path file = Files.createDirectory(dir.resolve("egret.duckdb"));

        assertThatThrownBy(() -> new DuckDbStorage().activate(TestConfigs.config("path", file.toString())))
                .isInstanceOf(StorageSetupException.class)
                .hasMessage("cannot open DuckDB database " + file + ": it is a directory");
    }

    @Test
    void aFileLockedByAnotherProcessIsRefusedClearly() throws Exception {
        Path file = dir.resolve("egret.duckdb");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process holder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                LockHolder.class.getName(), file.toString()).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(
                    new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("locked");

            DuckDbStorage storage = new DuckDbStorage();
            assertThatThrownBy(() -> storage.activate(TestConfigs.config("path", file.toString())))
                    .isInstanceOf(StorageSetupException.class)
                    .hasMessageStartingWith("cannot open DuckDB database " + file + ": ")
                    .hasMessageContaining("Could not set lock on file")
                    .hasMessageContaining("(PID " + holder.pid() + ")")
                    .hasMessageNotContaining("\n");
        } finally {
            holder.getOutputStream().close();
            if (!holder.waitFor(20, TimeUnit.SECONDS)) {
                holder.destroyForcibly();
            }
        }
        // and once the other process is gone, the file opens
        assertThat(open(file).status().healthy()).isTrue();
    }

    @Test
    void invalidSettingsAreRefusedClearly() {
        Path file = dir.resolve("egret.duckdb");
        assertThatThrownBy(() -> new DuckDbStorage().activate(
                TestConfigs.config("path", file.toString(), "read_connections", 0)))
                .isInstanceOf(StorageSetupException.class)
                .hasMessage("read_connections must be at least 1, got 0");
        assertThatThrownBy(() -> new DuckDbStorage().activate(
                TestConfigs.config("path", file.toString(), "retention_days", 0)))
                .isInstanceOf(StorageSetupException.class)
                .hasMessage("retention_days must be at least 1 (or set retention_enabled=false), got 0");
        assertThatThrownBy(() -> new DuckDbStorage().activate(TestConfigs.config("path", " ")))
                .isInstanceOf(StorageSetupException.class)
                .hasMessage("no DuckDB database path configured (property 'path' is empty)");
        assertThatThrownBy(() -> new DuckDbStorage().activate(TestConfigs.config("path", dir + "/a;threads=1")))
                .isInstanceOf(StorageSetupException.class).hasMessageContaining("must not contain ';'");
        assertThat(file).doesNotExist();
    }

    @Test
    void aRelativePathIsResolvedAgainstTheWorkingDirectory() throws Exception {
        DuckDbStorage storage = new DuckDbStorage();
        Path file = Path.of("target", "relative-" + ProcessHandle.current().pid() + ".duckdb");
        try {
            storage.activate(TestConfigs.config("path", file.toString(), "retention_enabled", false));
            assertThat(storage.status().location()).isEqualTo(file.toAbsolutePath().normalize().toString());
        } finally {
            storage.deactivate();
            Files.deleteIfExists(file);
        }
    }

    @Test
    void aFatalErrorIsHealedByReopeningOnTheNextWrite() throws Exception {
        Path file = dir.resolve("egret.duckdb");
        DuckDbStorage storage = open(file);
        storage.writeCalls(List.of(ConformanceTraffic.fullCall(1, T0)));

        // a real fatal error: DuckDB's own debug switch aborts a checkpoint, which invalidates the instance
        // (in-process connections to the same file share the storage's instance)
        try (Connection c = jdbc(file); Statement s = c.createStatement()) {
            s.execute("SET debug_checkpoint_abort = 'before_header'");
            assertThatThrownBy(() -> s.execute("CHECKPOINT")).hasMessageStartingWith("FATAL");
        }

        assertThatThrownBy(() -> storage.writeCalls(List.of(ConformanceTraffic.fullCall(2, T0 + 1))))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("database has been invalidated")
                .hasMessageEndingWith("(the database is reopened on the next write)");
        assertThat(storage.status().healthy()).isFalse();
        assertThatThrownBy(() -> storage.queryCalls(CallQuery.all(0, 10)))
                .isInstanceOf(StorageException.class).hasMessageContaining("invalidated");

        storage.writeCalls(List.of(ConformanceTraffic.fullCall(2, T0 + 1)));

        assertThat(storage.reopens()).isEqualTo(1);
        assertThat(storage.status().healthy()).isTrue();
        assertThat(storage.status().writeErrors()).isEqualTo(1);
        assertThat(storage.queryCalls(CallQuery.all(0, 10)).items()).extracting(c -> c.getId())
                .containsExactly(ConformanceTraffic.id(2), ConformanceTraffic.id(1));
    }

    @Test
    void serviceAndConfigurationNamesMatchTheContract() {
        assertThat(DuckDbStorage.PID).isEqualTo("egret.storage.duckdb").doesNotContain("-");
        DuckDbStorage.Config defaults = TestConfigs.config();
        assertThat(defaults.path()).isEqualTo("./egret.duckdb");
        assertThat(defaults.retention__enabled()).isTrue();
        assertThat(defaults.retention__days()).isEqualTo(30);
        assertThat(defaults.retention__body__days()).isEqualTo(7);
        assertThat(defaults.retention__metrics__days()).isEqualTo(90);
        assertThat(defaults.body__blocks__min__bytes()).isEqualTo(4096);
        assertThat(defaults.read__connections()).isEqualTo(2);
    }
}
