package org.egret.storage.clickhouse.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.egret.api.decode.LlmCall;
import org.egret.api.decode.ToolCall;
import org.egret.api.storage.CallQuery;
import org.egret.api.storage.SortOrder;
import org.egret.api.storage.TimeRange;
import org.junit.jupiter.api.Test;

/**
 * Prints how fast calls go through the buffer into ClickHouse and how long list queries take over them (not
 * asserted: the numbers depend on the machine and its load). {@code -Degret.bench.calls=1000000} for a full run.
 */
class IngestThroughputTest extends ClickHouseTestBase {
    private static final int CALLS = Integer.getInteger("egret.bench.calls", 50_000);
    private static final int BATCH = 1_000;
    // the calls are made batch by batch (1M would not fit in memory at once); only the writes are timed

    @Test
    void ingestsCallsWith2KbBodies() throws Exception {
        String db = uniqueDatabase();
        ClickHouseStorage storage = openBuffered(server.url(), db);
        long bodyBytes = 0;
        long matching = 0;
        long writeNanos = 0;
        String padding = "x".repeat(1_300);
        for (int b = 0; b < CALLS / BATCH; b++) {
            List<LlmCall> batch = new ArrayList<>(BATCH);
            for (int i = 0; i < BATCH; i++) {
                int n = b * BATCH + i;
                LlmCall c = SampleTraffic.fullCall(n, SampleTraffic.T0 + n * 10_000L)
                        .setId(UUID.randomUUID().toString())
                        .setModel(n % 3 == 0 ? "claude-sonnet-4" : "gpt-4o-mini")
                        .setStatusCode(n % 50 == 0 ? 429 : 200);
                c.setRequestBody(c.getRequestBody() + padding + n);
                if (n % 4 != 0) {
                    c.setToolCalls(List.<ToolCall>of());
                }
                bodyBytes += c.getRequestBody().length() + c.getResponseBody().length();
                if (c.getModel().equals("gpt-4o-mini") && c.getStatusCode() == 200) {
                    matching++;
                }
                batch.add(c);
            }
            long w = System.nanoTime();
            while (true) {
                try {
                    storage.writeCalls(batch);
                    break;
                } catch (org.egret.api.storage.StorageException full) {
                    Thread.sleep(5); // back-pressure, as the sink applies it
                }
            }
            writeNanos += System.nanoTime() - w;
        }
        long w = System.nanoTime();
        storage.flush();
        double seconds = (writeNanos + System.nanoTime() - w) / 1e9;

        CallQuery filtered = new CallQuery(TimeRange.ALL, List.of(), List.of("gpt-4o-mini"), List.of(), List.of(),
                List.of(), List.of(200), List.of(), null, "chat", "ttft_ms", SortOrder.DESC, 0, 50);
        long total = 0;
        long[] ms = new long[5];
        for (int i = 0; i < ms.length; i++) {
            long q = System.nanoTime();
            total = storage.queryCalls(filtered).total();
            ms[i] = (System.nanoTime() - q) / 1_000_000;
        }
        long firstPage = System.nanoTime();
        storage.queryCalls(CallQuery.all(0, 50));
        long firstPageMs = (System.nanoTime() - firstPage) / 1_000_000;
        String stored = server.sql("SELECT sum(data_compressed_bytes) FROM system.parts WHERE active AND database = '"
                + db + "' AND table = 'spans'");

        System.out.printf("ClickHouse ingest: %,d calls in batches of %,d in %.2f s = %,.0f calls/s, %.1f MB/s of "
                + "bodies (%.1f MB); filtered+sorted page %s ms, newest page %d ms; spans %.1f MB compressed%n",
                CALLS, BATCH, seconds, CALLS / seconds, bodyBytes / 1e6 / seconds, bodyBytes / 1e6,
                java.util.Arrays.toString(ms), firstPageMs, Long.parseLong(stored) / 1e6);
        assertThat(total).isEqualTo(matching);
    }
}
