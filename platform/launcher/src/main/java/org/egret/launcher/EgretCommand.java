package org.egret.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.osgi.framework.BundleException;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;

@Command(name = "egret", mixinStandardHelpOptions = true, versionProvider = EgretCommand.Version.class,
        sortOptions = false,
        description = "Passive observability for AI agents: rebuilds LLM calls from captured traffic, stores them "
                + "and serves a console and REST API (http://127.0.0.1:3000 by default).")
final class EgretCommand implements Callable<Integer> {

    @Option(names = "--pcap-file", paramLabel = "FILE", description = "Replay a pcap or pcapng capture.")
    String pcapFile;

    @Option(names = {"-i", "--interface"}, paramLabel = "NAME", description = "Capture live from a network interface.")
    String iface;

    @Option(names = "--bpf-filter", paramLabel = "EXPR", description = "Capture filter for -i.")
    String bpfFilter;

    @Option(names = "--snaplen", paramLabel = "N", description = "Bytes captured per packet with -i (default ${DEFAULT-VALUE}).")
    int snaplen = 262_144;

    @Option(names = "--no-retention", description = "Never delete old data (needed to keep a replayed, old capture).")
    boolean noRetention;

    @Option(names = "--exit-after-drain", description = "Exit once every source has ended and everything is stored.")
    boolean exitAfterDrain;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Configuration file (JSON, PID → properties, as the OSGi Configurator reads).")
    Path config;

    @Option(names = "--port", paramLabel = "PORT", description = "Console and API port (default ${DEFAULT-VALUE}).")
    int port = 3000;

    @Option(names = "--bind", paramLabel = "ADDR", description = "Console and API address (default ${DEFAULT-VALUE}).")
    String bind = "127.0.0.1";

    @Option(names = "--token-file", paramLabel = "FILE", description = "Access token the API and console require "
            + "(one line, at least 16 characters; chmod 600). Else EGRET_API_TOKEN, else the config file's "
            + "org.egret.console.access. Required with a --bind beyond loopback.")
    Path tokenFile;

    @Option(names = "--db", paramLabel = "FILE",
            description = "DuckDB database file (default: the config file's, else ./egret.duckdb).")
    String db;

    @Option(names = "--storage", paramLabel = "BACKEND",
            description = "Storage backend: duckdb (an embedded file, the default) or clickhouse (a server).")
    String storage;

    @Option(names = "--clickhouse-url", paramLabel = "URL", description = "ClickHouse HTTP endpoint with "
            + "--storage clickhouse (default http://127.0.0.1:8123). User and password come from the config file or "
            + "EGRET_CLICKHOUSE_USER / EGRET_CLICKHOUSE_PASSWORD, never from the command line.")
    String clickhouseUrl;

    @Option(names = "--clickhouse-database", paramLabel = "NAME",
            description = "ClickHouse database with --storage clickhouse (default egret).")
    String clickhouseDatabase;

    @Option(names = "--retention-days", paramLabel = "N",
            description = "Days calls and turns are kept (default 30).")
    Integer retentionDays;

    @Option(names = "--body-retention-days", paramLabel = "N",
            description = "Days raw exchanges and bodies are kept (default 7).")
    Integer bodyRetentionDays;

    @Option(names = "--workers", paramLabel = "N", description = "Worker threads per pipeline (default: cores - 1).")
    int workers;

    @Option(names = "--home", hidden = true, description = "Installation directory (set by bin/egret).")
    Path home;

    private final PrintStream err = System.err;
    /** Where the ClickHouse credentials and the access token come from; a test gives its own. */
    Map<String, String> environment = System.getenv();
    /** The installation whose conf/ is watched; set once found, or by a test. */
    Path installationDir;
    /** Where the access token came from, for the start line; null: no token. */
    private String accessSource;

    static final String DUCKDB_PID = "egret.storage.duckdb";
    static final String CLICKHOUSE_PID = "egret.storage.clickhouse";
    /** The console's components that read from storage: they must read the backend the pipelines write. */
    static final List<String> CONSOLE_PIDS = List.of("org.egret.console.api", "org.egret.console.metrics");

