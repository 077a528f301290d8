package org.egret.storage.duckdb.internal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.duckdb.DuckDBDriver;
import org.egret.api.storage.StorageException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** Opens real DuckDB files under a temporary directory and closes whatever a test left open. */
abstract class DuckDbStorageTestBase {
    @TempDir
    Path dir;

    private final List<DuckDbStorage> opened = new ArrayList<>();

    /** A storage on {@code file}, activated with retention off unless the properties say otherwise. */
    DuckDbStorage open(Path file, Object... properties) throws StorageException {
        List<Object> all = new ArrayList<>(List.of("path", file.toString(), "retention_enabled", false));
        all.addAll(Arrays.asList(properties));
        DuckDbStorage storage = new DuckDbStorage();
        storage.activate(TestConfigs.config(all.toArray()));
        opened.add(storage);
        return storage;
    }

    DuckDbStorage open() throws StorageException {
        return open(dir.resolve("egret.duckdb"));
    }

    void close(DuckDbStorage storage) {
        if (opened.remove(storage)) {
            storage.deactivate();
        }
    }

    /** A plain JDBC connection to the file, for checks behind the storage's back. */
    static Connection jdbc(Path file) throws SQLException {
        return new DuckDBDriver().connect("jdbc:duckdb:" + file, new Properties());
    }

    @AfterEach
    void closeOpened() {
        for (DuckDbStorage s : List.copyOf(opened)) {
            close(s);
        }
    }
}
