package org.egret.storage.duckdb.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.egret.api.decode.LlmCall;
import org.egret.api.storage.CallQuery;
import org.egret.api.storage.ExchangeQuery;
import org.egret.api.storage.ExchangeRecord;
import org.egret.api.storage.Page;
import org.egret.storage.conformance.ConformanceTraffic;
import org.junit.jupiter.api.Test;

class ConcurrentReadWriteTest extends DuckDbStorageTestBase {
    private static final int BATCHES = 40;
    private static final int BATCH_SIZE = 250;

    @Test
    void readersSeeWholeBatchesWhileTheWriterAppends() throws Exception {
        DuckDbStorage storage = open(dir.resolve("egret.duckdb"), "read_connections", 2);
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Future<?> writer = pool.submit(() -> {
                try {
                    for (int b = 0; b < BATCHES; b++) {
                        List<LlmCall> calls = new ArrayList<>(BATCH_SIZE);
                        List<ExchangeRecord> exchanges = new ArrayList<>(BATCH_SIZE);
                        for (int i = 0; i < BATCH_SIZE; i++) {
                            int n = b * BATCH_SIZE + i;
                            calls.add(ConformanceTraffic.fullCall(n, ConformanceTraffic.T0 + n));
                            exchanges.add(ConformanceTraffic.sseExchange(n, ConformanceTraffic.T0 + n));
                        }
                        storage.writeCalls(calls);
                        storage.writeExchanges(exchanges);
                    }
                } finally {
                    writing.set(false);
                }
                return null;
            });
            List<Future<Integer>> readers = new ArrayList<>();
            for (int r = 0; r < 3; r++) {
                readers.add(pool.submit(() -> {
                    long lastCalls = 0;
                    int rounds = 0;
                    while (writing.get() || rounds == 0) {
                        Page<LlmCall> calls = storage.queryCalls(CallQuery.all(0, 20));
                        assertThat(calls.total() % BATCH_SIZE).as("a batch is visible whole or not at all")
                                .isZero();
                        assertThat(calls.total()).isGreaterThanOrEqualTo(lastCalls);
                        assertThat(calls.items()).hasSize((int) Math.min(20, calls.total()));
                        lastCalls = calls.total();
                        if (!calls.items().isEmpty()) {
                            String id = calls.items().get(0).getId();
                            assertThat(storage.findCall(id)).get().extracting(LlmCall::getRequestBody)
                                    .asString().contains(ConformanceTraffic.UNICODE);
                        }
                        long exchanges = storage.queryExchanges(ExchangeQuery.all(0, 5)).total();
                        assertThat(exchanges % BATCH_SIZE).isZero();
                        rounds++;
                    }
                    return rounds;
                }));
            }

            writer.get(120, TimeUnit.SECONDS);
            int rounds = 0;
            for (Future<Integer> r : readers) {
                rounds += r.get(60, TimeUnit.SECONDS);
            }
            assertThat(rounds).isGreaterThan(3);
            assertThat(storage.queryCalls(CallQuery.all(0, 1)).total()).isEqualTo(BATCHES * BATCH_SIZE);
            assertThat(storage.queryExchanges(ExchangeQuery.all(0, 1)).total()).isEqualTo(BATCHES * BATCH_SIZE);
            assertThat(storage.status().writeErrors()).isZero();
        } finally {
            pool.shutdownNow();
        }
    }
}
