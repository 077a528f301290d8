package org.egret.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web console in a real browser: the built appliance replays the hostile-content capture and two Anthropic
 * captures into a DuckDB file, then Debian's headless Chromium, driven by playwright-core
 * (src/test/browser/console-checks.mjs), walks every page. Each check the driver reports is a test of its own:
 * every route loads with data and no console error, the drill-down links, a global filter and its URL, the theme
 * toggle, the phone layout, and captured markup shown as text but never run. Screenshots of every page in every
 * theme go to target/console-screenshots/&lt;theme&gt;/&lt;page&gt;.png.
 * <p>
 * Needs node and npm (the driver's playwright-core is installed here with {@code npm ci} from its lock file) and
 * Chromium at /usr/bin/chromium (or {@code -Degret.chromium=…}); run-tests installs both. Without them the test
 * fails, it never skips.
 */
class ConsoleBrowserIT {
    /** The payloads of testdata/pcaps/generator/hostile-content.mjs. */
    private static final String SCRIPT = "<script>alert(1)</script>";
    private static final String IMG = "<img src=x onerror=alert(2)>";
    private static final String SVG = "\"><svg onload=alert(3)>";
    private static final String HOSTILE_MODEL = "gpt-4o-mini" + SCRIPT + IMG + SVG;
    private static final String PIPELINE = "browser";
    private static final long DRIVER_TIMEOUT_S = 900;

    @TempDir
    Path work;

    @TestFactory
    Stream<DynamicTest> theConsoleInHeadlessChromium() throws Exception {
        Path chromium = Path.of(System.getProperty("egret.chromium", "/usr/bin/chromium"));
        if (!Files.isExecutable(chromium)) {
            throw new AssertionError("Chromium is not installed at " + chromium + ": the console's browser tests need"
                    + " it (apt-get install chromium; run-tests installs it), or point -Degret.chromium at one");
        }
        Path driver = installDriver();
        Path shots = Path.of(System.getProperty("egret.screenshots", "target/console-screenshots")).toAbsolutePath();
        deleteTree(shots);

        Path db = work.resolve("console.duckdb");
        List<String> sources = new ArrayList<>();
        for (String capture : List.of("openai-chat-hostile-content.pcap", "anthropic-agent-loop.pcap",
                "anthropic-errors.pcap")) {
            sources.add("\"pcap-file:" + EgretProcess.testdata().resolve(capture) + "\"");
        }
        Path config = Files.writeString(work.resolve("egret.json"), """
                { "egret.pipeline~%s": { "sources": [%s], "workers": 1 },
                  "egret.storage.duckdb": { "path": "%s", "retention_enabled": false } }
                """.formatted(PIPELINE, String.join(", ", sources), db));
        List<JsonNode> checks = new ArrayList<>();
        String driverLog;
        int exit;
        try (EgretProcess egret = EgretProcess.start(work, EgretProcess.freePort(), "-c", config.toString())) {
            egret.awaitApi();
            egret.awaitOutput("pipeline " + PIPELINE + " drained", 120);
            Path facts = Files.writeString(work.resolve("facts.json"), facts(egret, chromium).toString());
            Path out = work.resolve("driver.out");
            Path err = work.resolve("driver.err");
            Process p = new ProcessBuilder("node", driver.toString(), "http://127.0.0.1:" + egret.port,
                    shots.toString(), facts.toString()).directory(driver.getParent().toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(DRIVER_TIMEOUT_S, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("the browser driver did not finish within " + DRIVER_TIMEOUT_S + " s:\n"
                        + Files.readString(out) + Files.readString(err));
            }
            exit = p.exitValue();
            driverLog = Files.readString(err);
            for (String line : Files.readAllLines(out)) {
                if (line.startsWith("{")) {
                    checks.add(EgretProcess.JSON.readTree(line));
                }
            }
            assertThat(egret.process.isAlive()).as("the appliance outlived the browser:\n%s", egret.output()).isTrue();
        }
        boolean done = checks.stream().anyMatch(c -> c.path("done").asBoolean());
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : checks) {
            if (c.has("name")) {
                tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> assertThat(c.get("ok").asBoolean())
                        .as("%s: %s", c.get("name").asText(), c.get("detail").asText()).isTrue()));
            }
        }
        final int code = exit;
        final String log = driverLog;
        tests.add(DynamicTest.dynamicTest("the browser driver ran every check", () -> {
            assertThat(code).as("driver exit code; its stderr:\n%s", log).isZero();
            assertThat(done).as("the driver's last line {\"done\":true}; its stderr:\n%s", log).isTrue();
        }));
        return tests.stream();
    }

    /**
     * What the driver needs to know of the stored data, read from the API: the hostile turn, its calls and
     * exchange, the session; each must carry the payloads, so the browser checks test what the capture holds.
     */
    private static ObjectNode facts(EgretProcess egret, Path chromium) throws Exception {
        ObjectNode f = EgretProcess.JSON.createObjectNode();
        f.put("chromium", chromium.toString());
        f.put("pipeline", PIPELINE);
        f.put("wire_api", "openai-chat");
        f.putObject("payloads").put("script", SCRIPT).put("img", IMG).put("svg", SVG);
        JsonNode turns = egret.data("/api/traces?page_size=200&sort_by=start_time&sort_order=asc").get("items");
        JsonNode turn = null;
        for (JsonNode t : turns) {
            JsonNode detail = egret.data("/api/traces/" + enc(t.get("turn_id").asText()));
            if (detail.path("user_input").asText().contains(SCRIPT)) {
                turn = detail; // the first: the parallel tool calls
                break;
            }
        }
        assertThat(turn).as("a stored turn whose prompt holds %s", SCRIPT).isNotNull();
        List<JsonNode> calls = new ArrayList<>();
        for (JsonNode id : turn.get("span_ids")) {
            calls.add(egret.data("/api/spans/" + enc(id.asText())));
        }
        calls.sort(Comparator.comparingLong(c -> c.get("request_time").asLong()));
        assertThat(calls).as("calls of the hostile turn").hasSize(2);
        JsonNode toolCall = calls.get(0);
        JsonNode toolResult = calls.get(1);
        assertThat(toolCall.get("tool_calls").toString()).as("tool-call arguments").contains("<script>alert(1)");
        assertThat(toolResult.get("request_body").asText()).as("tool result sent back").contains("<!doctype html>");
        // request_headers is itself JSON text ([[name, value], …]), its markup escaped
        assertThat(EgretProcess.JSON.readTree(toolCall.get("request_headers").asText()).toString())
                .as("request headers").contains("[\"x-request-id\",\"" + SCRIPT + " " + IMG);

        JsonNode modelCalls = egret.data("/api/spans?page_size=200&model=" + enc(HOSTILE_MODEL));
        assertThat(modelCalls.get("total").asInt()).as("calls served under the markup model name").isEqualTo(3);

        ObjectNode h = f.putObject("hostile");
        h.put("session_id", turn.get("session_id").asText());
        h.put("turn_id", turn.get("turn_id").asText());
        h.put("prompt", turn.get("user_input").asText());
        h.put("call_id", toolCall.get("id").asText());
        h.put("exchange_id", toolCall.get("exchange_id").asText());
        h.put("tool_result_call_id", toolResult.get("id").asText());
        h.put("model_call_id", modelCalls.get("items").get(0).get("id").asText());
        h.put("model", HOSTILE_MODEL);
        h.put("model_calls", 3);
        h.put("tool_path", "docs/" + SCRIPT + ".html");
        h.put("tool_result_fragment", "<!doctype html><html><head>" + SCRIPT + "</head><body>" + IMG);
        h.put("header", SCRIPT + " " + IMG + " " + SVG);
        return f;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * Copies the driver and its package files to target/console-browser and installs its locked playwright-core
     * there (npm ci; skipped when the locked version is already installed). Returns the driver script.
     */
    private static Path installDriver() throws Exception {
        Path src = Path.of(System.getProperty("egret.browser.src", "src/test/browser")).toAbsolutePath();
        Path dir = Path.of(System.getProperty("egret.browser.dir", "target/console-browser")).toAbsolutePath();
        Files.createDirectories(dir);
        for (String f : List.of("package.json", "package-lock.json", ".npmrc", "console-checks.mjs")) {
            Files.copy(src.resolve(f), dir.resolve(f), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        String locked = EgretProcess.JSON.readTree(dir.resolve("package-lock.json").toFile())
                .at("/packages/node_modules~1playwright-core/version").asText();
        assertThat(locked).as("playwright-core pinned in package-lock.json").isNotEmpty();
        Path installed = dir.resolve("node_modules/playwright-core/package.json");
        if (!Files.exists(installed)
                || !locked.equals(EgretProcess.JSON.readTree(installed.toFile()).path("version").asText())) {
            Path log = dir.resolve("npm-ci.log");
            Process npm;
            try {
                npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error")
                        .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            } catch (IOException e) {
                throw new AssertionError("npm is not installed: the console's browser tests install playwright-core"
                        + " with it (apt-get install nodejs npm; run-tests installs them)", e);
            }
            if (!npm.waitFor(300, TimeUnit.SECONDS) || npm.exitValue() != 0) {
                npm.destroyForcibly();
                throw new AssertionError("npm ci of the browser driver failed:\n" + Files.readString(log));
            }
        }
        return dir.resolve("console-checks.mjs");
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
