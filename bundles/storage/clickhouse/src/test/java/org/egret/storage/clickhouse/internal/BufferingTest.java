package org.egret.storage.clickhouse.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.egret.storage.conformance.ConformanceTraffic.T0;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.egret.api.decode.LlmCall;
import org.egret.api.storage.CallQuery;
import org.egret.api.storage.StorageException;
import org.egret.api.storage.StorageStatus;
import org.egret.storage.conformance.ConformanceTraffic;
import org.junit.jupiter.api.Test;

/** Buffered, batched writes against a real server that is killed and restarted under them. */
class BufferingTest extends ClickHouseTestBase {

    private static List<LlmCall> batch(int from, int n) {
        List<LlmCall> calls = new ArrayList<>(n);
        for (int i = from; i < from + n; i++) {
            calls.add(ConformanceTraffic.fullCall(i, T0 + i));
        }
        return calls;
    }

    private long stored(String db) throws Exception {
        return Long.parseLong(server.sql("SELECT count() FROM " + db + ".spans"));
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void writesWaitInTheBufferUntilAFlush() throws Exception {
        String db = uniqueDatabase();
        ClickHouseStorage storage = openBuffered(server.url(), db, "flush_interval_ms", 600_000);
        storage.writeCalls(batch(0, 200));

        StorageStatus buffered = storage.status();
        assertThat(buffered.bufferedRows()).as("a span and a bodies row per call").isEqualTo(400);
        assertThat(buffered.bufferedBytes()).isGreaterThan(200 * 500);
        assertThat(storage.queryCalls(CallQuery.all(0, 1)).total()).isZero();

        storage.flush();

        assertThat(storage.queryCalls(CallQuery.all(0, 1)).total()).isEqualTo(200);
        assertThat(storage.status().bufferedRows()).isZero();
        assertThat(server.sql("SELECT count() FROM system.parts WHERE active AND database = '" + db
                + "' AND table = 'spans'")).as("one insert, one part").isEqualTo("1");
    }

    @Test
    void theWriterSendsOnItsOwnEveryInterval() throws Exception {
        String db = uniqueDatabase();
        ClickHouseStorage storage = openBuffered(server.url(), db, "flush_interval_ms", 100);
        storage.writeCalls(batch(0, 50));
        storage.writeCalls(batch(50, 50));

        await("the writer to send", () -> storage.status().bufferedRows() == 0);
        assertThat(stored(db)).isEqualTo(100);
    }

    @Test
    void aFullBufferRefusesWholeWriteCallsWithAClearError() throws Exception {
        String db = uniqueDatabase();
        ClickHouseStorage storage = openBuffered(server.url(), db, "flush_interval_ms", 600_000, "buffer_mb", 1);
        int accepted = 0;
        StorageException refused = null;
        for (int i = 0; i < 100 && refused == null; i++) {
            try {
                storage.writeCalls(batch(i * 100, 100));
                accepted += 100;
            } catch (StorageException e) {
                refused = e;
            }
        }

        assertThat(refused).isNotNull();
        assertThat(refused.getMessage()).startsWith("ClickHouse write buffer full").contains("of 1.0 MB");
        assertThat(storage.status().healthy()).isFalse();
        assertThat(storage.status().lastError()).startsWith("ClickHouse write buffer full");
        // a span and a bodies row per call; the writer may already have sent a table that passed its eager size
        assertThat(storage.status().bufferedRows()).isPositive().isLessThanOrEqualTo(2L * accepted);
        assertThat(storage.status().bufferedBytes()).isLessThanOrEqualTo(1 << 20);

        storage.flush();
        storage.writeCalls(batch(1_000_000, 1));
        storage.flush();

        assertThat(stored(db)).as("every accepted row, none of the refused call").isEqualTo(accepted + 1);
        assertThat(storage.status().healthy()).isTrue();
    }

    @Test
    void aServerKilledMidRunLosesNothingAndDuplicatesNothing() throws Exception {
        String db = uniqueDatabase();
        ClickHouseStorage storage = openBuffered(server.url(), db, "flush_interval_ms", 50, "request_timeout_s", 5);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger written = new AtomicInteger();
        AtomicInteger refusals = new AtomicInteger();
        // a sink: it keeps a refused batch and retries it, as the pipeline's StorageSink does
        Thread sink = new Thread(() -> {
            int next = 0;
            while (!stop.get()) {
                List<LlmCall> b = batch(next, 50);
                try {
                    storage.writeCalls(b);
                    next += 50;
                    written.set(next);
                } catch (StorageException e) {
                    refusals.incrementAndGet();
                }
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sink.start();
        await("some rows stored", () -> written.get() >= 1000);

        server.kill();
        await("the outage to show", () -> !storage.status().healthy());
        StorageStatus down = storage.status();
        int writtenWhileDown = written.get();
        Thread.sleep(1000);
        assertThat(written.get()).as("writes are accepted into the buffer while the server is down")
                .isGreaterThan(writtenWhileDown);
        assertThat(down.lastError()).contains("ClickHouse");
        assertThat(down.writeErrors()).isPositive();

        server.launch();
        await("writes to resume", () -> storage.status().healthy() && storage.status().bufferedRows() < 2000);
        Thread.sleep(300);
        stop.set(true);
        sink.join();
        storage.flush();

        assertThat(storage.status().bufferedRows()).isZero();
        assertThat(stored(db)).isEqualTo(written.get());
        assertThat(server.sql("SELECT uniqExact(id) FROM " + db + ".spans")).isEqualTo(String.valueOf(written.get()));
        assertThat(storage.queryCalls(CallQuery.all(0, 1)).total()).isEqualTo(written.get());
    }

    @Test
    void anInsertWhoseAnswerWasLostIsNotStoredTwice() throws Exception {
        String db = uniqueDatabase();
        try (AnswerDroppingProxy proxy = new AnswerDroppingProxy(server.httpPort)) {
            ClickHouseStorage storage = openBuffered(proxy.url(), db, "flush_interval_ms", 600_000);
            storage.writeCalls(batch(0, 300));
            // a call's bodies go first, then its span: both answers lost, on two flushes
            proxy.dropAnswers.set(2);

            assertThatThrownBy(storage::flush).isInstanceOf(StorageException.class)
                    .hasMessageContaining("insert into " + db + ".call_bodies");
            assertThatThrownBy(storage::flush).isInstanceOf(StorageException.class)
                    .hasMessageContaining("insert into " + db + ".spans");
            assertThat(proxy.dropped.get()).isEqualTo(2);
            assertThat(stored(db)).as("the server applied it").isEqualTo(300);
            assertThat(storage.status().bufferedRows()).as("the writer cannot know that").isEqualTo(300);

            storage.writeCalls(batch(300, 20));
            storage.flush();

            assertThat(stored(db)).isEqualTo(320);
            assertThat(server.sql("SELECT uniqExact(id) FROM " + db + ".spans")).isEqualTo("320");
            assertThat(server.sql("SELECT count() FROM " + db + ".call_bodies")).as("no bodies twice")
                    .isEqualTo("320");
            assertThat(storage.duplicatesSkipped()).as("300 bodies rows and 300 spans").isEqualTo(600);
            assertThat(storage.status().healthy()).isTrue();
        }
    }

    @Test
    void aServerDownAtStartIsWaitedFor() throws Exception {
        String db = uniqueDatabase();
        server.kill();
        try {
            ClickHouseStorage storage = openBuffered(server.url(), db, "flush_interval_ms", 50);

            assertThat(storage.status().healthy()).isFalse();
            assertThat(storage.status().lastError()).contains("unreachable");
            storage.writeCalls(batch(0, 10));
            assertThatThrownBy(() -> storage.queryCalls(CallQuery.all(0, 1))).isInstanceOf(StorageException.class)
                    .hasMessageContaining("not ready");

            server.launch();
            await("the writer to create the tables and send", () -> storage.status().healthy()
                    && storage.status().bufferedRows() == 0);
            assertThat(storage.queryCalls(CallQuery.all(0, 1)).total()).isEqualTo(10);
        } finally {
            if (!server.pings()) {
                server.launch();
            }
        }
    }
}
