package org.egret.pipeline.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.egret.api.decode.LlmCall;
import org.egret.api.http.HttpExchange;
import org.egret.api.pipeline.MetricWindow;
import org.egret.api.pipeline.StorageWriterStatus;
import org.egret.api.storage.ExchangeRecord;
import org.egret.api.storage.HealthSample;
import org.egret.api.storage.MetricRollup;
import org.egret.api.storage.StorageBackend;
import org.egret.api.storage.StorageException;
import org.egret.api.storage.StorageStatus;
import org.egret.api.turn.AgentTurn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer between a pipeline and its storage backend: batches by size or age, and when a write fails
 * keeps the batch and retries with back-off; while no backend of the configured type is bound (its bundle stopped or
 * being replaced) it holds the batch and waits. Meanwhile the bounded queue in front fills: a replayed file then
 * waits (back-pressure), a live source's records are dropped and counted. A storage outage thus loses nothing that
 * fits in the queue, and writing resumes by itself on the next backend.
 * <p>
 * Besides calls, exchanges and turns it writes the closed one-minute metric windows and periodic health samples to a
 * backend that stores them; those are tried a bounded number of times and then given up (counted), so a failing
 * metrics table never holds back the calls.
 */
final class StorageSink implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(StorageSink.class);
    private static final Item END = new Item(null, null, 0);
    /** A backend that gathers rows is asked to send them once the sink has been idle this long after writes. */
    private static final long IDLE_FLUSH_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Attempts at a batch of rollups or health samples before it is given up. */
    static final int METRIC_ATTEMPTS = 5;
    /** Health samples kept while their writes fail; the oldest go first. */
    private static final int MAX_PENDING_SAMPLES = 360;
    private static final long UNBOUND_POLL_MILLIS = 50;
    private static final long DROP_LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    private record Item(ExchangeRecord exchange, LlmCall call, int kilobytes) {
    }

    /** Bounds and periods of the sink, from the pipeline configuration. */
    record Settings(int capacity, int capacityMegabytes, int batchSize, int flushMillis, int healthSampleSecs) {
    }

    /** Takes the pipeline's health counters now; {@code last} for the one taken when the pipeline ends. */
    interface HealthSampler {
        HealthSample sample(boolean last);
    }

    /** What is retried until it succeeds, or the sink is abandoned. */
    private interface Write {
        void to(StorageBackend backend) throws StorageException;
    }

    private final String pipeline;
    private final StorageCandidates storage;
    private final BlockingQueue<Item> queue;
    /** Bounds the queue by memory as well as by count: one exchange may be a few bytes or many megabytes. */
    private final Semaphore kilobytes;
    private final int maxKilobytes;
    private final int batchSize;
    private final long flushNanos;
    private final long sampleNanos;
    private final PipelineCounters counters;
    private final TurnTracker turns;
    private final MetricWindows windows;
    private final HealthSampler sampler;
    /** Ids of the sources whose records are dropped rather than waited for when the queue is full. */
    private final Set<String> liveSources = ConcurrentHashMap.newKeySet();
    private final AtomicLong lastDropLog = new AtomicLong(System.nanoTime() - DROP_LOG_INTERVAL_NANOS);
    /** Rollups not yet written, by window and dimensions: a window changed again replaces its row. */
    private final Map<List<Object>, MetricRollup> pendingRollups = new LinkedHashMap<>();
    private final ArrayDeque<HealthSample> pendingSamples = new ArrayDeque<>();
    private int rollupFailures;
    private int sampleFailures;
    private long nextMetricAttempt;
    private long nextSample;
    private boolean unwrittenSinceFlush;
    private long lastWrite;
    private volatile boolean healthy = true;
    private volatile String lastError;
    private volatile boolean abandon;
    private boolean waitingLogged;
    private boolean gaveUpLogged;

    StorageSink(String pipeline, StorageCandidates storage, Settings settings, PipelineCounters counters,
            TurnTracker turns, MetricWindows windows, HealthSampler sampler) {
        this.pipeline = pipeline;
        this.storage = storage;
        this.queue = new ArrayBlockingQueue<>(Math.max(16, settings.capacity()));
        this.maxKilobytes = Math.max(1024, settings.capacityMegabytes() * 1024);
        this.kilobytes = new Semaphore(maxKilobytes);
        this.batchSize = Math.max(1, settings.batchSize());
        this.flushNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(1, settings.flushMillis()));
        this.sampleNanos = TimeUnit.SECONDS.toNanos(Math.max(1, settings.healthSampleSecs()));
        this.counters = counters;
        this.turns = turns;
        this.windows = windows;
        this.sampler = sampler;
    }

    /** From now on, records of this source are dropped (and counted) when the queue is full. */
    void dropWhenFull(String sourceId) {
        liveSources.add(sourceId);
    }

    /**
     * Queues one exchange and its call (may be null). While the queue is full this blocks, unless the exchange comes
     * from a live source: then it is dropped and counted.
     */
    void put(ExchangeRecord exchange, LlmCall call) {
        int kb = (int) Math.min(maxKilobytes, estimateBytes(exchange, call) / 1024 + 1);
        Item item = new Item(exchange, call, kb);
        if (!liveSources.isEmpty() && liveSources.contains(exchange.exchange().sourceId())) {
            if (!kilobytes.tryAcquire(kb)) {
                dropped(call);
            } else if (!queue.offer(item)) {
                kilobytes.release(kb);
                dropped(call);
            }
            return;
        }
        try {
            kilobytes.acquire(kb);
            queue.put(item);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void dropped(LlmCall call) {
        long n = counters.droppedExchanges.incrementAndGet();
        if (call != null) {
            counters.droppedCalls.incrementAndGet();
        }
        long now = System.nanoTime();
        long last = lastDropLog.get();
        if (now - last >= DROP_LOG_INTERVAL_NANOS && lastDropLog.compareAndSet(last, now)) {
            LOG.warn("pipeline {}: storage queue full ({}), dropping records of live sources: {} exchanges "
                    + "dropped so far", pipeline, why(), n);
        }
    }

    private String why() {
        return storage.chosen() == null ? "no " + storage.type() + " storage backend bound"
                : healthy ? "storage slower than capture" : "storage failing: " + lastError;
    }

    /** Rough heap footprint of a queued item: bodies dominate; strings count two bytes a character. */
    static long estimateBytes(ExchangeRecord exchange, LlmCall call) {
        long n = 2048;
        HttpExchange ex = exchange.exchange();
        n += length(ex.request().body());
        if (ex.response() != null) {
            n += length(ex.response().body());
        }
        if (call != null) {
            n += 2048 + 2L * (length(call.getRequestBody()) + length(call.getResponseBody()));
        }
        return n;
    }

    private static long length(byte[] b) {
        return b == null ? 0 : b.length;
    }

    private static long length(String s) {
        return s == null ? 0 : s.length();
    }

    long queuedKilobytes() {
        return maxKilobytes - kilobytes.availablePermits();
    }

    /** Asks the writer to write what is queued, flush the backend and stop. */
    void finish() {
        try {
            queue.put(END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stop retrying a failing storage and stop waiting for a missing one (shutdown). */
    void abandon() {
        abandon = true;
    }

    int queued() {
        return queue.size();
    }

    int capacity() {
        return queue.size() + queue.remainingCapacity();
    }

    /** False after a failed write until one succeeds, and while no backend is bound. */
    boolean healthy() {
        return healthy && storage.chosen() != null;
    }

    String lastError() {
        return lastError;
    }

    /** The writer's state for the health API; asks the bound backend for what it buffers. */
    StorageWriterStatus status() {
        StorageBackend b = storage.chosen();
        StorageStatus s = null;
        if (b != null) {
            try {
                s = b.status();
            } catch (RuntimeException e) {
                LOG.debug("storage status failed", e);
            }
        }
        return new StorageWriterStatus(storage.type(), b != null, healthy(),
                b == null ? "no " + storage.type() + " storage backend bound" : lastError, queued(),
                queuedKilobytes(), capacity(), maxKilobytes, counters.droppedExchanges.get(),
                counters.droppedCalls.get(), counters.droppedRollups.get() + counters.droppedHealthSamples.get(),
                s == null ? 0 : s.bufferedRows(), s == null ? 0 : s.bufferedBytes());
    }

    @Override
    public void run() {
        List<ExchangeRecord> exchanges = new ArrayList<>(batchSize);
        List<LlmCall> calls = new ArrayList<>(batchSize);
        nextSample = System.nanoTime() + sampleNanos;
        nextMetricAttempt = System.nanoTime();
        boolean ended = false;
        while (!ended) {
            int batchKilobytes = 0;
            long deadline = System.nanoTime() + flushNanos;
            try {
                while (exchanges.size() < batchSize) {
                    long wait = deadline - System.nanoTime();
                    Item item = wait <= 0 ? queue.poll() : queue.poll(wait, TimeUnit.NANOSECONDS);
                    if (item == null) {
                        break;
                    }
                    if (item == END) {
                        ended = true;
                        break;
                    }
                    exchanges.add(item.exchange);
                    if (item.call != null) {
                        calls.add(item.call);
                    }
                    batchKilobytes += item.kilobytes;
                }
            } catch (InterruptedException e) {
                ended = true;
            }
            write(exchanges, calls);
            kilobytes.release(batchKilobytes);
            assembleTurns(ended);
            writeMetrics(ended);
            if (ended) {
                flushAtEnd();
            } else {
                flushWhenIdle();
            }
        }
    }

    /**
     * A bug in turn assembly must not stop the writer: the calls are stored all the same; the failure is counted and
     * logged once.
     */
    private void turnFailure(RuntimeException e) {
        if (counters.turnErrors.getAndIncrement() == 0) {
            LOG.error("pipeline {}: turn assembly failed; calls are still stored", pipeline, e);
        }
    }

    /** Moves the turn tracker on in event time and writes the turns that closed or changed. */
    private void assembleTurns(boolean ended) {
        List<AgentTurn> closed;
        try {
            if (ended) {
                turns.finish();
            } else {
                turns.advance();
            }
            closed = turns.takeClosed();
        } catch (RuntimeException e) {
            turnFailure(e);
            return;
        }
        if (closed.isEmpty()) {
            return;
        }
        retrying(closed.size(), b -> {
            // a backend without turns gets none; the turns are still counted in the metric windows
            if (b.storesTurns()) {
                b.writeTurns(closed);
                counters.flushedTurns.addAndGet(closed.size());
            }
        });
    }

    private void write(List<ExchangeRecord> exchanges, List<LlmCall> calls) {
        if (exchanges.isEmpty()) {
            return;
        }
        retrying(exchanges.size(), b -> {
            b.writeExchanges(exchanges);
            counters.flushedExchanges.addAndGet(exchanges.size());
            exchanges.clear(); // written: a retry of the calls must not write them twice
        });
        if (!calls.isEmpty()) {
            retrying(calls.size(), b -> {
                b.writeCalls(calls);
                counters.flushedCalls.addAndGet(calls.size());
            });
            for (LlmCall c : calls) {
                try {
                    turns.accept(c);
                } catch (RuntimeException e) {
                    turnFailure(e);
                }
            }
        }
        exchanges.clear();
        calls.clear();
    }

    /**
     * Closed one-minute windows and due health samples, to a backend that stores them. Each batch gets a try per
     * sink cycle (with back-off after a failure) and {@link #METRIC_ATTEMPTS} in all; at the end everything left is
     * written, the last partial minute and a last sample included, with the same bound.
     */
    private void writeMetrics(boolean ended) {
        StorageBackend b = ended ? awaitBackend() : storage.chosen();
        if (b == null) {
            sampleIfDue(); // an outage is what the health history is for; written once a backend is back
            return;
        }
        if (!b.storesMetrics()) {
            pendingRollups.clear();
            pendingSamples.clear();
            return;
        }
        long now = System.nanoTime();
        List<MetricWindow> closed = ended ? windows.takeAllMinutes()
                : windows.takeClosedMinutes(liveSources.isEmpty() ? Long.MIN_VALUE : System.currentTimeMillis() * 1000);
        for (MetricWindow w : closed) {
            pendingRollups.put(Arrays.asList(w.start(), w.wireApi(), w.model(), w.serverKind(), w.agentKind()),
                    new MetricRollup(pipeline, w));
        }
        if (ended) {
            nextSample = now + sampleNanos;
            takeSample(true);
        } else {
            sampleIfDue();
        }
        if (!ended && now - nextMetricAttempt < 0) {
            return;
        }
        boolean failed;
        do {
            failed = !writeRollups(b) | !writeSamples(b);
            if (failed) {
                int attempts = Math.max(rollupFailures, sampleFailures);
                long backoff = TimeUnit.MILLISECONDS.toNanos(250L << Math.min(attempts, 3));
                nextMetricAttempt = System.nanoTime() + backoff;
                if (ended && !abandon) {
                    sleep(TimeUnit.NANOSECONDS.toMillis(backoff));
                    StorageBackend next = storage.chosen();
                    b = next != null ? next : b;
                }
            }
        } while (ended && failed && !abandon && (!pendingRollups.isEmpty() || !pendingSamples.isEmpty()));
    }

    private void sampleIfDue() {
        long now = System.nanoTime();
        if (now - nextSample >= 0) {
            nextSample = now + sampleNanos;
            takeSample(false);
        }
    }

    private void takeSample(boolean last) {
        try {
            if (pendingSamples.size() >= MAX_PENDING_SAMPLES) {
                pendingSamples.removeFirst();
                counters.droppedHealthSamples.incrementAndGet();
            }
            pendingSamples.addLast(sampler.sample(last));
        } catch (RuntimeException e) {
            LOG.warn("pipeline {}: health sample failed: {}", pipeline, e.toString());
        }
    }

    /** One try; true when nothing is left pending. */
    private boolean writeRollups(StorageBackend b) {
        if (pendingRollups.isEmpty()) {
            return true;
        }
        List<MetricRollup> batch = List.copyOf(pendingRollups.values());
        if (attempt(b, batch.size(), "metric rollups", x -> x.writeRollups(batch))) {
            pendingRollups.clear();
            rollupFailures = 0;
            counters.flushedRollups.addAndGet(batch.size());
            return true;
        }
        if (++rollupFailures >= METRIC_ATTEMPTS) {
            LOG.error("pipeline {}: giving up {} metric rollups after {} failed writes", pipeline, batch.size(),
                    rollupFailures);
            counters.droppedRollups.addAndGet(batch.size());
            pendingRollups.clear();
            rollupFailures = 0;
            return true;
        }
        return false;
    }

    private boolean writeSamples(StorageBackend b) {
        if (pendingSamples.isEmpty()) {
            return true;
        }
        List<HealthSample> batch = List.copyOf(pendingSamples);
        if (attempt(b, batch.size(), "health samples", x -> x.writeHealthSamples(batch))) {
            pendingSamples.clear();
            sampleFailures = 0;
            counters.flushedHealthSamples.addAndGet(batch.size());
            return true;
        }
        if (++sampleFailures >= METRIC_ATTEMPTS) {
            LOG.error("pipeline {}: giving up {} health samples after {} failed writes", pipeline, batch.size(),
                    sampleFailures);
            counters.droppedHealthSamples.addAndGet(batch.size());
            pendingSamples.clear();
            sampleFailures = 0;
            return true;
        }
        return false;
    }

    private boolean attempt(StorageBackend b, int rows, String what, Write write) {
        try {
            write.to(b);
            wrote();
            return true;
        } catch (StorageException | RuntimeException e) {
            counters.flushErrors.incrementAndGet();
            lastError = e.getMessage();
            LOG.warn("pipeline {}: writing {} {} failed, will retry: {}", pipeline, rows, what, e.getMessage());
            return false;
        }
    }

    /** Makes the backend's buffered rows visible once the sink has been quiet for a moment after writes. */
    private void flushWhenIdle() {
        if (!unwrittenSinceFlush || System.nanoTime() - lastWrite < IDLE_FLUSH_NANOS) {
            return;
        }
        StorageBackend b = storage.chosen();
        if (b == null) {
            return;
        }
        try {
            b.flush();
            counters.storageFlushes.incrementAndGet();
            unwrittenSinceFlush = false;
        } catch (StorageException | RuntimeException e) {
            counters.flushErrors.incrementAndGet();
            lastError = e.getMessage();
            lastWrite = System.nanoTime(); // next try after another quiet second
            if (healthy) {
                LOG.error("pipeline {}: storage flush failed, will retry: {}", pipeline, e.getMessage());
            }
            healthy = false;
        }
    }

    /** Everything is durable and visible before the pipeline may report drained. */
    private void flushAtEnd() {
        retrying(0, b -> {
            b.flush();
            counters.storageFlushes.incrementAndGet();
        });
    }

    private void wrote() {
        unwrittenSinceFlush = true;
        lastWrite = System.nanoTime();
    }

    /** The bound backend; waits while there is none. Null only when the sink is abandoned meanwhile. */
    private StorageBackend awaitBackend() {
        return awaitBackend(0);
    }

    private StorageBackend awaitBackend(int rowsInHand) {
        StorageBackend b;
        while ((b = storage.chosen()) == null) {
            if (abandon) {
                return null;
            }
            if (!waitingLogged) {
                waitingLogged = true;
                lastError = "no " + storage.type() + " storage backend bound";
                LOG.warn("pipeline {}: no {} storage backend bound; holding {} rows and {} queued until one is",
                        pipeline, storage.type(), rowsInHand, queue.size());
            }
            sampleIfDue();
            sleep(UNBOUND_POLL_MILLIS);
        }
        if (waitingLogged) {
            waitingLogged = false;
            LOG.info("pipeline {}: {} storage backend bound; writing resumes", pipeline, storage.type());
        }
        return b;
    }

    private void retrying(int rows, Write write) {
        long backoff = 100;
        while (true) {
            StorageBackend b = awaitBackend(rows);
            if (b == null) {
                gaveUp(rows, "no " + storage.type() + " storage backend bound");
                return;
            }
            try {
                write.to(b);
                wrote();
                if (!healthy) {
                    LOG.info("pipeline {}: storage writes recovered", pipeline);
                }
                healthy = true;
                return;
            } catch (StorageException | RuntimeException e) {
                counters.flushErrors.incrementAndGet();
                lastError = e.getMessage();
                boolean gone = storage.chosen() != b;
                if (healthy) {
                    LOG.error("pipeline {}: storage write failed{}, keeping {} rows and retrying: {}", pipeline,
                            gone ? " (its backend went away)" : "", rows, e.getMessage());
                }
                healthy = false;
                if (abandon) {
                    gaveUp(rows, e.getMessage());
                    return;
                }
                if (gone) {
                    continue; // the next backend gets the batch at once
                }
                sampleIfDue();
                sleep(backoff);
                backoff = Math.min(5_000, backoff * 2);
            }
        }
    }

    /** Logged once: at shutdown every later write gives up the same way. */
    private void gaveUp(int rows, String why) {
        if (!gaveUpLogged) {
            gaveUpLogged = true;
            LOG.error("pipeline {}: stopped with {} rows in hand and {} queued unwritten: {}", pipeline, rows,
                    queue.size(), why);
        }
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            abandon = true;
        }
    }
}
