package org.egret.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.egret.api.decode.LlmCall;
import org.egret.api.http.Endpoint;
import org.egret.api.http.HttpExchange;
import org.egret.api.http.HttpRequest;
import org.egret.api.storage.CallQuery;
import org.egret.api.storage.ExchangeQuery;
import org.egret.api.storage.ExchangeRecord;
import org.egret.api.storage.Page;
import org.egret.api.storage.StorageBackend;
import org.egret.api.storage.StorageException;
import org.egret.api.storage.StorageStatus;
import org.junit.jupiter.api.Test;

class StorageSinkTest {

    /** Records writes; fails the first {@code failures} write attempts, as a dead database would. */
    static final class RecordingBackend implements StorageBackend {
        final List<ExchangeRecord> exchanges = Collections.synchronizedList(new ArrayList<>());
        final List<LlmCall> calls = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger failures;
        volatile CountDownLatch gate = new CountDownLatch(0);

        RecordingBackend(int failures) {
            this.failures = new AtomicInteger(failures);
        }

        @Override
        public void writeCalls(List<LlmCall> batch) {
            calls.addAll(batch);
        }

        @Override
        public void writeExchanges(List<ExchangeRecord> batch) throws StorageException {
            try {
                gate.await();
            } catch (InterruptedException e) {
                throw new StorageException("interrupted");
            }
            if (failures.getAndDecrement() > 0) {
                throw new StorageException("disk full");
            }
            exchanges.addAll(batch);
        }

        @Override
        public Page<LlmCall> queryCalls(CallQuery query) {
            return new Page<>(0, List.of());
        }

        @Override
        public Optional<LlmCall> findCall(String id) {
            return Optional.empty();
        }

        @Override
        public Page<ExchangeRecord> queryExchanges(ExchangeQuery query) {
            return new Page<>(0, List.of());
        }

        @Override
        public Optional<ExchangeRecord> findExchange(String id) {
            return Optional.empty();
        }

        @Override
        public StorageStatus status() {
            return new StorageStatus("test", "memory", true, 0, 0, 0, null);
        }
    }

    private static ExchangeRecord exchange(String id, int bodyBytes) {
        HttpRequest req = new HttpRequest("POST", "/v1/chat/completions", "HTTP/1.1", List.of(), new byte[bodyBytes],
                bodyBytes, false, 1, 2);
        return new ExchangeRecord(id, new HttpExchange("s", new Endpoint("10.0.0.2", 40000),
                new Endpoint("10.0.0.1", 8000), req, null, "no response seen"), null);
    }

    @Test
    void aFailingStorageLosesNothingAndRecovers() throws Exception {
        RecordingBackend backend = new RecordingBackend(2);
        PipelineCounters counters = new PipelineCounters();
        StorageSink sink = new StorageSink("t", backend, 100, 16, 10, 5, counters, tracker());
        Thread t = new Thread(sink);
        t.start();
        for (int i = 0; i < 25; i++) {
            sink.put(exchange("e" + i, 100), i % 2 == 0 ? new LlmCall().setId("c" + i) : null);
        }
        sink.finish();
        t.join(20_000);
        assertThat(t.isAlive()).isFalse();
        assertThat(backend.exchanges).hasSize(25);
        assertThat(backend.calls).hasSize(13);
        assertThat(counters.flushErrors.get()).isEqualTo(2);
        assertThat(counters.flushedExchanges.get()).isEqualTo(25);
        assertThat(sink.healthy()).isTrue();
        assertThat(sink.lastError()).isEqualTo("disk full");
    }

    @Test
    void theQueueIsBoundedByMemoryNotOnlyByCount() throws Exception {
        RecordingBackend backend = new RecordingBackend(0);
        backend.gate = new CountDownLatch(1); // the writer is stuck, as with a slow disk
        StorageSink sink = new StorageSink("t", backend, 10_000, 1, 1, 5, new PipelineCounters(), tracker());
        Thread writer = new Thread(sink);
        writer.start();
        CountDownLatch blocked = new CountDownLatch(1);
        AtomicInteger queued = new AtomicInteger();
        Thread producer = new Thread(() -> {
            for (int i = 0; i < 10; i++) {
                sink.put(exchange("e" + i, 400_000), null); // ~0.4 MB each against a 1 MB bound
                queued.incrementAndGet();
            }
            blocked.countDown();
        });
        producer.start();
        assertThat(blocked.await(500, TimeUnit.MILLISECONDS)).as("producer must block on memory").isFalse();
        assertThat(queued.get()).isBetween(1, 3);
        assertThat(sink.queuedKilobytes()).isLessThanOrEqualTo(1024);
        backend.gate.countDown();
        assertThat(blocked.await(20, TimeUnit.SECONDS)).isTrue();
        sink.finish();
        writer.join(20_000);
        assertThat(backend.exchanges).hasSize(10);
    }

    private static TurnTracker tracker() {
        return new TurnTracker("t", TurnTracker.Settings.defaults(), new TimeOrderedIds()::next);
    }
}