    /** SPI Fly reports each provider it wires through java.util.logging; held so the level sticks. */
    private static final java.util.logging.Logger SPIFLY = java.util.logging.Logger.getLogger("org.apache.aries.spifly");

    @Override
    public Integer call() throws Exception {
        if (pcapFile != null && iface != null) {
            throw new UserError("--pcap-file and -i cannot be used together");
        }
        if (iface != null) {
            throw new UserError("live capture (-i " + iface + ") is not available in this version yet; "
                    + "replay a capture with --pcap-file");
        }
        if (bpfFilter != null) {
            throw new UserError("--bpf-filter needs -i");
        }
        Path installation = installation();
        installationDir = installation;
        Map<String, Map<String, Object>> configs = configurations();
        boolean replay = configs.keySet().stream().anyMatch(pid -> pid.startsWith("egret.pipeline~"));
        if (exitAfterDrain && !replay) {
            throw new UserError("--exit-after-drain needs something to drain: --pcap-file or a config with a pipeline");
        }
        return run(installation, configs);
    }

    /**
     * The configurations the flags and the config file make, checked: the flags win over the file. Exactly one
     * storage backend is configured by the launcher, and the pipelines and the console all use that one.
     */
    Map<String, Map<String, Object>> configurations() {
        Map<String, Map<String, Object>> configs = new LinkedHashMap<>();
        if (config != null) {
            configs.putAll(ConfigFile.read(config));
        }
        Path capture = pcapFile == null ? null : Preflight.captureFile(pcapFile);
        String backend = backend(configs);
        Map<String, Object> storageConfig;
        if (backend.equals("duckdb")) {
            if (clickhouseUrl != null || clickhouseDatabase != null) {
                throw new UserError((clickhouseUrl != null ? "--clickhouse-url" : "--clickhouse-database")
                        + " needs --storage clickhouse");
            }
            storageConfig = configs.computeIfAbsent(DUCKDB_PID, k -> new LinkedHashMap<>());
            // --db wins over a config file's path; the path actually used is the one checked
            Object configured = storageConfig.get("path");
            String dbPath = db != null ? db : configured != null ? configured.toString() : "./egret.duckdb";
            storageConfig.put("path", Preflight.databasePath(dbPath).toString());
        } else {
            if (db != null) {
                throw new UserError("--db is the DuckDB file; with --storage clickhouse give --clickhouse-url");
            }
            storageConfig = configs.computeIfAbsent(CLICKHOUSE_PID, k -> new LinkedHashMap<>());
            if (clickhouseUrl != null) {
                storageConfig.put("url", Preflight.clickhouseUrl(clickhouseUrl));
            }
            if (clickhouseDatabase != null) {
                storageConfig.put("database", Preflight.clickhouseDatabase(clickhouseDatabase));
            }
            String user = environment.get("EGRET_CLICKHOUSE_USER");
            if (user != null && !user.isEmpty()) {
                storageConfig.put("user", user);
            }
            String password = environment.get("EGRET_CLICKHOUSE_PASSWORD");
            if (password != null && !password.isEmpty()) {
                storageConfig.put("password", password);
            }
            // a dot-prefixed property stays in Config Admin: DS never publishes it on the service registry
            Object secret = storageConfig.remove("password");
            if (secret != null) {
                storageConfig.put(".password", secret);
            }
        }
        // before the port is tried: a bind beyond loopback without a token never opens a socket
        Path home = installationDir != null ? installationDir : this.home;
        ApiAccess.Resolved access = ApiAccess.resolve(tokenFile, environment, configs.remove(ApiAccess.PID),
                home == null ? null : home.resolve("conf"), bind, err);
        configs.put(ApiAccess.PID, access.config());
        accessSource = access.source();
        Preflight.portFree(bind, port);
        if (capture != null) {
            // like Heron: a capture on the command line replaces the pipelines of a config file
            configs.keySet().removeIf(pid -> pid.startsWith("egret.pipeline~"));
            Map<String, Object> pipeline = new LinkedHashMap<>();
            pipeline.put("name", "cli");
            pipeline.put("sources", new String[] {"pcap-file:" + capture});
            if (workers > 0) {
                pipeline.put("workers", workers);
            }
            pipeline.put("storage.backend", backend);
            configs.put("egret.pipeline~cli", pipeline);
        }
        if (storage != null) {
            // the flag wins over what a config file's pipelines say, as --db wins over its path
            configs.forEach((pid, props) -> {
                if (pid.startsWith("egret.pipeline~")) {
                    props.put("storage.backend", backend);
                }
            });
        }
        for (String pid : CONSOLE_PIDS) {
            configs.computeIfAbsent(pid, k -> new LinkedHashMap<>())
                    .putIfAbsent("storage.target", "(egret.storage.type=" + backend + ")");
        }
        if (noRetention) {
            if (retentionDays != null || bodyRetentionDays != null) {
                throw new UserError("--no-retention keeps everything: it cannot be combined with "
                        + (retentionDays != null ? "--retention-days" : "--body-retention-days"));
            }
            storageConfig.put("retention_enabled", false);
        }
        if (retentionDays != null) {
            storageConfig.put("retention_days", Preflight.days("--retention-days", retentionDays));
        }
        if (bodyRetentionDays != null) {
            storageConfig.put("retention_body_days", Preflight.days("--body-retention-days", bodyRetentionDays));
        }
        return configs;
    }

