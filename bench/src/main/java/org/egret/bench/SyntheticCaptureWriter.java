package org.egret.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * Writes a classic pcap of many concurrent OpenAI Chat Completions streaming calls to 10.0.0.1:8000, for replay
 * benchmarks. Agents take turns in capture-time order, so the calls interleave as they would on a busy link; memory
 * stays flat whatever the size, and the same arguments always give the same file.
 *
 * <pre>--out FILE --size-mb N [--concurrency C] [--seed S]</pre>
 */
public final class SyntheticCaptureWriter {
    /** 2025-01-15T10:00:00Z, when every generated capture starts. */
    static final long START_MICROS = 1_736_935_200_000_000L;
    private static final String USAGE = "usage: SyntheticCaptureWriter --out FILE --size-mb N [--concurrency C] "
            + "[--seed S]";

    /** What was written. */
    public record Summary(long calls, long connections, long packets, long bytes, long captureSpanMicros) {
    }

    private SyntheticCaptureWriter() {
    }

    /** The command line, checked. */
    record Options(Path out, long sizeMb, int concurrency, long seed) {

        /** @throws IllegalArgumentException with a message for the user */
        static Options parse(String[] args) {
            Path out = null;
            long sizeMb = -1;
            int concurrency = 64;
            long seed = 1;
            for (int i = 0; i < args.length; i += 2) {
                String name = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value for " + name);
                }
                String value = args[i + 1];
                try {
                    switch (name) {
                        case "--out" -> out = Path.of(value);
                        case "--size-mb" -> sizeMb = Long.parseLong(value);
                        case "--concurrency" -> concurrency = Integer.parseInt(value);
                        case "--seed" -> seed = Long.parseLong(value);
                        default -> throw new IllegalArgumentException("unknown option " + name);
                    }
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(name + " needs a whole number, not '" + value + "'");
                }
            }
            if (out == null || sizeMb < 1) {
                throw new IllegalArgumentException("--out and a --size-mb of at least 1 are required");
            }
            int maxConcurrency = SimulationContext.ephemeralPortCount() / 2;
            if (concurrency < 1 || concurrency > maxConcurrency) {
                throw new IllegalArgumentException("--concurrency must be between 1 and " + maxConcurrency);
            }
            return new Options(out, sizeMb, concurrency, seed);
        }
    }

    public static void main(String[] args) {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.println(USAGE);
            return;
        }
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        long started = System.nanoTime();
        try {
            Summary s = write(o.out(), o.sizeMb() << 20, o.concurrency(), o.seed());
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("wrote %s: %d calls over %d connections, %d packets, %d bytes (%.1f MB), "
                            + "%.0f s of capture time, in %.1f s (%.0f MB/s)%n",
                    o.out(), s.calls(), s.connections(), s.packets(), s.bytes(), s.bytes() / 1e6,
                    s.captureSpanMicros() / 1e6, seconds, s.bytes() / 1e6 / seconds);
        } catch (IOException e) {
            System.err.println("cannot write " + o.out() + ": " + e.getMessage());
            System.exit(1);
        }
    }

    /**
     * Writes calls until the file reaches {@code budgetBytes}, then lets every call in flight finish and every
     * connection close, so the capture holds only complete calls.
     */
    public static Summary write(Path file, long budgetBytes, int concurrency, long seed) throws IOException {
        SplittableRandom seeds = new SplittableRandom(seed);
        try (PcapWriter out = new PcapWriter(file)) {
            SimulationContext shared = new SimulationContext(out, budgetBytes);
            PriorityQueue<SimulatedAgent> due = new PriorityQueue<>(concurrency,
                    Comparator.comparingLong(SimulatedAgent::nextMicros).thenComparingInt(SimulatedAgent::index));
            for (int i = 0; i < concurrency; i++) {
                // agents join over the first two seconds rather than all at once
                due.add(new SimulatedAgent(i, shared, seeds.nextLong(), START_MICROS + seeds.nextInt(2_000_000)));
            }
            long last = START_MICROS;
            SimulatedAgent agent;
            while ((agent = due.poll()) != null) {
                last = Math.max(last, agent.nextMicros());
                if (agent.step()) {
                    due.add(agent);
                }
            }
            out.close();
            return new Summary(shared.calls, shared.connections, out.packets(), out.bytes(), last - START_MICROS);
        }
    }
}
