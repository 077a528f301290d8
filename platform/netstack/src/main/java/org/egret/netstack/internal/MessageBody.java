package org.egret.netstack.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.egret.api.http.BodyTimeline;
import org.egret.api.http.SseEvent;
import org.egret.netstack.NetstackCounter;
import org.egret.netstack.NetstackCounters;

/**
 * The body of one message after transfer framing: undoes its codings as bytes arrive, keeps the decoded bytes up to
 * the cap (counting beyond it), and feeds an event-stream parser when the message is one. Never throws on bad input:
 * a coding that fails leaves the bytes decoded so far and a problem text.
 */
final class MessageBody {
    private static final byte[] EMPTY = new byte[0];
    private static final ContentDecoder[] NO_DECODERS = new ContentDecoder[0];
    /**
     * Bodies announced (Content-Length) up to this length get an exact array when their first byte arrives; longer
     * ones grow in blocks, so a length that is announced but never sent cannot make a flow hold much.
     */
    private static final long MAX_PRESIZE = 64 * 1024;

    private final FlowContext ctx;
    private final ContentDecoder[] decoders;
    private final BodyBytes[] stages;
    private final SseEventParser sse;
    /**
     * Kept bytes: in {@link #kept} when the length is known up front (presized), or once {@link #bytes} has been
     * asked; before that, in blocks of growing size from the context's free lists, copied once into an exact array
     * at the end. No body is copied more than twice, however it grows.
     */
    private byte[] kept = EMPTY;
    private int keptLength;
    private final int presize;
    private boolean inBlocks;
    private byte[][] blocks;
    private int blockCount;
    /** Bytes used in the last block. */
    private int blockFill;
    private long decodedLength;
    private long wireLength;
    private boolean truncated;
    /** Whether {@link #datingArrivals} asked for a timeline. */
    private boolean dated;
    /**
     * When the decoded bytes arrived, for responses that are not event streams: from {@code timelineOffsets[i]} on,
     * in the packet of {@code timelineMicros[i]}; one entry per packet, up to {@link BodyTimeline#MAX_ENTRIES}.
     */
    private long[] timelineOffsets;
    private long[] timelineMicros;
    private int timelineSize;
    private boolean decoding = true;
    private boolean finished;
    private String problem;

    private MessageBody(FlowContext ctx, ContentDecoder[] decoders, boolean eventStream, long expectedLength) {
        this.ctx = ctx;
        this.decoders = decoders;
        int max = ctx.config().maxBodyBytes();
        this.presize = decoders.length == 0 && expectedLength > 0 && expectedLength <= MAX_PRESIZE
                ? (int) Math.min(expectedLength, max) : 0;
        this.inBlocks = presize == 0;
        NetstackCounters counters = ctx.counters();
        this.sse = eventStream ? new SseEventParser(ctx.config().maxSseEvents(), Math.max(64 * 1024,
                ctx.config().maxBodyBytes()), counters) : null;
        this.stages = new BodyBytes[decoders.length + 1];
        if (decoders.length == 0) {
            return; // bytes go straight to keep()
        }
        stages[decoders.length] = this::keep;
        for (int k = decoders.length - 1; k >= 0; k--) {
            ContentDecoder decoder = decoders[k];
            BodyBytes next = stages[k + 1];
            stages[k] = (b, off, len, ts) -> decoder.feed(b, off, len, ts, next);
        }
    }

    /**
     * A body for a message with these headers' codings: {@code transferCodings} (Transfer-Encoding without
     * "chunked") and {@code contentCodings} (Content-Encoding), each in the order they were applied.
     */
    static MessageBody create(FlowContext ctx, List<String> transferCodings, List<String> contentCodings,
            boolean eventStream) {
        return create(ctx, transferCodings, contentCodings, eventStream, -1);
    }

    /** As above; {@code expectedLength} is the framed length of the body when known (Content-Length), else -1. */
    static MessageBody create(FlowContext ctx, List<String> transferCodings, List<String> contentCodings,
            boolean eventStream, long expectedLength) {
        if (transferCodings.isEmpty() && contentCodings.isEmpty()) {
            return new MessageBody(ctx, NO_DECODERS, eventStream, expectedLength);
        }
        List<String> applied = new ArrayList<>(contentCodings);
        applied.addAll(transferCodings);
        List<ContentDecoder> chain = new ArrayList<>();
        String unsupported = null;
        for (int k = applied.size() - 1; k >= 0; k--) {
            String coding = applied.get(k).trim().toLowerCase(Locale.ROOT);
            if (coding.isEmpty() || coding.equals("identity")) {
                continue;
            }
            ContentDecoder decoder = chain.size() < 4 ? ContentDecoder.forCoding(coding, ctx.config().maxBodyBytes()) : null;
            if (decoder == null) {
                unsupported = coding;
                break;
            }
            chain.add(decoder);
        }
        if (unsupported != null) {
            chain.forEach(ContentDecoder::release);
            MessageBody raw = new MessageBody(ctx, NO_DECODERS, false, expectedLength);
            raw.problem = "unsupported content-encoding: " + unsupported + " (body kept as received)";
            ctx.counters().increment(NetstackCounter.HTTP_DECODE_ERRORS);
            return raw;
        }
        return new MessageBody(ctx, chain.toArray(NO_DECODERS), eventStream, expectedLength);
    }

    /** Body bytes after transfer framing, at absolute {@code off} of {@code buf}. */
    void accept(byte[] buf, int off, int len, long ts) {
        wireLength += len;
        if (!decoding || len == 0) {
            return;
        }
        if (decoders.length == 0) {
            keep(buf, off, len, ts);
            return;
        }
        try {
            stages[0].accept(buf, off, len, ts);
        } catch (CorruptBodyException e) {
            fail(e);
        }
    }

