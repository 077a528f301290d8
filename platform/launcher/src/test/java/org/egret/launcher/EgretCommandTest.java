package org.egret.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Flags become the same configurations a config file would make. */
class EgretCommandTest {

    @TempDir
    Path dir;

    private Path capture;
    private int port;

    @BeforeEach
    void captureAndPort() throws Exception {
        capture = Files.write(dir.resolve("a.pcap"), new byte[] {(byte) 0xd4, (byte) 0xc3, (byte) 0xb2, (byte) 0xa1, 2, 0});
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
    }

    private Map<String, Map<String, Object>> configurations(Map<String, String> env, String... args) {
        EgretCommand cmd = new EgretCommand();
        List<String> all = new ArrayList<>(List.of("--port", Integer.toString(port)));
        all.addAll(List.of(args));
        new CommandLine(cmd).parseArgs(all.toArray(new String[0]));
        cmd.environment = env;
        return cmd.configurations();
    }

    private Map<String, Map<String, Object>> configurations(String... args) {
        return configurations(Map.of(), args);
    }

    @Test
    void byDefaultEverythingUsesDuckDb() {
        Map<String, Map<String, Object>> c = configurations("--pcap-file", capture.toString(), "--db",
                dir.resolve("e.duckdb").toString());
        assertThat(c).containsKeys("egret.storage.duckdb", "egret.pipeline~cli").doesNotContainKey("egret.storage.clickhouse");
        assertThat(c.get("egret.storage.duckdb")).containsEntry("path", dir.resolve("e.duckdb").toString())
                .doesNotContainKey("retention_enabled");
        assertThat(c.get("egret.pipeline~cli")).containsEntry("storage.backend", "duckdb");
        assertThat(c.get("org.egret.console.api")).containsEntry("storage.target", "(egret.storage.type=duckdb)");
        assertThat(c.get("org.egret.console.metrics")).containsEntry("storage.target", "(egret.storage.type=duckdb)");
    }

    @Test
    void clickHouseFlagsMakeItsConfigurationAndNoDuckDbOne() {
        Map<String, Map<String, Object>> c = configurations(Map.of("EGRET_CLICKHOUSE_PASSWORD", "s3cret",
                "EGRET_CLICKHOUSE_USER", "egret"), "--storage", "clickhouse", "--clickhouse-url",
                "http://10.0.0.5:8123", "--clickhouse-database", "fleet", "--no-retention", "--pcap-file",
                capture.toString());
        assertThat(c).doesNotContainKey("egret.storage.duckdb");
        assertThat(c.get("egret.storage.clickhouse")).containsEntry("url", "http://10.0.0.5:8123")
                .containsEntry("database", "fleet").containsEntry("user", "egret").containsEntry(".password", "s3cret").doesNotContainKey("password")
                .containsEntry("retention_enabled", false);
        assertThat(c.get("egret.pipeline~cli")).containsEntry("storage.backend", "clickhouse");
        assertThat(c.get("org.egret.console.api")).containsEntry("storage.target", "(egret.storage.type=clickhouse)");
        assertThat(c.get("org.egret.console.metrics"))
                .containsEntry("storage.target", "(egret.storage.type=clickhouse)");
    }

    @Test
    void retentionDaysGoToTheChosenBackend() {
        Map<String, Map<String, Object>> duck = configurations("--db", dir.resolve("e.duckdb").toString(),
                "--retention-days", "14", "--body-retention-days", "3");
        assertThat(duck.get("egret.storage.duckdb")).containsEntry("retention_days", 14)
                .containsEntry("retention_body_days", 3);
        Map<String, Map<String, Object>> click = configurations("--storage", "clickhouse", "--retention-days", "60");
        assertThat(click.get("egret.storage.clickhouse")).containsEntry("retention_days", 60)
                .doesNotContainKey("url").doesNotContainKey("password").doesNotContainKey(".password");
    }

