package org.egret.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/** Runs the JMH netstack benchmarks and prints their results as MB/s and packets/s per core. */
public final class NetstackBenchmarkMain {
    private NetstackBenchmarkMain() {
    }

    public static void main(String[] args) throws Exception {
        int mb = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        Path probe = Files.createTempFile("egret-jmh-size-", ".pcap");
        SyntheticCaptureWriter.write(probe, (long) mb << 20, 64, 7);
        CaptureFrames frames = CaptureFrames.load(probe);
        Files.delete(probe);
        Options opt = new OptionsBuilder().include(NetstackBenchmark.class.getSimpleName())
                .param("captureMb", Integer.toString(mb)).warmupIterations(3).measurementIterations(5).forks(1)
                .jvmArgs("-Xmx2g").build();
        for (RunResult r : new Runner(opt).run()) {
            double ms = r.getPrimaryResult().getScore();
            double err = r.getPrimaryResult().getScoreError();
            String name = r.getParams().getBenchmark().replaceAll(".*\\.", "");
            System.out.printf("%-20s %8.1f ± %.1f ms per %d MB capture = %7.0f MB/s, %,.0f packets/s on one core%n",
                    name, ms, err, mb, frames.frameBytes / 1e6 / (ms / 1000), frames.count / (ms / 1000));
        }
    }
}
