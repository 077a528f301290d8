package org.egret.bodyblocks;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a body into blocks at content-defined boundaries (FastCDC: a gear rolling hash with normalized chunking).
 * A boundary depends only on the 64 bytes before it, so an insertion or change moves the boundaries of at most the
 * block or two around it; the blocks before and after keep their ids. That is what makes a request that re-sends a
 * conversation with one more message, or with a cache marker moved, cost its new bytes plus a block or two.
 *
 * <p>Blocks are 2 KiB to 64 KiB, 8 KiB on average. The gear table and masks are fixed forever: changing them would
 * not break stored bodies (each lists its own blocks) but would stop new bodies sharing blocks with old ones.
 */
public final class ContentChunker {
    public static final int MIN_BLOCK = 2 * 1024;
    public static final int AVERAGE_BLOCK = 8 * 1024;
    public static final int MAX_BLOCK = 64 * 1024;

    /** Before the average size a boundary is harder to hit (15 bits), after it easier (11 bits): sizes cluster. */
    private static final long MASK_HARD = -1L << (64 - 15);
    private static final long MASK_EASY = -1L << (64 - 11);
    private static final long[] GEAR = gearTable();

    private ContentChunker() {
    }

    /** The blocks of a whole body, in order; none for an empty body. */
    public static List<Chunk> split(byte[] body) {
        List<Chunk> out = new ArrayList<>(body.length / AVERAGE_BLOCK + 1);
        int start = 0;
        while (start < body.length) {
            int end = boundary(body, start, body.length);
            out.add(new Chunk(BlockId.of(body, start, end - start), start, end - start));
            start = end;
        }
        return out;
    }

    /** End (exclusive) of the block starting at {@code start}. */
    static int boundary(byte[] b, int start, int end) {
        int n = end - start;
        if (n <= MIN_BLOCK) {
            return end;
        }
        int normal = start + Math.min(AVERAGE_BLOCK, n);
        int limit = start + Math.min(MAX_BLOCK, n);
        long h = 0;
        // the hash of the 64 bytes before MIN_BLOCK: a boundary right after it depends on them as on any others
        int i = start + MIN_BLOCK - 64;
        for (; i < start + MIN_BLOCK; i++) {
            h = (h << 1) + GEAR[b[i] & 0xff];
        }
        for (; i < normal; i++) {
            h = (h << 1) + GEAR[b[i] & 0xff];
            if ((h & MASK_HARD) == 0) {
                return i + 1;
            }
        }
        for (; i < limit; i++) {
            h = (h << 1) + GEAR[b[i] & 0xff];
            if ((h & MASK_EASY) == 0) {
                return i + 1;
            }
        }
        return limit;
    }

    /** 256 pseudo-random words from SplitMix64 with a fixed seed. */
    private static long[] gearTable() {
        long[] t = new long[256];
        long x = 0x45677265744344L; // fixed forever (see the class comment)
        for (int i = 0; i < t.length; i++) {
            x += 0x9E3779B97F4A7C15L;
            long z = x;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            t[i] = z ^ (z >>> 31);
        }
        return t;
    }
}
