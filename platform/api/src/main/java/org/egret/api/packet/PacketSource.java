package org.egret.api.packet;

import java.io.Closeable;
import java.io.IOException;
import org.osgi.annotation.versioning.ConsumerType;

/** One opened capture: a file being replayed, an interface being read. */
@ConsumerType
public interface PacketSource extends Closeable {

    /** Stable identifier of this source, stored with every record it produces. */
    String id();

    /**
     * Delivers frames to the sink until the input ends (returns normally) or {@link #close()} is called from another
     * thread. Damaged input that can be skipped is counted in {@link #progress()}, not thrown.
     *
     * @throws IOException when the input cannot be read any further
     */
    void run(FrameSink sink) throws IOException;

    /** A live view of how far the source has come; safe to call from any thread. */
    SourceProgress progress();

    /**
     * True for a live source (a network interface, a probe feed). A live source cannot be paused: when the storage
     * cannot keep up its records are dropped and counted rather than blocking capture. A replayed file is not live:
     * it waits for the storage instead, and loses nothing.
     */
    default boolean live() {
        return false;
    }
}
