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
import org.egret.storage.conformance.ConformanceTraffic;
import org.junit.jupiter.api.Test;

/**
 * Prints how fast calls go through the buffer into ClickHouse and how long list queries take over them (not
 * asserted: the numbers depend on the machine and its load). {@code -Degret.bench.calls=1000000} for a full run.
 */
class IngestThroughputTest extends ClickHouseTestBase {
    private static final int CALLS = Integer.getInteger("egret.bench.calls", 50_000);
    private static final int BATCH = 1_000;
    // the calls are made batch by batch (1M would not fit in memory at once); only the writes are timed

    @FunctionalInterface
    private interface Query {
        void run() throws Exception;
    }

    /** p50/p95 of 20 runs, in ms. */
    private static String latencies(Query q) throws Exception {
        long[] ms = new long[20];
        for (int i = 0; i < ms.length; i++) {
            long t = System.nanoTime();
            q.run();
            ms[i] = (System.nanoTime() - t) / 1_000_000;
        }
        java.util.Arrays.sort(ms);
        return ms[ms.length / 2] + "/" + ms[ms.length * 95 / 100];
    }

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
                LlmCall c = ConformanceTraffic.fullCall(n, ConformanceTraffic.T0 + n * 10_000L)
                        .setId(UUID.randomUUID().toString())
                        .setModel(n % 3 == 0 ? "claude-sonnet-4" : "gpt-4o-mini")
                        .setStatusCode(n % 50 == 0 ? 429 : 200)
                        .setTtftMs((n * 7919L % 100_000) / 37.0).setE2eLatencyMs((n * 104_729L % 1_000_000) / 53.0);
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

        // queries as a console sees them once the inserts' parts are merged (ClickHouse merges in the background)
        long mergeDeadline = System.nanoTime() + 60_000_000_000L;
        String partsSql = "SELECT count() FROM system.parts WHERE active AND database = '" + db
                + "' AND table = 'spans'";
        while (Long.parseLong(server.sql(partsSql)) > 30 && System.nanoTime() < mergeDeadline) {
            Thread.sleep(200);
        }
        CallQuery filtered = new CallQuery(TimeRange.ALL, List.of(), List.of("gpt-4o-mini"), List.of(), List.of(),
                List.of(), List.of(200), List.of(), null, "chat", "ttft_ms", SortOrder.DESC, 0, 50);
        long total = storage.queryCalls(filtered).total();
        String filteredMs = latencies(() -> storage.queryCalls(filtered));
        String newestMs = latencies(() -> storage.queryCalls(CallQuery.all(0, 50)));
        String deepMs = latencies(() -> storage.queryCalls(CallQuery.all(CALLS / 2, 50)));
        String oneCallMs = latencies(() -> storage.findCall(ConformanceTraffic.id(CALLS / 3)));
        String stored = server.sql("SELECT sum(data_compressed_bytes) FROM system.parts WHERE active AND database = '"
                + db + "' AND table = 'spans'");

        System.out.printf("ClickHouse ingest: %,d calls in batches of %,d in %.2f s = %,.0f calls/s, %.1f MB/s of "
                + "bodies (%.1f MB); spans %.1f MB compressed; p50/p95 ms: filtered+sorted page %s, newest page %s, "
                + "page at offset %,d %s, one call %s (%s parts)%n",
                CALLS, BATCH, seconds, CALLS / seconds, bodyBytes / 1e6 / seconds, bodyBytes / 1e6,
                Long.parseLong(stored) / 1e6, filteredMs, newestMs, CALLS / 2, deepMs, oneCallMs,
                server.sql(partsSql));
        assertThat(total).isEqualTo(matching);
    }
}
