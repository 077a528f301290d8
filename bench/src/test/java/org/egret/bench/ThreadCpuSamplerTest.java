package org.egret.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
        // The thread spins until it has used 0.3 s of CPU (the summary leaves out groups under 0.1 s) and the
        // sampler has seen it, bounded: on a loaded machine a fixed spin of wall time can get too little CPU.
        CountDownLatch running = new CountDownLatch(1);
        AtomicBoolean stop = new AtomicBoolean();
        Thread busy = new Thread(() -> {
            running.countDown();
            long end = System.nanoTime() + 10_000_000_000L;
            long x = 0;
            while (!stop.get() && System.nanoTime() < end) {
                x += Long.numberOfTrailingZeros(x + 1);
            }
            if (x == 42) {
                System.out.print("");
            }
        }, "bench-busy-7");
        busy.start();
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        ThreadCpuSampler sampler = new ThreadCpuSampler(ProcessHandle.current().pid());
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long deadline = System.nanoTime() + 10_000_000_000L;
        do {
            Thread.sleep(100);
            sampler.sample();
        } while (threads.getThreadCpuTime(busy.getId()) < 300_000_000L && System.nanoTime() < deadline);
        sampler.sample();
        stop.set(true);
        busy.join();
        assertThat(sampler.summary()).startsWith("CPU ").containsPattern("bench-busy [0-9.]+ s");
    }
}
