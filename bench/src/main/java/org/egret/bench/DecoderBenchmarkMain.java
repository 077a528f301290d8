package org.egret.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.egret.api.http.HttpExchange;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/** Runs the JMH decoder benchmark and prints time per call and per streamed event on one core. */
public final class DecoderBenchmarkMain {
    private DecoderBenchmarkMain() {
    }

    public static void main(String[] args) throws Exception {
        int mb = args.length > 0 ? Integer.parseInt(args[0]) : 32;
        Path probe = Files.createTempFile("egret-jmh-size-", ".pcap");
        SyntheticCaptureWriter.write(probe, (long) mb << 20, 64, 7);
        List<HttpExchange> exchanges = DecoderBenchmark.exchangesOf(CaptureFrames.load(probe));
        Files.delete(probe);
        long events = exchanges.stream().mapToLong(x -> x.response() == null ? 0 : x.response().events().size())
                .sum();
        Options opt = new OptionsBuilder().include(DecoderBenchmark.class.getSimpleName())
                .param("captureMb", Integer.toString(mb)).warmupIterations(5).measurementIterations(5).forks(1)
                .jvmArgs("-Xmx2g").build();
        for (RunResult r : new Runner(opt).run()) {
            double ms = r.getPrimaryResult().getScore();
            double err = r.getPrimaryResult().getScoreError();
            System.out.printf("decodeAll %8.2f ± %.2f ms for %d calls, %,d events = %.1f µs per call, %.0f ns per event"
                    + " on one core%n", ms, err, exchanges.size(), events, ms * 1000 / exchanges.size(),
                    ms * 1e6 / events);
        }
    }
}
