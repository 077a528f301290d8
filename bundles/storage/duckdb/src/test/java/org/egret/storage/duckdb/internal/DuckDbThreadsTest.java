package org.egret.storage.duckdb.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** DuckDB's worker threads are the configured number, one unless told otherwise; zero is refused. */
class DuckDbThreadsTest extends DuckDbStorageTestBase {

    @Test
    void oneThreadByDefault() throws Exception {
        assertThat(TestConfigs.config().threads()).isEqualTo(1);
        assertThat(open(dir.resolve("default.duckdb")).currentSetting("threads")).isEqualTo("1");
    }

    @Test
    void theConfiguredNumberOfThreadsAndZeroIsRefused() throws Exception {
        assertThat(open(dir.resolve("three.duckdb"), "threads", 3).currentSetting("threads")).isEqualTo("3");
        assertThatThrownBy(() -> open(dir.resolve("x.duckdb"), "threads", 0))
                .hasMessage("threads must be at least 1, got 0");
    }
}
