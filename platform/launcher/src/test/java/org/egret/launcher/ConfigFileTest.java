package org.egret.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {

    @TempDir
    Path dir;

    @Test
    void readsPidsWithTypedValues() throws Exception {
        Path f = Files.writeString(dir.resolve("egret.json"), """
                { ":configurator:resource-version": 1,
                  "egret.pipeline~lab": { "sources": ["pcap-file:/data/a.pcap"], "workers": 2, "drop_when_full": false },
                  "egret.storage.duckdb": { "path": "/var/lib/egret/e.duckdb", "retention_days": 7 } }
                """);
        Map<String, Map<String, Object>> c = ConfigFile.read(f);
        assertThat(c).containsOnlyKeys("egret.pipeline~lab", "egret.storage.duckdb");
        assertThat((String[]) c.get("egret.pipeline~lab").get("sources")).containsExactly("pcap-file:/data/a.pcap");
        assertThat(c.get("egret.pipeline~lab")).containsEntry("workers", 2).containsEntry("drop_when_full", false);
        assertThat(c.get("egret.storage.duckdb")).containsEntry("retention_days", 7);
    }

    @Test
    void brokenFilesAreReportedWithWhereAndWhy() throws Exception {
        Path f = Files.writeString(dir.resolve("bad.json"), "{\n \"egret.pipeline~x\": {\n  \"sources\": [1,\n}");
        assertThatThrownBy(() -> ConfigFile.read(f)).isInstanceOf(UserError.class).hasMessageContaining("line");
        Path notObject = Files.writeString(dir.resolve("arr.json"), "[1,2]");
        assertThatThrownBy(() -> ConfigFile.read(notObject)).hasMessageContaining("must be a JSON object");
        assertThatThrownBy(() -> ConfigFile.read(dir.resolve("missing.json"))).hasMessageContaining("cannot read");
    }
}
