package org.egret.source.pcapfile.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.egret.api.packet.SourceProgress;

/**
 * Counters written by the one thread that runs the source and read from any thread. Opaque stores keep the per-packet
 * cost at a plain store; {@code finished} is volatile and written last, so a reader that sees it sees final counts.
 */
final class ReplayProgress {
    private static final VarHandle BYTES_READ;
    private static final VarHandle PACKETS;
    private static final VarHandle DAMAGED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            BYTES_READ = lookup.findVarHandle(ReplayProgress.class, "bytesRead", long.class);
            PACKETS = lookup.findVarHandle(ReplayProgress.class, "packets", long.class);
            DAMAGED = lookup.findVarHandle(ReplayProgress.class, "damaged", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final long fileSize;
    private final long bytesTotal;
    private long passBase;
    private long bytesRead;
    private long packets;
    private long damaged;
    private volatile boolean finished;

    /** @param passes how many times the file is read: the total counts every pass */
    ReplayProgress(long fileSize, int passes) {
        this.fileSize = fileSize;
        this.bytesTotal = fileSize * passes;
    }

    void startPass(int pass) {
        passBase = fileSize * pass;
        BYTES_READ.setOpaque(this, passBase);
    }

    /** The reader has consumed the file up to {@code offset} in the current pass. */
    void reachedOffset(long offset) {
        BYTES_READ.setOpaque(this, passBase + offset);
    }

    void packetDelivered() {
        PACKETS.setOpaque(this, packets + 1);
    }

    void damagedRecord() {
        DAMAGED.setOpaque(this, damaged + 1);
    }

    void finish() {
        finished = true;
    }

    SourceProgress snapshot() {
        boolean done = finished;
        return new SourceProgress((long) BYTES_READ.getOpaque(this), bytesTotal, (long) PACKETS.getOpaque(this),
                (long) DAMAGED.getOpaque(this), done);
    }
}
