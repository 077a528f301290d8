package org.egret.netstack;

import java.nio.ByteBuffer;

import org.egret.netstack.internal.FlowContext;
import org.egret.netstack.internal.StreamEnd;
import org.egret.netstack.internal.TcpFlow;

/**
 * All TCP flows of one packet source seen by one worker thread, rebuilt into HTTP exchanges that are handed to the
 * listener as they complete. Single-threaded. Time is event time only: the packet timestamps and
 * {@link #advanceTime}.
 */
public final class TcpFlowTable {
    private final NetstackConfig config;
    private final NetstackCounters counters;
    private final FlowContext ctx;
    private TcpFlow[] buckets = new TcpFlow[256];
    private int size;
    /** Least recently seen first; a packet moves its flow to the newest end. */
    private TcpFlow oldest;
    private TcpFlow newest;

    public TcpFlowTable(String sourceId, NetstackConfig config, NetstackCounters counters, ExchangeListener listener) {
        this.config = config;
        this.counters = counters;
        this.ctx = new FlowContext(sourceId, config, counters, listener);
    }

    /**
     * One decoded TCP packet. {@code frame} is the buffer {@link PacketDecoder#decode} read; the payload is at
     * {@code p.payloadOffset()} for {@code p.payloadLength()} bytes. Bytes kept beyond this call are copied. Never
     * throws on any input.
     */
    public void onPacket(DecodedPacket p, ByteBuffer frame, long timestampMicros) {
        TcpFlow flow = null;
        try {
            flow = find(p);
            int direction;
            if (flow != null && flow.isReusedBy(p.srcIs(flow.aHi, flow.aLo, flow.aPort) ? 0 : 1, p)) {
                TcpFlow old = flow;
                flow = null;
                remove(old);
                old.close(StreamEnd.FIN, timestampMicros);
            }
            if (flow == null) {
                if (!p.isSyn() && p.payloadLength() + p.payloadMissing() == 0) {
                    return; // a bare ACK, FIN or RST of a connection we do not follow starts nothing
                }
                if (p.isRst()) {
                    return;
                }
                flow = new TcpFlow(ctx, p, p.srcHi, p.srcLo, p.dstHi, p.dstLo, timestampMicros);
                insert(flow);
                counters.increment(NetstackCounter.FLOWS_CREATED);
                direction = 0;
            } else {
                direction = p.srcIs(flow.aHi, flow.aLo, flow.aPort) ? 0 : 1;
                touch(flow);
            }
            if (flow.onSegment(direction, p, frame, timestampMicros)) {
                remove(flow);
            }
        } catch (RuntimeException e) {
            internalError(flow, timestampMicros);
        }
    }

    /** Event-time tick: flows silent for longer than the idle timeout are ended, their pending exchanges emitted. */
    public void advanceTime(long nowMicros) {
        long cutoff = nowMicros - config.flowIdleTimeoutMicros();
        while (oldest != null && oldest.lastSeenMicros < cutoff) {
            TcpFlow flow = oldest;
            remove(flow);
            counters.increment(NetstackCounter.FLOWS_EXPIRED);
            try {
                flow.close(StreamEnd.IDLE, nowMicros);
            } catch (RuntimeException e) {
                counters.increment(NetstackCounter.INTERNAL_ERRORS);
            }
        }
    }

    /** End of input: every pending exchange is emitted (cut-off ones as partial) and every flow forgotten. */
    public void closeAll() {
        while (oldest != null) {
            TcpFlow flow = oldest;
            remove(flow);
            try {
                flow.close(StreamEnd.CAPTURE_END, flow.lastSeenMicros);
            } catch (RuntimeException e) {
                counters.increment(NetstackCounter.INTERNAL_ERRORS);
            }
        }
    }

    public int activeFlows() {
        return size;
    }

    private void internalError(TcpFlow flow, long ts) {
        counters.increment(NetstackCounter.INTERNAL_ERRORS);
        if (flow != null && contains(flow)) {
            remove(flow);
            try {
                flow.close(StreamEnd.RST, ts);
            } catch (RuntimeException again) {
                counters.increment(NetstackCounter.INTERNAL_ERRORS);
            }
        }
    }

    private TcpFlow find(DecodedPacket p) {
        for (TcpFlow f = buckets[p.flowHash & (buckets.length - 1)]; f != null; f = f.bucketNext) {
            if (f.hash != p.flowHash || f.ipVersion != p.ipVersion) {
                continue;
            }
            if ((p.srcIs(f.aHi, f.aLo, f.aPort) && p.dstIs(f.bHi, f.bLo, f.bPort))
                    || (p.srcIs(f.bHi, f.bLo, f.bPort) && p.dstIs(f.aHi, f.aLo, f.aPort))) {
                return f;
            }
        }
        return null;
    }

    private boolean contains(TcpFlow flow) {
        for (TcpFlow f = buckets[flow.hash & (buckets.length - 1)]; f != null; f = f.bucketNext) {
            if (f == flow) {
                return true;
            }
        }
        return false;
    }

    private void insert(TcpFlow flow) {
        if (size + 1 > buckets.length * 3 / 4) {
            rehash();
        }
        int b = flow.hash & (buckets.length - 1);
        flow.bucketNext = buckets[b];
        buckets[b] = flow;
        size++;
        linkNewest(flow);
        counters.set(NetstackCounter.FLOWS_ACTIVE, size);
    }

    private void remove(TcpFlow flow) {
        int b = flow.hash & (buckets.length - 1);
        TcpFlow prev = null;
        for (TcpFlow f = buckets[b]; f != null; prev = f, f = f.bucketNext) {
            if (f == flow) {
                if (prev == null) {
                    buckets[b] = f.bucketNext;
                } else {
                    prev.bucketNext = f.bucketNext;
                }
                f.bucketNext = null;
                size--;
                unlink(flow);
                counters.set(NetstackCounter.FLOWS_ACTIVE, size);
                return;
            }
        }
    }

    private void rehash() {
        TcpFlow[] old = buckets;
        buckets = new TcpFlow[old.length * 2];
        for (TcpFlow head : old) {
            for (TcpFlow f = head; f != null; ) {
                TcpFlow next = f.bucketNext;
                int b = f.hash & (buckets.length - 1);
                f.bucketNext = buckets[b];
                buckets[b] = f;
                f = next;
            }
        }
    }

    private void touch(TcpFlow flow) {
        if (flow != newest) {
            unlink(flow);
            linkNewest(flow);
        }
    }

    private void linkNewest(TcpFlow flow) {
        flow.olderFlow = newest;
        flow.newerFlow = null;
        if (newest != null) {
            newest.newerFlow = flow;
        } else {
            oldest = flow;
        }
        newest = flow;
    }

    private void unlink(TcpFlow flow) {
        if (flow.olderFlow != null) {
            flow.olderFlow.newerFlow = flow.newerFlow;
        } else {
            oldest = flow.newerFlow;
        }
        if (flow.newerFlow != null) {
            flow.newerFlow.olderFlow = flow.olderFlow;
        } else {
            newest = flow.olderFlow;
        }
        flow.olderFlow = null;
        flow.newerFlow = null;
    }
}
