package org.egret.pipeline.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.function.IntFunction;
import org.egret.netstack.DecodedPacket;
import org.egret.netstack.NetstackCounters;
import org.egret.netstack.PacketDecoder;
import org.egret.netstack.TcpFlowTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker thread: owns the TCP flows hashed to it (one flow table per source), reassembles, parses HTTP and
 * hands exchanges on. Single-threaded state, fed through a bounded queue of frame batches.
 */
final class Worker implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);

    private final String name;
    private final ArrayBlockingQueue<FrameBatch> queue;
    private final BatchPool pool;
    private final int sourceCount;
    private final IntFunction<TcpFlowTable> tableFactory;
    private final PacketDecoder decoder;
    private final PipelineCounters counters;
    final NetstackCounters netstack;
    private final List<TcpFlowTable> tables = new ArrayList<>();
    private final DecodedPacket packet = new DecodedPacket();
    private final java.util.function.Consumer<String> onFatal;

    Worker(String name, int queueBatches, BatchPool pool, int sourceCount, NetstackCounters netstack,
            PacketDecoder decoder, IntFunction<TcpFlowTable> tableFactory, PipelineCounters counters,
            java.util.function.Consumer<String> onFatal) {
        this.onFatal = onFatal;
        this.name = name;
        this.queue = new ArrayBlockingQueue<>(Math.max(2, queueBatches));
        this.pool = pool;
        this.sourceCount = sourceCount;
        this.netstack = netstack;
        this.decoder = decoder;
        this.tableFactory = tableFactory;
        this.counters = counters;
        for (int i = 0; i < sourceCount; i++) {
            tables.add(null);
        }
    }

    boolean offer(FrameBatch batch) {
        return queue.offer(batch);
    }

    void enqueue(FrameBatch batch) {
        try {
            queue.put(batch);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    int queued() {
        return queue.size();
    }

    int capacity() {
        return queue.size() + queue.remainingCapacity();
    }

    @Override
    public void run() {
        int ended = 0;
        while (ended < sourceCount) {
            FrameBatch batch;
            try {
                batch = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                process(batch);
            } catch (Error e) {
                // e.g. OutOfMemoryError: the batch is lost and counted, the worker lives on so the pipeline drains
                internalError("batch of " + batch.count + " frames lost", e);
                onFatal.accept(name + ": " + e);
            }
            if (batch.kind == FrameBatch.END_OF_SOURCE) {
                ended++;
            }
            pool.give(batch);
        }
    }

    private void process(FrameBatch batch) {
        TcpFlowTable table = table(batch.sourceIndex);
        if (batch.kind == FrameBatch.END_OF_SOURCE) {
            guarded(table::closeAll);
            return;
        }
        ByteBuffer buf = ByteBuffer.wrap(batch.data);
        for (int i = 0; i < batch.count; i++) {
            int off = batch.offsets[i];
            buf.limit(off + batch.lengths[i]).position(off);
            try {
                if (decoder.decode(batch.linkTypes[i], buf, packet)) {
                    table.onPacket(packet, buf, batch.timestamps[i]);
                }
            } catch (RuntimeException e) {
                // the netstack must never throw on traffic; if it does, lose one packet, not the appliance
                internalError("packet dropped after an internal error", e);
            }
        }
        long last = batch.lastTimestamp();
        guarded(() -> table.advanceTime(last));
    }

    private void guarded(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            internalError("internal error", e);
        }
    }

    private void internalError(String what, Throwable e) {
        // counted always, logged the first few times: a systematic bug must not flood the log
        if (counters.workerErrors.incrementAndGet() <= 10) {
            LOG.error("{}: {}: {}", name, what, e.toString());
        }
    }

    private TcpFlowTable table(int sourceIndex) {
        TcpFlowTable t = tables.get(sourceIndex);
        if (t == null) {
            t = tableFactory.apply(sourceIndex);
            tables.set(sourceIndex, t);
        }
        return t;
    }
}