    @Test
    void aConfigFileChoosingClickHouseIsFollowedAndTheFlagWinsOverIt() throws Exception {
        Path file = Files.writeString(dir.resolve("egret.json"), """
                { "egret.pipeline~lab": { "sources": ["pcap-file:/data/a.pcap"], "storage.backend": "clickhouse" },
                  "egret.storage.clickhouse": { "url": "http://ch:8123", "password": "from-file" },
                  "org.egret.console.api": { "storage.target": "(egret.storage.type=clickhouse)" } }
                """);
        Map<String, Map<String, Object>> c = configurations("-c", file.toString());
        assertThat(c).doesNotContainKey("egret.storage.duckdb");
        assertThat(c.get("egret.storage.clickhouse")).containsEntry("url", "http://ch:8123")
                .containsEntry(".password", "from-file").doesNotContainKey("password");
        assertThat(c.get("org.egret.console.metrics"))
                .containsEntry("storage.target", "(egret.storage.type=clickhouse)");

        Map<String, Map<String, Object>> flag = configurations("-c", file.toString(), "--storage", "duckdb", "--db",
                dir.resolve("e.duckdb").toString());
        assertThat(flag.get("egret.pipeline~lab")).containsEntry("storage.backend", "duckdb");
        assertThat(flag).containsKey("egret.storage.duckdb");
        assertThat(flag.get("org.egret.console.metrics")).containsEntry("storage.target", "(egret.storage.type=duckdb)");
        // a console filter the file sets itself is the user's: kept
        assertThat(flag.get("org.egret.console.api"))
                .containsEntry("storage.target", "(egret.storage.type=clickhouse)");
    }

    @Test
    void wrongStorageFlagsAreNamed() {
        assertThatThrownBy(() -> configurations("--storage", "mysql")).isInstanceOf(UserError.class)
                .hasMessage("--storage must be duckdb or clickhouse, not 'mysql'");
        assertThatThrownBy(() -> configurations("--clickhouse-url", "http://ch:8123"))
                .hasMessage("--clickhouse-url needs --storage clickhouse");
        assertThatThrownBy(() -> configurations("--storage", "clickhouse", "--db", "x.duckdb"))
                .hasMessageContaining("--db is the DuckDB file");
        assertThatThrownBy(() -> configurations("--storage", "clickhouse", "--clickhouse-url",
                "http://default:pw@ch:8123")).hasMessageContaining("must not carry a user or password");
        assertThatThrownBy(() -> configurations("--storage", "clickhouse", "--clickhouse-url", "ch:8123"))
                .hasMessageContaining("must be an http:// or https:// URL");
        assertThatThrownBy(() -> configurations("--storage", "clickhouse", "--clickhouse-database", "a-b;drop"))
                .hasMessageContaining("must be letters, digits and '_'");
        assertThatThrownBy(() -> configurations("--retention-days", "0")).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> configurations("--no-retention", "--body-retention-days", "3"))
                .hasMessageContaining("cannot be combined with --body-retention-days");
    }

    @Test
    void aWrongValueIsOneLineAndANonZeroExit() {
        StringWriter out = new StringWriter();
        int code = Main.execute(new String[] {"--home", dir.toString(), "--port", Integer.toString(port),
            "--storage", "mysql"}, new PrintWriter(out, true));
        assertThat(code).isEqualTo(2);
        assertThat(out.toString()).isEqualTo("egret: --storage must be duckdb or clickhouse, not 'mysql'"
                + System.lineSeparator());

        StringWriter typo = new StringWriter();
        assertThat(Main.execute(new String[] {"--retention-days", "ten"}, new PrintWriter(typo, true))).isEqualTo(2);
        assertThat(typo.toString().lines()).singleElement().asString().startsWith("egret: ")
                .contains("--retention-days").endsWith("(see egret --help)");
    }

    @Test
    void helpListsTheStorageFlags() {
        StringWriter out = new StringWriter();
        new CommandLine(new EgretCommand()).usage(new PrintWriter(out, true));
        assertThat(out.toString()).contains("--storage", "--clickhouse-url", "--clickhouse-database",
                "--retention-days", "--body-retention-days", "EGRET_CLICKHOUSE_PASSWORD");
    }
}
