package org.egret.netstack.internal;

/** Receives decoded body bytes, each run tagged with the capture time of the packet that delivered it. */
@FunctionalInterface
interface BodyBytes {
    /** The bytes are only valid during the call. */
    void accept(byte[] b, int off, int len, long timestampMicros) throws CorruptBodyException;
}
