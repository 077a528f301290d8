package org.egret.source.pcapfile.internal;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.egret.api.packet.FrameSink;

/**
 * Puts replayed frames on a timeline: every pass after the first is shifted past the end of the one before it (the
 * capture's span plus 5 minutes, as Heron does) so its flows are new flows, and with a rate the n-th frame is held
 * until n / rate seconds after the first.
 */
final class ReplayTimeline implements FrameSink {
    private static final long PASS_GAP_MICROS = 300_000_000L;
    /** Sleeps are cut into slices so a close is noticed even at very low rates. */
    private static final long MAX_SLEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final FrameSink downstream;
    private final double nanosPerFrame;
    private final BooleanSupplier stop;
    private boolean firstPass = true;
    private long firstMicros = Long.MAX_VALUE;
    private long lastMicros = Long.MIN_VALUE;
    private long shiftMicros;
    private long frames;
    private long startNanos;

    ReplayTimeline(FrameSink downstream, double ratePps, BooleanSupplier stop) {
        this.downstream = downstream;
        this.nanosPerFrame = ratePps > 0 ? 1e9 / ratePps : 0;
        this.stop = stop;
    }

    void startPass(int pass) {
        firstPass = pass == 0;
        shiftMicros = firstMicros > lastMicros ? 0 : pass * (lastMicros - firstMicros + PASS_GAP_MICROS);
    }

    @Override
    public void frame(int linkType, long timestampMicros, ByteBuffer frame, int wireLength) {
        if (firstPass) {
            firstMicros = Math.min(firstMicros, timestampMicros);
            lastMicros = Math.max(lastMicros, timestampMicros);
        }
        if (nanosPerFrame > 0) {
            waitForTurn();
        }
        downstream.frame(linkType, timestampMicros + shiftMicros, frame, wireLength);
    }

    /** Returns early when the source is closed: the frame in hand still goes out, the reader stops after it. */
    private void waitForTurn() {
        if (frames == 0) {
            startNanos = System.nanoTime();
        }
        long due = startNanos + (long) (frames * nanosPerFrame);
        frames++;
        long wait;
        while ((wait = due - System.nanoTime()) > 0) {
            if (stop.getAsBoolean()) {
                return;
            }
            LockSupport.parkNanos(Math.min(wait, MAX_SLEEP_NANOS));
        }
    }
}
