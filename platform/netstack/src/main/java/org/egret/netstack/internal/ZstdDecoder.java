package org.egret.netstack.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

import io.airlift.compress.zstd.ZstdIncrementalFrameDecompressor;
import sun.misc.Unsafe;

/**
 * zstd (RFC 8878), incrementally, with aircompressor's pure-Java frame decoder: bytes are decoded block by block as
 * they arrive. That decoder keeps the last window of output to itself until the frame ends (it doubles as the match
 * history), which would hold back every event of a streamed response; so the decoded-but-unflushed bytes are read
 * from its window (private fields of the pinned 0.27 release). Should those fields ever be missing, output is passed
 * on when the decoder flushes it, which is still correct, only later.
 */
final class ZstdDecoder extends ContentDecoder {
    private static final long BASE = Unsafe.ARRAY_BYTE_BASE_OFFSET;
    private static final VarHandle WINDOW_BASE;
    private static final VarHandle WINDOW_ADDRESS;
    private static final VarHandle WINDOW_POSITION;

    static {
        VarHandle base = null;
        VarHandle address = null;
        VarHandle position = null;
        try {
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(ZstdIncrementalFrameDecompressor.class,
                    MethodHandles.lookup());
            base = lookup.findVarHandle(ZstdIncrementalFrameDecompressor.class, "windowBase", byte[].class);
            address = lookup.findVarHandle(ZstdIncrementalFrameDecompressor.class, "windowAddress", long.class);
            position = lookup.findVarHandle(ZstdIncrementalFrameDecompressor.class, "windowPosition", long.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            base = address = position = null;
        }
        WINDOW_BASE = base;
        WINDOW_ADDRESS = address;
        WINDOW_POSITION = position;
    }

    private final ZstdIncrementalFrameDecompressor decoder = new ZstdIncrementalFrameDecompressor();
    private final byte[] out = new byte[64 * 1024];
    private byte[] in = new byte[4096];
    private int inStart;
    private int inEnd;
    private long flushed;
    private long delivered;
    private boolean fed;

    private ZstdDecoder() {
    }

    /** Null when aircompressor cannot run here (no {@code sun.misc.Unsafe}). */
    static ContentDecoder create() {
        try {
            return new ZstdDecoder();
        } catch (LinkageError e) {
            return null;
        }
    }

    static boolean peeksWindow() {
        return WINDOW_BASE != null;
    }

    @Override
    String coding() {
        return "zstd";
    }

    @Override
    void feed(byte[] b, int off, int len, long ts, BodyBytes sink) throws CorruptBodyException {
        if (len == 0) {
            return;
        }
        fed = true;
        if (inStart > 0 && inEnd + len > in.length) {
            System.arraycopy(in, inStart, in, 0, inEnd - inStart);
            inEnd -= inStart;
            inStart = 0;
        }
        if (inEnd + len > in.length) {
            in = Arrays.copyOf(in, Math.max(in.length * 2, inEnd + len));
        }
        System.arraycopy(b, off, in, inEnd, len);
        inEnd += len;
        try {
            while (true) {
                int available = inEnd - inStart;
                if (available < decoder.getInputRequired() || (available == 0 && decoder.getRequestedOutputSize() == 0)) {
                    return;
                }
                decoder.partialDecompress(in, BASE + inStart, BASE + inEnd, out, 0, out.length);
                int consumed = decoder.getInputConsumed();
                int produced = decoder.getOutputBufferUsed();
                inStart += consumed;
                deliver(produced, ts, sink);
                if (consumed == 0 && produced == 0) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            throw new CorruptBodyException(coding(), "is corrupt");
        }
    }

    private void deliver(int produced, long ts, BodyBytes sink) throws CorruptBodyException {
        long flushedBefore = flushed;
        flushed += produced;
        if (delivered < flushed) {
            int from = (int) (delivered - flushedBefore);
            sink.accept(out, from, produced - from, ts);
            delivered = flushed;
        }
        if (WINDOW_BASE == null) {
            return;
        }
        long position = (long) WINDOW_POSITION.get(decoder);
        long pending = position - (long) WINDOW_ADDRESS.get(decoder);
        long decoded = flushed + pending;
        if (decoded > delivered) {
            int n = (int) (decoded - delivered);
            sink.accept((byte[]) WINDOW_BASE.get(decoder), (int) (position - BASE) - n, n, ts);
            delivered = decoded;
        }
    }

    @Override
    void finish(boolean complete, long ts, BodyBytes sink) throws CorruptBodyException {
        if (complete && fed && (!decoder.isAtStoppingPoint() || inEnd > inStart)) {
            throw new CorruptBodyException(coding(), "is truncated");
        }
    }
}
