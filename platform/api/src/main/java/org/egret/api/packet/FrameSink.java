package org.egret.api.packet;

import java.nio.ByteBuffer;

/**
 * Receives captured frames from a {@link PacketSource}. The buffer is only valid during the call: a sink that keeps
 * the bytes copies them. A sink may block to apply back-pressure.
 */
@FunctionalInterface
public interface FrameSink {

    /**
     * @param linkType        a {@link LinkType} value
     * @param timestampMicros capture time, microseconds since the Unix epoch
     * @param frame           the captured bytes, from position to limit
     * @param wireLength      the frame's length on the wire (larger than the captured bytes when snapped)
     */
    void frame(int linkType, long timestampMicros, ByteBuffer frame, int wireLength);
}
