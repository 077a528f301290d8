package org.egret.source.pcapfile.internal;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.egret.api.packet.FrameSink;
import org.egret.api.packet.PacketSource;
import org.egret.api.packet.SourceProgress;

/** One opened capture file, replayed {@code loop_count} times into a sink. */
final class PcapFileSource implements PacketSource {
    private final String location;
    private final FileChannel channel;
    private final long size;
    private final CaptureFormat format;
    private final ReplayOptions options;
    private final int windowSize;
    private final ReplayProgress progress;
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean closed;
    private volatile Thread runner;

    PcapFileSource(String location, FileChannel channel, long size, CaptureFormat format, ReplayOptions options,
            int windowSize) {
        this.location = location;
        this.channel = channel;
        this.size = size;
        this.format = format;
        this.options = options;
        this.windowSize = windowSize;
        this.progress = new ReplayProgress(size, options.loopCount());
    }

    @Override
    public String id() {
        return options.sourceId();
    }

    /** @throws IllegalStateException on a second call: a source replays its file once (times loop_count) */
    @Override
    public void run(FrameSink sink) throws IOException {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("pcap-file source " + id() + " has already run");
        }
        runner = Thread.currentThread();
        try {
            MappedCapture file = new MappedCapture(channel, size, windowSize);
            ReplayTimeline timeline = new ReplayTimeline(sink, options.ratePps(), this::isClosed);
            for (int pass = 0; pass < options.loopCount() && !closed; pass++) {
                progress.startPass(pass);
                timeline.startPass(pass);
                CaptureReader reader = format.reader(file, progress, this::isClosed);
                while (!closed && reader.next(timeline)) {
                    // one record per step, so a close is seen between any two records
                }
            }
        } catch (ClosedChannelException e) {
            if (!closed) {
                throw e;
            }
        } catch (InternalError e) {
            // how the JVM reports a fault on a mapped page: the file shrank under us
            throw new IOException("capture file " + location + " changed while being read: " + e.getMessage(), e);
        } finally {
            runner = null;
            progress.finish();
        }
    }

    private boolean isClosed() {
        return closed;
    }

    @Override
    public SourceProgress progress() {
        return progress.snapshot();
    }

    /** Safe from any thread and more than once; a running {@link #run} returns after the record in hand. */
    @Override
    public void close() throws IOException {
        closed = true;
        Thread t = runner;
        if (t != null) {
            LockSupport.unpark(t); // cuts a rate_pps wait short
        }
        if (!started.get()) {
            progress.finish();
        }
        channel.close();
    }
}
