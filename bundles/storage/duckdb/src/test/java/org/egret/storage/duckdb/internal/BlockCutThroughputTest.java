package org.egret.storage.duckdb.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import org.egret.bodyblocks.BlockedBody;
import org.egret.bodyblocks.Chunk;
import org.egret.bodyblocks.ContentChunker;
import org.junit.jupiter.api.Test;

/**
 * Prints what cutting bodies into blocks costs the writer thread (FastCDC boundaries plus a SHA-256 per block, then
 * the encoded list): the CPU added per stored MB for bodies of 4 KiB and more. Printed, never asserted but for the
 * rebuilt length; {@code -Degret.bench.mb=...} for a longer run.
 */
class BlockCutThroughputTest {

    @Test
    void printsTheCpuCostOfCuttingAndHashing() {
        int mb = Integer.getInteger("egret.bench.mb", 64);
        List<byte[]> bodies = AgentConversation.requests(40, 2_000, 11);
        long total = 0;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        // warm-up, so the JIT has compiled the loops being measured
        for (byte[] b : bodies) {
            BlockedBody.of(ContentChunker.split(b)).encode();
        }
        long cpu0 = threads.getCurrentThreadCpuTime();
        long wall0 = System.nanoTime();
        long listBytes = 0;
        while (total < mb * 1_000_000L) {
            for (byte[] b : bodies) {
                List<Chunk> chunks = ContentChunker.split(b);
                listBytes += BlockedBody.of(chunks).encode().length;
                total += b.length;
            }
        }
        double cpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
        double wall = (System.nanoTime() - wall0) / 1e9;
        System.out.printf("block cut: %.0f MB of request JSON (bodies of %,d to %,d bytes) cut and hashed in "
                + "%.2f s CPU = %.0f MB per CPU second, %.2f CPU ms/MB (wall %.2f s); block lists %.2f %% of the "
                + "bytes%n", total / 1e6, bodies.get(0).length, bodies.get(bodies.size() - 1).length, cpu,
                total / 1e6 / cpu, cpu * 1000 / (total / 1e6), wall, 100.0 * listBytes / total);
        assertThat(listBytes).isPositive();
    }
}
