package org.egret.storage.duckdb.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;
import org.duckdb.DuckDBDriver;
import org.junit.jupiter.api.Test;

/** DuckDB's worker threads: its own default unless configured, then the configured number; negative is refused. */
class DuckDbThreadsTest extends DuckDbStorageTestBase {

    @Test
    void duckDbsOwnDefaultUnlessConfigured() throws Exception {
        assertThat(TestConfigs.config().threads()).isZero();
        assertThat(open(dir.resolve("default.duckdb")).currentSetting("threads")).isEqualTo(duckDbsDefault());
    }

    /** What a DuckDB instance opened with no settings runs with (its count of CPUs, which may be a cgroup's). */
    private static String duckDbsDefault() throws Exception {
        try (Connection c = new DuckDBDriver().connect("jdbc:duckdb:", new Properties());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT current_setting('threads')")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void theConfiguredNumberOfThreadsAndNegativeIsRefused() throws Exception {
        assertThat(open(dir.resolve("one.duckdb"), "threads", 1).currentSetting("threads")).isEqualTo("1");
        assertThat(open(dir.resolve("three.duckdb"), "threads", 3).currentSetting("threads")).isEqualTo("3");
        assertThatThrownBy(() -> open(dir.resolve("x.duckdb"), "threads", -1))
                .hasMessage("threads must be 0 (DuckDB's default) or more, got -1");
    }
}
