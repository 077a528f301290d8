package org.egret.storage.duckdb.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.egret.api.decode.LlmCall;
import org.egret.api.decode.ToolCall;
import org.egret.api.storage.CallQuery;
import org.egret.api.storage.SortOrder;
import org.egret.api.storage.TimeRange;
import org.egret.storage.conformance.ConformanceTraffic;
import org.junit.jupiter.api.Test;

/**
 * Prints how fast calls are appended (not asserted: the number depends on the machine and its load); the CPU time
 * of the process is printed too, as it varies less on a shared machine than the wall time.
 */
class AppendThroughputTest extends DuckDbStorageTestBase {
    private static final int CALLS = 100_000;
    private static final int BATCH = 1_000;

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    @Test
    void appends100kCalls() throws Exception {
        Path file = dir.resolve("throughput.duckdb");
        DuckDbStorage storage = open(file);
        List<List<LlmCall>> batches = new ArrayList<>();
        long bodyBytes = 0;
        long matching = 0;
        for (int b = 0; b < CALLS / BATCH; b++) {
            List<LlmCall> batch = new ArrayList<>(BATCH);
            for (int i = 0; i < BATCH; i++) {
                int n = b * BATCH + i;
                LlmCall c = ConformanceTraffic.fullCall(n, ConformanceTraffic.T0 + n * 10_000L)
                        .setId(UUID.randomUUID().toString())
                        .setModel(n % 3 == 0 ? "claude-sonnet-4" : "gpt-4o-mini")
                        .setStatusCode(n % 50 == 0 ? 429 : 200);
                if (n % 4 != 0) {
                    c.setToolCalls(List.<ToolCall>of());
                }
                bodyBytes += c.getRequestBody().length() + c.getResponseBody().length();
                if (c.getModel().equals("gpt-4o-mini") && c.getStatusCode() == 200) {
                    matching++;
                }
                batch.add(c);
            }
            batches.add(batch);
        }

        long start = System.nanoTime();
        long cpuStart = processCpuNanos();
        for (List<LlmCall> batch : batches) {
            storage.writeCalls(batch);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (processCpuNanos() - cpuStart) / 1e9;

        long queryStart = System.nanoTime();
        long total = storage.queryCalls(new CallQuery(TimeRange.ALL, List.of(), List.of("gpt-4o-mini"), List.of(),
                List.of(), List.of(), List.of(200), List.of(), null, "chat", "ttft_ms", SortOrder.DESC, 0, 50))
                .total();
        double queryMs = (System.nanoTime() - queryStart) / 1e6;
        close(storage);

        System.out.printf("DuckDB append: %,d calls in %d batches of %,d in %.2f s = %,.0f calls/s "
                + "(%.1f MB of bodies; %.2f CPU s in this process = %,.0f calls per CPU second); "
                + "filtered+sorted page over them in %.0f ms; file %.1f MB%n",
                CALLS, CALLS / BATCH, BATCH, seconds, CALLS / seconds, bodyBytes / 1e6, cpuSeconds,
                CALLS / cpuSeconds, queryMs, Files.size(file) / 1e6);
        assertThat(total).isEqualTo(matching);
    }
}
