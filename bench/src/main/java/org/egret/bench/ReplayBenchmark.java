package org.egret.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * End-to-end replay benchmark: the built appliance replays a large synthetic capture into a fresh DuckDB file with
 * --exit-after-drain, while this process samples its resident memory. Prints MB/s, packets/s, calls/s and peak RSS
 * of the replay itself (from "pipeline started" to "drained", so JVM and framework start-up are not counted), then
 * the CPU time of the whole process by thread group (workers, storage writer, JIT compilers, GC, ...).
 * <pre>--egret DIST/bin/egret [--size-mb 1024] [--concurrency 256] [--work DIR] [--java-opts "-Xmx1g ..."]</pre>
 * Without {@code --java-opts} the appliance runs with bin/egret's defaults.
 */
public final class ReplayBenchmark {
    private static final Pattern STARTED = Pattern.compile("^(\\d\\d:\\d\\d:\\d\\d\\.\\d{3}) .*pipeline cli started");
    private static final Pattern DRAINED = Pattern.compile(
            "^(\\d\\d:\\d\\d:\\d\\d\\.\\d{3}) .*pipeline cli drained: (\\d+) packets, (\\d+) HTTP exchanges, (\\d+) LLM calls");

    private ReplayBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path egret = null;
        long sizeMb = 1024;
        int concurrency = 256;
        Path work = Path.of(System.getProperty("java.io.tmpdir"), "egret-replay-bench");
        String javaOpts = null; // bin/egret's own defaults
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--egret" -> egret = Path.of(args[i + 1]);
                case "--size-mb" -> sizeMb = Long.parseLong(args[i + 1]);
                case "--concurrency" -> concurrency = Integer.parseInt(args[i + 1]);
                case "--work" -> work = Path.of(args[i + 1]);
                case "--java-opts" -> javaOpts = args[i + 1];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (egret == null || !Files.isExecutable(egret)) {
            throw new IllegalArgumentException("--egret must point to the built bin/egret");
        }
        Files.createDirectories(work);
        Path capture = work.resolve("replay-" + sizeMb + "mb-c" + concurrency + ".pcap");
        if (!Files.exists(capture)) {
            System.out.printf("writing %d MB synthetic capture with %d concurrent streaming calls...%n", sizeMb, concurrency);
            SyntheticCaptureWriter.write(capture, sizeMb << 20, concurrency, 42);
        }
        Path db = work.resolve("replay.duckdb");
        Files.deleteIfExists(db);
        Files.deleteIfExists(work.resolve("replay.duckdb.wal"));
        Path log = work.resolve("replay.log");
        ProcessBuilder pb = new ProcessBuilder(egret.toString(), "--pcap-file", capture.toString(), "--no-retention",
                "--exit-after-drain", "--db", db.toString(), "--port", "39123")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        if (javaOpts != null) {
            pb.environment().put("EGRET_JAVA_OPTS", javaOpts);
        }
        Process p = pb.start();
        long peakRssKb = 0;
        ThreadCpuSampler cpu = new ThreadCpuSampler(p.pid());
        while (p.isAlive()) {
            peakRssKb = Math.max(peakRssKb, rssKb(p.pid()));
            cpu.sample();
            Thread.sleep(100);
        }
        List<String> lines = Files.readAllLines(log);
        if (p.exitValue() != 0) {
            System.out.println(String.join("\n", lines));
            throw new IllegalStateException("egret exited with " + p.exitValue());
        }
        LocalTime start = null;
        Matcher drained = null;
        for (String line : lines) {
            Matcher m = STARTED.matcher(line);
            if (m.find()) {
                start = LocalTime.parse(m.group(1));
            }
            Matcher d = DRAINED.matcher(line);
            if (d.find()) {
                drained = d;
            }
        }
        if (start == null || drained == null) {
            throw new IllegalStateException("no start/drain lines in " + log);
        }
        double seconds = (LocalTime.parse(drained.group(1)).toNanoOfDay() - start.toNanoOfDay()) / 1e9;
        long bytes = Files.size(capture);
        long packets = Long.parseLong(drained.group(2));
        long calls = Long.parseLong(drained.group(4));
        System.out.printf("replayed %.0f MB (%,d packets, %,d LLM calls) in %.1f s with %s: %.0f MB/s, %,.0f packets/s, "
                        + "%,.0f calls/s, peak RSS %.0f MB, database %.0f MB%n",
                bytes / 1e6, packets, calls, seconds, javaOpts == null ? "bin/egret's JVM options" : javaOpts,
                bytes / 1e6 / seconds, packets / seconds,
                calls / seconds, peakRssKb / 1024.0, Files.size(db) / 1e6);
        // the whole process, start-up and shutdown included: where the cores went
        System.out.println(cpu.summary());
    }

    private static long rssKb(long pid) {
        try {
            List<String> status = new ArrayList<>(Files.readAllLines(Path.of("/proc/" + pid + "/status")));
            for (String s : status) {
                if (s.startsWith("VmHWM:")) {
                    return Long.parseLong(s.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // the process just ended
        }
        return 0;
    }
}
