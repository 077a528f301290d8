package org.egret.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.egret.api.decode.LlmCall;
import org.egret.api.http.Endpoint;
import org.egret.api.http.HttpExchange;
import org.egret.api.http.HttpRequest;
import org.egret.api.pipeline.StorageWriterStatus;
import org.egret.api.storage.CallQuery;
import org.egret.api.storage.ExchangeQuery;
import org.egret.api.storage.ExchangeRecord;
import org.egret.api.storage.HealthSample;
import org.egret.api.storage.MetricRollup;
import org.egret.api.storage.Page;
import org.egret.api.storage.StorageBackend;
import org.egret.api.storage.StorageException;
import org.egret.api.storage.StorageStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StorageSinkTest {

    /** 2026-01-01T00:00:00Z, epoch µs. */
    private static final long T0 = 1_767_225_600_000_000L;
    private static final long S = 1_000_000L;

    /**
     * Keeps what it is given in memory, as a database would; fails the first {@code failures} exchange writes, as a
     * dead database would, and every rollup write while {@code rollupsFail}.
     */
    static final class RecordingBackend implements StorageBackend {
        final List<ExchangeRecord> exchanges = Collections.synchronizedList(new ArrayList<>());
        final List<LlmCall> calls = Collections.synchronizedList(new ArrayList<>());
        final List<MetricRollup> rollups = Collections.synchronizedList(new ArrayList<>());
        final List<HealthSample> samples = Collections.synchronizedList(new ArrayList<>());
        /** what happened, in order: exchanges, calls, rollups, samples, flush */
        final List<String> events = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger failures;
        final AtomicInteger flushes = new AtomicInteger();
        volatile CountDownLatch gate = new CountDownLatch(0);
        volatile boolean storesMetrics;
        volatile boolean rollupsFail;
        volatile Runnable beforeWrite = () -> { };

        RecordingBackend(int failures) {
            this.failures = new AtomicInteger(failures);
        }

        @Override
        public void writeCalls(List<LlmCall> batch) {
            calls.addAll(batch);
            events.add("calls");
        }

        @Override
        public void writeExchanges(List<ExchangeRecord> batch) throws StorageException {
            try {
                gate.await();
            } catch (InterruptedException e) {
                throw new StorageException("interrupted");
            }
            beforeWrite.run();
            if (failures.getAndDecrement() > 0) {
                throw new StorageException("disk full");
            }
            exchanges.addAll(batch);
            events.add("exchanges");
        }

        @Override
        public void flush() {
            flushes.incrementAndGet();
            events.add("flush");
        }

        @Override
        public boolean storesMetrics() {
            return storesMetrics;
        }

        @Override
        public void writeRollups(List<MetricRollup> batch) throws StorageException {
            if (rollupsFail) {
                throw new StorageException("no rollup table");
            }
            rollups.addAll(batch);
            events.add("rollups");
        }

        @Override
        public void writeHealthSamples(List<HealthSample> batch) {
            samples.addAll(batch);
            events.add("samples");
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
            return new StorageStatus("test", "memory", true, calls.size(), exchanges.size(), 0, null, 7, 700);
        }
    }

    private final List<Thread> writers = new ArrayList<>();

    @AfterEach
    void stopWriters() throws InterruptedException {
        for (Thread t : writers) {
            t.interrupt();
            t.join(5_000);
        }
    }

    private static ExchangeRecord exchange(String id, int bodyBytes) {
        return exchange(id, bodyBytes, "s");
    }

    private static ExchangeRecord exchange(String id, int bodyBytes, String source) {
        HttpRequest req = new HttpRequest("POST", "/v1/chat/completions", "HTTP/1.1", List.of(), new byte[bodyBytes],
                bodyBytes, false, 1, 2);
        return new ExchangeRecord(id, new HttpExchange(source, new Endpoint("10.0.0.2", 40000),
                new Endpoint("10.0.0.1", 8000), req, null, "no response seen"), null);
    }

    private static StorageCandidates bound(StorageBackend backend) {
        StorageCandidates c = new StorageCandidates("test");
        c.add(backend, Map.of(StorageBackend.TYPE_PROPERTY, "test", "service.id", 1L));
        return c;
    }

    private StorageSink sink(StorageCandidates storage, int capacity, int megabytes, int batch, PipelineCounters counters) {
        return sink(storage, capacity, megabytes, batch, counters, new MetricWindows(), 60);
    }

    private StorageSink sink(StorageCandidates storage, int capacity, int megabytes, int batch,
            PipelineCounters counters, MetricWindows windows, int sampleSecs) {
        StorageSink sink = new StorageSink("t", storage, new StorageSink.Settings(capacity, megabytes, batch, 5,
                sampleSecs), counters, tracker(), windows,
                last -> new HealthSample(System.currentTimeMillis() * 1000, "t", last ? "drained" : "running",
                        counters.snapshot()));
        Thread t = new Thread(sink, "sink-under-test");
        t.setDaemon(true);
        writers.add(t);
        t.start();
        return sink;
    }

    private void finish(StorageSink sink) throws InterruptedException {
        sink.finish();
        Thread t = writers.get(writers.size() - 1);
        t.join(20_000);
        assertThat(t.isAlive()).as("writer ended").isFalse();
    }

    @Test
    void aFailingStorageLosesNothingAndRecovers() throws Exception {
        RecordingBackend backend = new RecordingBackend(2);
        PipelineCounters counters = new PipelineCounters();
        StorageSink sink = sink(bound(backend), 100, 16, 10, counters);
        for (int i = 0; i < 25; i++) {
            sink.put(exchange("e" + i, 100), i % 2 == 0 ? new LlmCall().setId("c" + i) : null);
        }
        finish(sink);
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
        StorageSink sink = sink(bound(backend), 10_000, 1, 1, new PipelineCounters());
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
        finish(sink);
        assertThat(backend.exchanges).hasSize(10);
    }

    @Test
    void rowsWaitWhileNoBackendOfTheTypeIsBoundAndAreWrittenOnceOneIs() throws Exception {
        StorageCandidates storage = new StorageCandidates("test");
        PipelineCounters counters = new PipelineCounters();
        StorageSink sink = sink(storage, 100, 16, 10, counters);
        for (int i = 0; i < 30; i++) {
            sink.put(exchange("e" + i, 100), new LlmCall().setId("c" + i));
        }
        RecordingBackend other = new RecordingBackend(0);
        storage.add(other, Map.of(StorageBackend.TYPE_PROPERTY, "other", "service.id", 5L));
        Thread.sleep(300);
        StorageWriterStatus waiting = sink.status();
        assertThat(waiting.bound()).isFalse();
        assertThat(waiting.healthy()).isFalse();
        assertThat(waiting.backend()).isEqualTo("test");
        assertThat(waiting.lastError()).isEqualTo("no test storage backend bound");
        assertThat(waiting.queuedRows()).as("the rows beyond the batch in hand wait in the queue").isBetween(20L, 29L);
        assertThat(other.exchanges).as("a backend of another type is not written to").isEmpty();

        RecordingBackend backend = new RecordingBackend(0);
        storage.add(backend, Map.of(StorageBackend.TYPE_PROPERTY, "test", "service.id", 6L));
        await(() -> backend.exchanges.size() == 30 && backend.calls.size() == 30);
        StorageWriterStatus resumed = sink.status();
        assertThat(resumed.bound()).isTrue();
        assertThat(resumed.healthy()).isTrue();
        assertThat(resumed.backendBufferedRows()).isEqualTo(7);
        assertThat(resumed.backendBufferedBytes()).isEqualTo(700);

        // gone again (its bundle stopped): new rows wait, then go to the backend that replaces it
        storage.remove(backend);
        sink.put(exchange("late", 100), null);
        Thread.sleep(200);
        assertThat(backend.exchanges).hasSize(30);
        RecordingBackend replacement = new RecordingBackend(0);
        storage.add(replacement, Map.of(StorageBackend.TYPE_PROPERTY, "test", "service.id", 7L));
        finish(sink);
        assertThat(replacement.exchanges).extracting(ExchangeRecord::id).containsExactly("late");
        assertThat(counters.flushedExchanges.get()).isEqualTo(31);
        assertThat(counters.droppedExchanges.get()).isZero();
    }

    @Test
    void aWriteThatFailsBecauseItsBackendWentAwayIsRetriedOnTheNextOne() throws Exception {
        StorageCandidates storage = new StorageCandidates("test");
        RecordingBackend dying = new RecordingBackend(1);
        RecordingBackend next = new RecordingBackend(0);
        storage.add(dying, Map.of(StorageBackend.TYPE_PROPERTY, "test", "service.id", 1L));
        // the bundle stops during the write: the service is replaced, the write fails
        dying.beforeWrite = () -> {
            storage.remove(dying);
            storage.add(next, Map.of(StorageBackend.TYPE_PROPERTY, "test", "service.id", 2L));
        };
        PipelineCounters counters = new PipelineCounters();
        StorageSink sink = sink(storage, 100, 16, 100, counters);
        for (int i = 0; i < 5; i++) {
            sink.put(exchange("e" + i, 100), new LlmCall().setId("c" + i));
        }
        finish(sink);
        assertThat(dying.exchanges).isEmpty();
        assertThat(next.exchanges).hasSize(5);
        assertThat(next.calls).hasSize(5);
        assertThat(counters.flushErrors.get()).isEqualTo(1);
    }

    @Test
    void aLiveSourcesRecordsAreDroppedAndCountedWhenTheQueueIsFullAFilesWait() throws Exception {
        StorageCandidates storage = new StorageCandidates("test");
        PipelineCounters counters = new PipelineCounters();
        StorageSink sink = sink(storage, 16, 16, 4, counters); // no backend: nothing leaves the queue
        sink.dropWhenFull("eth0");
        long started = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            sink.put(exchange("e" + i, 100, "eth0"), i % 2 == 0 ? new LlmCall().setId("c" + i) : null);
        }
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).as("capture never waits")
                .isLessThan(2_000);
        long dropped = counters.droppedExchanges.get();
        assertThat(dropped).isBetween(100L - 16 - 4, 100L - 16);
        assertThat(counters.droppedCalls.get()).isBetween(dropped / 2 - 1, dropped / 2 + 1);
        assertThat(sink.status().droppedExchanges()).isEqualTo(dropped);
        assertThat(counters.snapshot()).containsEntry("storage_dropped_exchanges", dropped);

        // the writer holds one batch of 4 it cannot write; once it has taken it, fill the queue up again
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (sink.queued() > 16 - 4 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        int topUp = 0;
        while (sink.queued() < 16 && topUp < 100) {
            sink.put(exchange("top" + topUp, 100, "eth0"), null);
            topUp++;
        }
        assertThat(sink.queued()).as("queue full again").isEqualTo(16);
        dropped = counters.droppedExchanges.get();

        // a replayed file's exchange waits for room instead
        CountDownLatch put = new CountDownLatch(1);
        Thread file = new Thread(() -> {
            sink.put(exchange("file", 100, "replay"), null);
            put.countDown();
        });
        file.start();
        assertThat(put.await(300, TimeUnit.MILLISECONDS)).as("a file's record waits").isFalse();

        RecordingBackend backend = new RecordingBackend(0);
        storage.add(backend, Map.of(StorageBackend.TYPE_PROPERTY, "test", "service.id", 1L));
        assertThat(put.await(10, TimeUnit.SECONDS)).isTrue();
        finish(sink);
        assertThat(backend.exchanges).extracting(ExchangeRecord::id).contains("file");
        assertThat(backend.exchanges.size() + dropped).as("every record stored or counted")
                .isEqualTo(101 + topUp);
    }

    @Test
    void theBackendIsFlushedAtTheEndAfterTheLastWriteAndWhenIdle() throws Exception {
        RecordingBackend backend = new RecordingBackend(0);
        PipelineCounters counters = new PipelineCounters();
        StorageSink sink = sink(bound(backend), 100, 16, 10, counters);
        Thread.sleep(1_300);
        assertThat(backend.flushes.get()).as("nothing written, nothing to flush").isZero();
        sink.put(exchange("e0", 100), new LlmCall().setId("c0"));
        await(() -> backend.flushes.get() == 1);
        Thread.sleep(1_300);
        assertThat(backend.flushes.get()).as("no new write, no new flush").isEqualTo(1);

        sink.put(exchange("e1", 100), new LlmCall().setId("c1"));
        finish(sink);
        assertThat(backend.events.get(backend.events.size() - 1)).isEqualTo("flush");
        assertThat(backend.events).containsSubsequence("exchanges", "calls", "flush", "exchanges", "calls", "flush");
        assertThat(counters.storageFlushes.get()).isEqualTo(backend.flushes.get());
    }

    @Test
    void closedMinutesAndHealthSamplesAreStoredAndAChangedMinuteAgain() throws Exception {
        RecordingBackend backend = new RecordingBackend(0);
        backend.storesMetrics = true;
        MetricWindows windows = new MetricWindows();
        PipelineCounters counters = new PipelineCounters();
        StorageSink sink = sink(bound(backend), 100, 16, 10, counters, windows, 1);
        windows.recordCall(call(T0 + 5 * S));
        windows.recordCall(call(T0 + 10 * 60 * S)); // event time ten minutes on: minute 0 is closed
        await(() -> !backend.rollups.isEmpty());
        assertThat(backend.rollups).singleElement().satisfies(r -> {
            assertThat(r.pipeline()).isEqualTo("t");
            assertThat(r.window().start()).isEqualTo(T0);
            assertThat(r.window().calls()).isEqualTo(1);
        });

        windows.recordCall(call(T0 + 20 * S)); // late, into the closed minute
        await(() -> backend.rollups.size() == 2);
        assertThat(backend.rollups.get(1).window().start()).isEqualTo(T0);
        assertThat(backend.rollups.get(1).window().calls()).isEqualTo(2);
        await(() -> !backend.samples.isEmpty()); // one a second
        assertThat(backend.samples.get(0).state()).isEqualTo("running");
        assertThat(backend.samples.get(0).counters()).containsKey("flushed_calls");

        finish(sink);
        assertThat(backend.rollups).extracting(r -> r.window().start()).containsExactly(T0, T0, T0 + 10 * 60 * S);
        assertThat(backend.samples.get(backend.samples.size() - 1).state()).isEqualTo("drained");
        assertThat(counters.flushedRollups.get()).isEqualTo(3);
        assertThat(counters.flushedHealthSamples.get()).isEqualTo(backend.samples.size());
        assertThat(backend.events.get(backend.events.size() - 1)).isEqualTo("flush");
    }

    @Test
    void healthSamplesTakenWhileNoBackendIsBoundAreStoredOnceOneIs() throws Exception {
        StorageCandidates storage = new StorageCandidates("test");
        PipelineCounters counters = new PipelineCounters();
        StorageSink sink = sink(storage, 100, 16, 10, counters, new MetricWindows(), 1);
        sink.put(exchange("e0", 100), null); // the writer holds it, waiting
        Thread.sleep(2_500);
        long boundAt = System.currentTimeMillis() * 1000;
        RecordingBackend backend = new RecordingBackend(0);
        backend.storesMetrics = true;
        storage.add(backend, Map.of(StorageBackend.TYPE_PROPERTY, "test", "service.id", 1L));
        await(() -> backend.exchanges.size() == 1 && !backend.samples.isEmpty());
        assertThat(backend.samples).filteredOn(x -> x.timeMicros() < boundAt).as("samples of the outage")
                .hasSizeGreaterThanOrEqualTo(2);
        finish(sink);
        assertThat(counters.droppedHealthSamples.get()).isZero();
    }

    @Test
    void rollupsThatKeepFailingAreGivenUpCountedAndNeverHoldBackTheCalls() throws Exception {
        RecordingBackend backend = new RecordingBackend(0);
        backend.storesMetrics = true;
        backend.rollupsFail = true;
        MetricWindows windows = new MetricWindows();
        PipelineCounters counters = new PipelineCounters();
        StorageSink sink = sink(bound(backend), 100, 16, 10, counters, windows, 60);
        windows.recordCall(call(T0 + 5 * S));
        windows.recordCall(call(T0 + 30 * S));
        windows.recordCall(call(T0 + 10 * 60 * S));
        for (int i = 0; i < 20; i++) {
            sink.put(exchange("e" + i, 100), new LlmCall().setId("c" + i));
        }
        await(() -> backend.calls.size() == 20);
        long started = System.nanoTime();
        finish(sink);
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)).isLessThan(15);
        assertThat(backend.calls).hasSize(20);
        assertThat(backend.rollups).isEmpty();
        assertThat(counters.droppedRollups.get()).as("both minutes given up").isEqualTo(2);
        assertThat(counters.flushedRollups.get()).isZero();
        assertThat(sink.status().droppedRecords()).isEqualTo(2);
        assertThat(backend.samples).as("the samples' own writes work").isNotEmpty();
    }

    @Test
    void aBackendThatStoresNoMetricsGetsNone() throws Exception {
        RecordingBackend backend = new RecordingBackend(0);
        MetricWindows windows = new MetricWindows();
        PipelineCounters counters = new PipelineCounters();
        StorageSink sink = sink(bound(backend), 100, 16, 10, counters, windows, 1);
        windows.recordCall(call(T0 + 5 * S));
        windows.recordCall(call(T0 + 10 * 60 * S));
        sink.put(exchange("e0", 100), null);
        Thread.sleep(1_200);
        finish(sink);
        assertThat(backend.rollups).isEmpty();
        assertThat(backend.samples).isEmpty();
        assertThat(backend.exchanges).hasSize(1);
        assertThat(counters.droppedRollups.get() + counters.droppedHealthSamples.get()).isZero();
    }

    private static LlmCall call(long request) {
        return new LlmCall().setWireApi("openai-chat").setModel("gpt-4o").setServerKind("openai")
                .setAgentKind("generic").setStatusCode(200).setRequestTime(request).setResponseTime(request)
                .setCompleteTime(request + S).setE2eLatencyMs(1000.0);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition reached in time").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static TurnTracker tracker() {
        return new TurnTracker("t", TurnTracker.Settings.defaults(), new TimeOrderedIds()::next);
    }
}
