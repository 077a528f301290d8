package org.egret.console.internal.rest;

import java.io.IOException;
import java.io.OutputStream;
import org.egret.api.storage.StorageException;

/**
 * A response body that is not a JSON envelope (a file download), written straight to the client. What can fail is
 * best found before the response is returned, while an error can still be an envelope: once the first bytes are
 * out, a failure can only cut the stream.
 */
@FunctionalInterface
public interface StreamBody {

    void writeTo(OutputStream out) throws IOException, StorageException;

    /** Frees what the body holds (a spooled file); called once, whether or not the body was written. */
    default void release() {
    }
}