    /**
     * The storage backend: --storage, else what the config file's pipelines name, else ClickHouse when the file
     * configures only ClickHouse, else DuckDB.
     */
    private String backend(Map<String, Map<String, Object>> configs) {
        if (storage != null) {
            return checkedBackend(storage, "--storage");
        }
        for (Map.Entry<String, Map<String, Object>> c : configs.entrySet()) {
            Object b = c.getValue().get("storage.backend");
            if (c.getKey().startsWith("egret.pipeline~") && b != null && !b.toString().isBlank()) {
                return checkedBackend(b.toString(), "config " + config + ": " + c.getKey() + " storage.backend");
            }
        }
        return configs.containsKey(CLICKHOUSE_PID) && !configs.containsKey(DUCKDB_PID) ? "clickhouse" : "duckdb";
    }

    private static String checkedBackend(String value, String where) {
        String b = value.trim().toLowerCase(java.util.Locale.ROOT);
        if (!b.equals("duckdb") && !b.equals("clickhouse")) {
            throw new UserError(where + " must be duckdb or clickhouse, not '" + value + "'");
        }
        return b;
    }

    private int run(Path installation, Map<String, Map<String, Object>> configs)
            throws IOException, BundleException, InterruptedException {
        SPIFLY.setLevel(java.util.logging.Level.WARNING);
        System.setProperty("logback.configurationFile", installation.resolve("conf/logback.xml").toString());
        Map<String, String> fw = new LinkedHashMap<>();
        fw.put("org.osgi.service.http.port", Integer.toString(port));
        fw.put("org.apache.felix.http.host", bind);
        fw.put("egret.version", version());
        fw.put("egret.start.millis", Long.toString(System.currentTimeMillis()));
        fw.put("egret.home", installation.toString());
        if (config != null) {
            // the console's /api/runtime-config names the file the configuration came from
            fw.put("egret.config.path", config.toAbsolutePath().normalize().toString());
        }
        long started = System.nanoTime();
        FelixRuntime runtime = FelixRuntime.start(installation, fw);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            runtime.close();
            stopped.countDown();
        }, "egret-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        Configurations admin = Configurations.await(runtime.context(), 20_000);
        Map<String, Object> conf = new LinkedHashMap<>();
        conf.put("felix.fileinstall.dir", installation.resolve("conf").toString());
        conf.put("felix.fileinstall.filter", ".*\\.(cfg|config)");
        conf.put("felix.fileinstall.poll", 1000);
        admin.put("org.apache.felix.fileinstall~conf", conf);
        for (Map.Entry<String, Map<String, Object>> c : configs.entrySet()) {
            admin.put(c.getKey(), c.getValue());
        }
        awaitStorage(runtime);
        err.println("egret " + version() + ": console and API on http://" + hostForUrl() + ":" + port
                + (accessSource == null ? "" : " (access token required, from " + accessSource + ")")
                + (configs.keySet().stream().anyMatch(p -> p.startsWith("egret.pipeline~")) ? "" : " (no pipeline configured)"));
        int code = watch(runtime, started);
        if (exitAfterDrain) {
            Runtime.getRuntime().removeShutdownHook(hook);
            runtime.close();
            return code;
        }
        stopped.await();
        return code;
    }

    /** Announces the API only once it can answer with data; a storage that does not start has logged why. */
    private void awaitStorage(FelixRuntime runtime) throws InterruptedException {
        PipelineWatcher watcher = new PipelineWatcher(runtime.context());
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!watcher.storageRegistered()) {
            if (System.nanoTime() > deadline) {
                err.println("egret: warning: the storage backend has not started within 30 s (see the log above)");
                return;
            }
            Thread.sleep(50);
        }
    }

    /** Follows the pipelines: progress on a terminal, one summary line per drained pipeline. */
    private int watch(FelixRuntime runtime, long started) throws InterruptedException {
        PipelineWatcher watcher = new PipelineWatcher(runtime.context());
        boolean tty = System.console() != null;
        ProgressTerminal terminal = new ProgressTerminal(err);
        if (tty) {
            System.setErr(terminal.others()); // logs go through it, so they never land on the progress line
        }
        long deadline = System.nanoTime() + 60_000_000_000L;
        long storageMissingSince = System.nanoTime();
        while (true) {
            // a pipeline waits for its storage backend as long as it takes; a run that must end does not
            if (watcher.storageRegistered()) {
                storageMissingSince = System.nanoTime();
            } else if (exitAfterDrain && System.nanoTime() - storageMissingSince > 60_000_000_000L) {
                terminal.endProgress();
                err.println("egret: no storage backend for 60 s (see the log above): the pipelines cannot store "
                        + "what they decode");
                return 1;
            }
            List<PipelineWatcher.Snapshot> all = watcher.snapshots();
            if (all.isEmpty()) {
                if (!exitAfterDrain) {
                    return 0; // API-only: nothing to follow
                }
                if (System.nanoTime() > deadline) {
                    err.println("egret: no pipeline started within 60 s"
                            + (watcher.storageRegistered() ? "" : ": the storage backend did not start (see the log above)"));
                    return 1;
                }
            } else {
                double elapsed = (System.nanoTime() - started) / 1e9;
                if (tty) {
                    terminal.progress(PipelineWatcher.progressLine(all.get(0), elapsed));
                }
                if (all.stream().allMatch(PipelineWatcher.Snapshot::finished)) {
                    terminal.endProgress();
                    int code = 0;
                    for (PipelineWatcher.Snapshot s : all) {
                        if ("FAILED".equals(s.state())) {
                            err.println("egret: pipeline " + s.name() + " failed: " + s.failure());
                            code = 1;
                        } else {
                            err.printf("egret: pipeline %s drained in %.1f s: %,d packets, %,d HTTP exchanges, "
                                    + "%,d LLM calls, %,d agent turns stored%n",
                                    s.name(), elapsed, s.packets(), s.exchanges(), s.calls(), s.turns());
                        }
                    }
                    return code;
                }
            }
            Thread.sleep(tty ? 250 : 100);
        }
    }

    private String hostForUrl() {
        return bind.contains(":") ? "[" + bind + "]" : bind;
    }

    private Path installation() {
        if (home != null) {
            return home.toAbsolutePath();
        }
        String prop = System.getProperty("egret.home");
        if (prop != null) {
            return Path.of(prop).toAbsolutePath();
        }
        try {
            Path jar = Path.of(EgretCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path h = jar.getParent().getParent();
            if (Files.isDirectory(h.resolve("bundle"))) {
                return h;
            }
        } catch (Exception e) {
            // fall through to the error below
        }
        throw new UserError("cannot find the installation (its bundle/ directory); run egret through bin/egret");
    }

    static String version() {
        try (InputStream in = EgretCommand.class.getResourceAsStream("/egret-version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("egret.version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"egret " + version(), "Java " + Runtime.version()};
        }
    }
}
