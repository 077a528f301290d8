package org.egret.netstack.internal;

/**
 * Undoes one content (or transfer) coding incrementally: bytes pushed in as packets arrive, decoded bytes passed on
 * with the timestamp of the packet that made them decodable. Single-threaded.
 */
abstract class ContentDecoder {
    /** The coding's name as sent on the wire, lower case. */
    abstract String coding();

    abstract void feed(byte[] b, int off, int len, long timestampMicros, BodyBytes out) throws CorruptBodyException;

    /**
     * The body ended. {@code complete} is false when it was cut off (gap, connection closed early): the decoder passes
     * on what it can and does not call the missing tail corrupt.
     */
    abstract void finish(boolean complete, long timestampMicros, BodyBytes out) throws CorruptBodyException;

    /** Frees native resources; called once whatever happened. */
    void release() {
    }

    /** A decoder for one coding token, or null when the coding is not supported. */
    static ContentDecoder forCoding(String coding, int maxCompressedBytes) {
        return switch (coding) {
            case "gzip", "x-gzip" -> new GzipDecoder(coding);
            case "deflate" -> new DeflateDecoder();
            case "br" -> new BrotliDecoder(maxCompressedBytes);
            case "zstd" -> ZstdDecoder.create();
            default -> null;
        };
    }
}
