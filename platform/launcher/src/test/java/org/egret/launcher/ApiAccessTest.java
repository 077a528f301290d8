package org.egret.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Where the access token comes from, the bind check, and that only the token's hash is handed on. */
class ApiAccessTest {

    private static final String FILE_TOKEN = "token-from-the-file-0123456789";
    private static final String ENV_TOKEN = "token-from-the-environment-0123";

    @TempDir
    Path dir;

    private int port;
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    @BeforeEach
    void freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Files.createDirectories(dir.resolve("conf"));
    }

    private Path tokenFile(String text, String mode) throws Exception {
        Path f = dir.resolve("token");
        Files.writeString(f, text);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
        return f;
    }

    private Map<String, Map<String, Object>> configurations(Map<String, String> env, String... args) {
        EgretCommand cmd = new EgretCommand();
        List<String> all = new ArrayList<>(List.of("--port", Integer.toString(port), "--db",
                dir.resolve("e.duckdb").toString(), "--home", dir.toString()));
        all.addAll(List.of(args));
        new CommandLine(cmd).parseArgs(all.toArray(new String[0]));
        cmd.environment = env;
        return cmd.configurations();
    }

    private static void assertNoTokenIn(Map<String, Map<String, Object>> configs, String token) {
        assertThat(configs.toString()).doesNotContain(token);
    }

    @Test
    void theAccessConfigurationIsAlwaysWrittenEvenWithoutAToken() {
        Map<String, Map<String, Object>> c = configurations(Map.of());
        assertThat(c.get(ApiAccess.PID)).containsEntry("bind", "127.0.0.1").doesNotContainKey(".token_sha256");
    }

    @Test
    void theTokenFileWinsOverTheEnvironmentAndOnlyItsHashIsHandedOn() throws Exception {
        Path f = tokenFile(FILE_TOKEN + "\n", "rw-------");
        Map<String, Map<String, Object>> c = configurations(Map.of(ApiAccess.ENV, ENV_TOKEN),
                "--token-file", f.toString());
        assertThat(c.get(ApiAccess.PID)).containsEntry(".token_sha256",
                ApiAccess.sha256Hex(FILE_TOKEN, "test"));
        assertNoTokenIn(c, FILE_TOKEN);
        assertNoTokenIn(c, ENV_TOKEN);
    }

    @Test
    void theEnvironmentWinsOverTheConfigFile() throws Exception {
        Path config = Files.writeString(dir.resolve("egret.json"),
                "{\"org.egret.console.access\": {\"token\": \"token-of-the-config-file-0123\", \"session_hours\": 2}}");
        Map<String, Map<String, Object>> c = configurations(Map.of(ApiAccess.ENV, ENV_TOKEN), "-c", config.toString());
        assertThat(c.get(ApiAccess.PID)).containsEntry(".token_sha256", ApiAccess.sha256Hex(ENV_TOKEN, "test"))
                .containsEntry("session_hours", 2).doesNotContainKeys("token", ".token");
        assertNoTokenIn(c, ENV_TOKEN);
    }

    @Test
    void aConfigFileTokenIsHashedBeforeConfigAdminSeesIt() throws Exception {
        String token = "token-of-the-config-file-0123";
        Path config = Files.writeString(dir.resolve("egret.json"),
                "{\"org.egret.console.access\": {\".token\": \"" + token + "\"}}");
        Map<String, Map<String, Object>> c = configurations(Map.of(), "-c", config.toString(), "--bind", "0.0.0.0");
        assertThat(c.get(ApiAccess.PID)).containsEntry(".token_sha256", ApiAccess.sha256Hex(token, "test"))
                .containsEntry("bind", "0.0.0.0");
        assertNoTokenIn(c, token);
    }

    @Test
    void beyondLoopbackWithoutATokenIsRefused() {
        assertThatThrownBy(() -> configurations(Map.of(), "--bind", "0.0.0.0")).isInstanceOf(UserError.class)
                .hasMessage("--bind 0.0.0.0 is beyond loopback: the API then needs an access token "
                        + "(--token-file FILE or EGRET_API_TOKEN)");
        assertThat(configurations(Map.of(ApiAccess.ENV, ENV_TOKEN), "--bind", "0.0.0.0").get(ApiAccess.PID))
                .containsKey(".token_sha256");
        assertThat(configurations(Map.of(), "--bind", "localhost").get(ApiAccess.PID))
                .doesNotContainKey(".token_sha256");
    }

    @Test
    void aBindBeyondLoopbackWithoutATokenExits2WithOneLine() {
        StringWriter out = new StringWriter();
        int code = Main.execute(new String[] {"--home", dir.toString(), "--port", Integer.toString(port), "--bind",
            "0.0.0.0"}, new PrintWriter(out, true));
        assertThat(code).isEqualTo(2);
        assertThat(out.toString().lines()).singleElement().asString()
                .startsWith("egret: --bind 0.0.0.0 is beyond loopback");
    }

    @Test
    void tokenFileMistakesAreNamed() throws Exception {
        assertThatThrownBy(() -> configurations(Map.of(), "--token-file", dir.resolve("none").toString()))
                .hasMessageStartingWith("token file not found: ");
        Path empty = tokenFile(" \n", "rw-------");
        assertThatThrownBy(() -> configurations(Map.of(), "--token-file", empty.toString()))
                .hasMessageEndingWith(" is empty");
        Path twoLines = tokenFile(FILE_TOKEN + "\n" + FILE_TOKEN, "rw-------");
        assertThatThrownBy(() -> configurations(Map.of(), "--token-file", twoLines.toString()))
                .hasMessageEndingWith("must hold the token on one line");
        Path shortToken = tokenFile("hunter2", "rw-------");
        assertThatThrownBy(() -> configurations(Map.of(), "--token-file", shortToken.toString()))
                .hasMessageContaining("at least 16 characters").hasMessageNotContaining("hunter2");
    }

    @Test
    void aWorldReadableTokenFileIsWarnedAbout() throws Exception {
        Path f = tokenFile(FILE_TOKEN, "rw-r--r--");
        ApiAccess.resolve(f, Map.of(), null, null, "127.0.0.1", err);
        assertThat(errBytes.toString(StandardCharsets.UTF_8)).contains("warning: token file " + f
                + " is readable by every user").doesNotContain(FILE_TOKEN);
        errBytes.reset();
        ApiAccess.resolve(tokenFile(FILE_TOKEN, "rw-r-----"), Map.of(), null, null, "127.0.0.1", err);
        assertThat(errBytes.size()).isZero();
    }

    @Test
    void theWatchedConfFileMaySetTheTokenButNotAnotherOne() throws Exception {
        Path cfg = dir.resolve("conf").resolve(ApiAccess.PID + ".cfg");
        Files.writeString(cfg, ".token=" + FILE_TOKEN + "\n");
        ApiAccess.Resolved r = ApiAccess.resolve(null, Map.of(), null, dir.resolve("conf"), "0.0.0.0", err);
        assertThat(r.config()).containsEntry(".token_sha256", ApiAccess.sha256Hex(FILE_TOKEN, "test"));
        assertThat(r.source()).isEqualTo(ApiAccess.PID + ".cfg");
        // the same token twice is fine; another one would be applied by FileInstall behind the flag's back
        assertThat(ApiAccess.resolve(tokenFile(FILE_TOKEN, "rw-------"), Map.of(), null, dir.resolve("conf"),
                "127.0.0.1", err).source()).isEqualTo("--token-file");
        assertThatThrownBy(() -> ApiAccess.resolve(null, Map.of(ApiAccess.ENV, ENV_TOKEN), null, dir.resolve("conf"),
                "127.0.0.1", err)).hasMessageContaining("sets another access token than EGRET_API_TOKEN");
        Files.writeString(cfg, "token=" + FILE_TOKEN + "\n");
        assertThatThrownBy(() -> ApiAccess.resolve(null, Map.of(), null, dir.resolve("conf"), "127.0.0.1", err))
                .hasMessageContaining("name the property .token (with the leading dot)");
        Files.writeString(cfg, ".token_sha256=abc\n");
        assertThatThrownBy(() -> ApiAccess.resolve(null, Map.of(), null, dir.resolve("conf"), "127.0.0.1", err))
                .hasMessageContaining("64 hexadecimal digits");
    }

    @Test
    void helpNamesTheTokenFlag() {
        StringWriter out = new StringWriter();
        new CommandLine(new EgretCommand()).usage(new PrintWriter(out, true));
        assertThat(out.toString()).contains("--token-file", "EGRET_API_TOKEN");
    }
}
