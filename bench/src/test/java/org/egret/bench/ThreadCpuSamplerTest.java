package org.egret.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ThreadCpuSamplerTest {

    @Test
    void threadsAreGroupedWithoutTheirNumbers() {
        assertThat(ThreadCpuSampler.group("egret-cli-worke")).isEqualTo("egret-cli-worke");
        assertThat(ThreadCpuSampler.group("GC Thread#1")).isEqualTo("GC Thread");
        assertThat(ThreadCpuSampler.group("C2 CompilerThre")).isEqualTo("JIT compiler");
        assertThat(ThreadCpuSampler.group("C1 CompilerThre")).isEqualTo("JIT compiler");
        assertThat(ThreadCpuSampler.group("FelixResolver-2")).isEqualTo("FelixResolver");
    }

    @Test
    void aBusyThreadOfThisProcessShowsInTheSummary() throws Exception {
        Thread busy = new Thread(() -> {
            long end = System.nanoTime() + 400_000_000L;
            long x = 0;
            while (System.nanoTime() < end) {
                x += Long.numberOfTrailingZeros(x + 1);
            }
            if (x == 42) {
                System.out.print("");
            }
        }, "bench-busy-7");
        busy.start();
        ThreadCpuSampler sampler = new ThreadCpuSampler(ProcessHandle.current().pid());
        while (busy.isAlive()) {
            sampler.sample();
            Thread.sleep(50);
        }
        assertThat(sampler.summary()).startsWith("CPU ").containsPattern("bench-busy [0-9.]+ s");
    }
}
