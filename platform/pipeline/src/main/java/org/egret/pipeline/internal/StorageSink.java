package org.egret.pipeline.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.egret.api.decode.LlmCall;
import org.egret.api.http.HttpExchange;
import org.egret.api.storage.ExchangeRecord;
import org.egret.api.storage.StorageBackend;
import org.egret.api.storage.StorageException;
import org.egret.api.turn.AgentTurn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer between a pipeline and its storage backend: batches by size or age, and when a write fails
 * keeps the batch and retries with back-off (the queue in front fills up and back-pressure does the rest), so a
 * storage outage loses nothing that fits in the queue.
 */
final class StorageSink implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(StorageSink.class);
    private static final Item END = new Item(null, null, 0);

    private record Item(ExchangeRecord exchange, LlmCall call, int kilobytes) {
    }

    private final String pipeline;
    private final StorageBackend storage;
    private final BlockingQueue<Item> queue;
    /** Bounds the queue by memory as well as by count: one exchange may be a few bytes or many megabytes. */
    private final Semaphore kilobytes;
    private final int maxKilobytes;
    private final int batchSize;
    private final long flushNanos;
    private final PipelineCounters counters;
    private final TurnTracker turns;
    private volatile boolean healthy = true;
    private volatile String lastError;
    private volatile boolean abandon;

    StorageSink(String pipeline, StorageBackend storage, int capacity, int capacityMegabytes, int batchSize,
            int flushMillis, PipelineCounters counters, TurnTracker turns) {
        this.turns = turns;
        this.pipeline = pipeline;
        this.storage = storage;
        this.queue = new ArrayBlockingQueue<>(Math.max(16, capacity));
        this.maxKilobytes = Math.max(1024, capacityMegabytes * 1024);
        this.kilobytes = new Semaphore(maxKilobytes);
        this.batchSize = Math.max(1, batchSize);
        this.flushNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(1, flushMillis));
        this.counters = counters;
    }

    /** Queues one exchange and its call (may be null); blocks while the queue is full. */
    void put(ExchangeRecord exchange, LlmCall call) {
        int kb = (int) Math.min(maxKilobytes, estimateBytes(exchange, call) / 1024 + 1);
        try {
            kilobytes.acquire(kb);
            queue.put(new Item(exchange, call, kb));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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

    /** Asks the writer to write what is queued and stop. */
    void finish() {
        try {
            queue.put(END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stop retrying a failing storage (shutdown with a dead backend). */
    void abandon() {
        abandon = true;
    }

    int queued() {
        return queue.size();
    }

    int capacity() {
        return queue.size() + queue.remainingCapacity();
    }

    boolean healthy() {
        return healthy;
    }

    String lastError() {
        return lastError;
    }

    @Override
    public void run() {
        List<ExchangeRecord> exchanges = new ArrayList<>(batchSize);
        List<LlmCall> calls = new ArrayList<>(batchSize);
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
        try {
            assembleTurnsOrThrow(ended);
        } catch (RuntimeException e) {
            turnFailure(e);
        }
    }

    private void assembleTurnsOrThrow(boolean ended) {
        if (ended) {
            turns.finish();
        } else {
            turns.advance();
        }
        List<AgentTurn> closed = turns.takeClosed();
        if (closed.isEmpty() || !storage.storesTurns()) {
            return;
        }
        retrying(closed.size(), () -> {
            storage.writeTurns(closed);
            counters.flushedTurns.addAndGet(closed.size());
        });
    }

    /** What is retried until it succeeds, or the sink is abandoned. */
    private interface Write {
        void run() throws StorageException;
    }

    private void write(List<ExchangeRecord> exchanges, List<LlmCall> calls) {
        if (exchanges.isEmpty()) {
            return;
        }
        retrying(exchanges.size(), () -> {
            storage.writeExchanges(exchanges);
            counters.flushedExchanges.addAndGet(exchanges.size());
            exchanges.clear(); // written: a retry of the calls must not write them twice
        });
        if (!calls.isEmpty()) {
            retrying(calls.size(), () -> {
                storage.writeCalls(calls);
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

    private void retrying(int rows, Write write) {
        long backoff = 100;
        while (true) {
            try {
                write.run();
                if (!healthy) {
                    LOG.info("pipeline {}: storage writes recovered", pipeline);
                }
                healthy = true;
                return;
            } catch (StorageException | RuntimeException e) {
                counters.flushErrors.incrementAndGet();
                lastError = e.getMessage();
                if (healthy) {
                    LOG.error("pipeline {}: storage write failed, keeping {} rows and retrying: {}", pipeline, rows,
                            e.getMessage());
                }
                healthy = false;
                if (abandon) {
                    LOG.error("pipeline {}: giving up on {} unwritten rows at shutdown", pipeline, rows);
                    return;
                }
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    abandon = true;
                }
                backoff = Math.min(5_000, backoff * 2);
            }
        }
    }
}
