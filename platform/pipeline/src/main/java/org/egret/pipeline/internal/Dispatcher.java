package org.egret.pipeline.internal;

import java.nio.ByteBuffer;
import org.egret.api.packet.FrameSink;
import org.egret.netstack.DecodedPacket;
import org.egret.netstack.PacketDecoder;

/**
 * Routes one source's frames to workers by the symmetric hash of the TCP 5-tuple, so both directions of a connection
 * reach the same worker and need no locks. Runs on the source's thread; frames are copied into per-worker batches.
 */
final class Dispatcher implements FrameSink {
    private final int sourceIndex;
    private final Worker[] workers;
    private final BatchPool pool;
    /** Set on the source's thread once the source says it is live, before its first frame. */
    private boolean dropWhenFull;
    private final PipelineCounters counters;
    private final PacketDecoder decoder;
    private final DecodedPacket packet = new DecodedPacket();
    private final FrameBatch[] current;
    /** when each worker's current batch got its first frame (System.nanoTime) */
    private final long[] since;
    private long lastAgeCheck = System.nanoTime();
    private long received;
    private long bytes;

    Dispatcher(int sourceIndex, Worker[] workers, BatchPool pool, PacketDecoder decoder, PipelineCounters counters) {
        this.sourceIndex = sourceIndex;
        this.workers = workers;
        this.pool = pool;
        this.decoder = decoder;
        this.counters = counters;
        this.current = new FrameBatch[workers.length];
        this.since = new long[workers.length];
    }

    /**
     * A batch is handed over when full or this old: a slow source (a paced replay, a quiet link) would otherwise
     * hold its calls back until the batch fills, and turns in progress would not show while they progress.
     */
    static final long MAX_BATCH_AGE_NANOS = 50_000_000L;

    @Override
    public void frame(int linkType, long timestampMicros, ByteBuffer frame, int wireLength) {
        received++;
        bytes += frame.remaining();
        if ((received & 1023) == 0) {
            publishCounts();
        }
        int position = frame.position();
        int limit = frame.limit();
        boolean tcp = decoder.decode(linkType, frame, packet);
        frame.limit(limit).position(position);
        if (!tcp) {
            return; // not IP/TCP: counted by the decoder
        }
        int w = workers.length == 1 ? 0 : Math.floorMod(packet.flowHash(), workers.length);
        FrameBatch batch = current[w];
        int length = frame.remaining();
        long now = System.nanoTime();
        if (batch == null || !batch.fits(length)) {
            if (batch != null) {
                send(w, batch);
            }
            batch = length > pool.batchBytes() ? pool.oversized(sourceIndex, length) : pool.take(sourceIndex);
            current[w] = batch;
            since[w] = now;
        }
        batch.add(linkType, timestampMicros, frame);
        if (now - lastAgeCheck >= MAX_BATCH_AGE_NANOS) {
            lastAgeCheck = now;
            sendOld(now);
        }
    }

    private void sendOld(long now) {
        for (int w = 0; w < workers.length; w++) {
            if (current[w] != null && current[w].count > 0 && now - since[w] >= MAX_BATCH_AGE_NANOS) {
                send(w, current[w]);
                current[w] = null;
            }
        }
    }

    /** A live source's frames are dropped (and counted) when their worker's queue is full, never waited for. */
    void dropWhenFull() {
        dropWhenFull = true;
    }

    /** End of this source: hands over what is batched and tells every worker the source is done. */
    void finish() {
        publishCounts();
        for (int w = 0; w < workers.length; w++) {
            if (current[w] != null && current[w].count > 0) {
                send(w, current[w]);
            }
            current[w] = null;
            FrameBatch end = pool.take(sourceIndex);
            end.kind = FrameBatch.END_OF_SOURCE;
            workers[w].enqueue(end); // always blocking: an end marker is never dropped
        }
    }

    private void send(int w, FrameBatch batch) {
        int frames = batch.count;
        if (dropWhenFull) {
            if (!workers[w].offer(batch)) {
                counters.pktsDroppedBackpressure.addAndGet(frames);
                pool.give(batch);
                return;
            }
        } else {
            workers[w].enqueue(batch);
        }
        counters.pktsRouted.addAndGet(frames);
    }

    private void publishCounts() {
        counters.pktsReceived.addAndGet(received);
        counters.bytesReceived.addAndGet(bytes);
        received = 0;
        bytes = 0;
    }
}