    private void keep(byte[] b, int off, int len, long ts) {
        if (dated && len > 0) {
            dated(ts);
        }
        decodedLength += len;
        int max = ctx.config().maxBodyBytes();
        int room = max - keptLength;
        int n = Math.min(room, len);
        if (n < len) {
            truncated = true;
        }
        if (n > 0) {
            if (inBlocks) {
                keepInBlocks(b, off, n);
            } else {
                if (keptLength + n > kept.length) {
                    long grown = keptLength == 0 && presize >= n ? presize
                            : Math.max(Math.max(256, (long) kept.length * 2), (long) keptLength + n);
                    kept = Arrays.copyOf(kept, (int) Math.min(grown, max));
                }
                System.arraycopy(b, off, kept, keptLength, n);
            }
            keptLength += n;
        }
        if (sse != null) {
            sse.accept(b, off, len, ts);
        }
    }

    /** Bytes from {@link #decodedLength} on came in the packet of {@code ts}. */
    private void dated(long ts) {
        if (timelineSize > 0 && timelineMicros[timelineSize - 1] == ts) {
            return;
        }
        if (timelineOffsets == null) {
            timelineOffsets = new long[8];
            timelineMicros = new long[8];
        } else if (timelineSize == timelineOffsets.length) {
            if (timelineSize == BodyTimeline.MAX_ENTRIES) {
                return;
            }
            int grown = Math.min(timelineSize * 2, BodyTimeline.MAX_ENTRIES);
            timelineOffsets = Arrays.copyOf(timelineOffsets, grown);
            timelineMicros = Arrays.copyOf(timelineMicros, grown);
        }
        timelineOffsets[timelineSize] = decodedLength;
        timelineMicros[timelineSize] = ts;
        timelineSize++;
    }

    /**
     * Keeps a timeline of when the bytes arrived: for responses that are not event streams (a decoder dates the
     * first token of a JSON-array or NDJSON stream by it). Requests and event streams need none, so they pay nothing.
     */
    MessageBody datingArrivals() {
        dated = sse == null;
        return this;
    }

    BodyTimeline timeline() {
        return timelineSize == 0 ? BodyTimeline.EMPTY
                : BodyTimeline.of(timelineOffsets, timelineMicros, timelineSize);
    }

    /** {@code n} bytes of the body were never captured. */
    void lost(long n, String what) {
        truncated = true;
        addProblem(n + " bytes of the " + what + " body were lost in a capture gap");
        if (decoders.length > 0) {
            // a compressed stream cannot be picked up in the middle
            decoding = false;
        } else if (sse != null) {
            sse.gap();
        }
    }

    /** The body ended; {@code complete} is false when it was cut off. Frees the decoders. */
    void finish(boolean complete, long ts) {
        if (finished) {
            return;
        }
        finished = true;
        try {
            if (decoding) {
                for (int k = 0; k < decoders.length; k++) {
                    decoders[k].finish(complete, ts, stages[k + 1]);
                }
            }
        } catch (CorruptBodyException e) {
            fail(e);
        } finally {
            for (ContentDecoder d : decoders) {
                d.release();
            }
        }
        if (sse != null) {
            sse.finish(ts);
        }
        if (!complete) {
            truncated = true;
        }
        if (truncated) {
            ctx.counters().increment(NetstackCounter.HTTP_BODIES_TRUNCATED);
        }
    }

    private void fail(CorruptBodyException e) {
        decoding = false;
        truncated = true;
        ctx.counters().increment(NetstackCounter.HTTP_DECODE_ERRORS);
        addProblem(e.coding() + " body " + e.getMessage() + " after " + decodedLength + " bytes");
    }

    private void addProblem(String text) {
        problem = problem == null ? text : problem + "; " + text;
    }

    private void keepInBlocks(byte[] b, int off, int n) {
        while (n > 0) {
            if (blockCount == 0 || blockFill == blocks[blockCount - 1].length) {
                if (blocks == null) {
                    blocks = new byte[4][];
                } else if (blockCount == blocks.length) {
                    blocks = Arrays.copyOf(blocks, blockCount * 2);
                }
                blocks[blockCount] = ctx.takeBlock(Math.min(blockCount, FlowContext.BLOCK_CLASSES - 1));
                blockCount++;
                blockFill = 0;
            }
            byte[] last = blocks[blockCount - 1];
            int take = Math.min(n, last.length - blockFill);
            System.arraycopy(b, off, last, blockFill, take);
            blockFill += take;
            off += take;
            n -= take;
        }
    }

    /** The kept bytes, exactly. Once asked, blocks go back to the context and later bytes (if any) are kept whole. */
    byte[] bytes() {
        if (inBlocks) {
            inBlocks = false;
            if (blockCount > 0) {
                byte[] all = new byte[keptLength];
                int at = 0;
                for (int k = 0; k < blockCount; k++) {
                    byte[] block = blocks[k];
                    int n = Math.min(block.length, keptLength - at);
                    System.arraycopy(block, 0, all, at, n);
                    at += n;
                    ctx.giveBlock(block);
                    blocks[k] = null;
                }
                blocks = null;
                blockCount = 0;
                kept = all;
            }
        }
        return keptLength == kept.length ? kept : Arrays.copyOf(kept, keptLength);
    }

    long decodedLength() {
        return decodedLength;
    }

    long wireLength() {
        return wireLength;
    }

    boolean truncated() {
        return truncated || (sse != null && sse.truncated());
    }

    List<SseEvent> events() {
        return sse == null ? List.of() : sse.events();
    }

    String problem() {
        return problem;
    }
}
