package org.egret.source.pcapfile.internal;

import java.io.IOException;
import org.egret.api.packet.FrameSink;

/** Walks one capture format record by record, from the start of the file. */
interface CaptureReader {

    /** Largest captured length accepted; libpcap's own maximum snapshot length. */
    int MAX_CAPTURED_LENGTH = 256 * 1024;

    /**
     * Reads the next record, handing it to the sink if it is a frame. Damaged input is counted and skipped.
     *
     * @return false once the end of the file is reached
     */
    boolean next(FrameSink sink) throws IOException;
}
