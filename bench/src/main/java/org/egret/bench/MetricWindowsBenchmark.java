package org.egret.bench;

import java.util.concurrent.TimeUnit;
import org.egret.api.decode.LlmCall;
import org.egret.pipeline.internal.MetricWindows;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * What a decoded call costs the metric windows on a worker's hot path: {@code recordCall} from one thread and from
 * four at once into one pipeline's windows, calls of 24 series (3 wire APIs × 4 models × 2 agents) lasting 0.2 to
 * 20 s, at a given rate of calls per second of event time (the number of calls in flight within the active-call
 * horizon grows with it). {@code mvn -q -pl bench -am package -DskipTests && java -jar bench/target/benchmarks.jar
 * MetricWindowsBenchmark}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MetricWindowsBenchmark {

    private static final long T0 = 1_767_225_600_000_000L;
    private static final int CALLS = 1 << 14;

    @State(Scope.Benchmark)
    public static class Shared {
        @Param({"10", "1000"})
        public int callsPerEventSecond;

        MetricWindows windows;

        @Setup(Level.Trial)
        public void create() {
            windows = new MetricWindows();
        }
    }

    /** Each thread replays its own calls, moving on in event time at the shared rate. */
    @State(Scope.Thread)
    public static class Feed {
        LlmCall[] calls;
        long step;
        int next;
        long lap;

        @Setup(Level.Trial)
        public void build(Shared shared) {
            step = 1_000_000L / shared.callsPerEventSecond;
            java.util.Random r = new java.util.Random(Thread.currentThread().getId());
            String[] wires = {"openai-chat", "anthropic", "gemini-aistudio"};
            calls = new LlmCall[CALLS];
            for (int i = 0; i < CALLS; i++) {
                long e2e = 200_000 + (long) (r.nextDouble() * 20_000_000);
                calls[i] = new LlmCall().setWireApi(wires[i % 3]).setModel("model-" + i % 4).setServerKind("vllm")
                        .setAgentKind(i % 2 == 0 ? "claude-cli" : "codex-cli").setStatusCode(200).setStream(true)
                        .setInputTokens(2000 + i % 500).setOutputTokens(300).setCacheReadInputTokens(1000)
                        .setCostUsd(0.002).setTtftMs(e2e / 10_000.0).setE2eLatencyMs(e2e / 1000.0).setTpotMs(20.0)
                        .setRequestTime(T0).setCompleteTime(T0 + e2e);
            }
        }

        LlmCall next() {
            LlmCall c = calls[next];
            long request = T0 + (lap * CALLS + next) * step;
            long e2e = c.getCompleteTime() - c.getRequestTime();
            c.setRequestTime(request).setResponseTime(request).setCompleteTime(request + e2e);
            if (++next == CALLS) {
                next = 0;
                lap++;
            }
            return c;
        }
    }

    @Benchmark
    @Threads(1)
    public void recordCallOneThread(Shared shared, Feed feed) {
        shared.windows.recordCall(feed.next());
    }

    @Benchmark
    @Threads(4)
    public void recordCallFourThreads(Shared shared, Feed feed) {
        shared.windows.recordCall(feed.next());
    }
}
