package org.egret.storage.clickhouse.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.egret.bodyblocks.BlockedBody;
import org.egret.bodyblocks.Chunk;
import org.egret.bodyblocks.ContentChunker;

/**
 * The write side of the shared body scheme: a body of at least {@link #MIN_BODY} bytes becomes its block list, and
 * each of its blocks not yet stored for that UTC day becomes a {@code body_blocks} row. Which (day, block) pairs are
 * stored is remembered in a bounded set; a block forgotten is simply written again, which readers tolerate.
 */
final class BodyBlocks {
    static final int MIN_BODY = 4096;
    private static final int REMEMBERED = 200_000;

    /** A body as its owning row stores it: plain bytes or an encoded block list, the other null. */
    record Stored(byte[] plain, byte[] blockList) {
    }

    /** A block row to write. */
    record Block(int day, String idHex, byte[] data) {
    }

    /** Blocks gathered for one write call; {@link #commit} once the call's rows are accepted. */
    final class Batch {
        private final List<Block> blocks = new ArrayList<>();
        private final Set<String> keys = new HashSet<>();

        Stored store(byte[] body, long timeMicros) {
            if (body == null || body.length < MIN_BODY) {
                return new Stored(body, null);
            }
            int day = day(timeMicros);
            List<Chunk> chunks = ContentChunker.split(body);
            for (Chunk c : chunks) {
                String key = day + ":" + c.id().hex();
                if (!keys.add(key) || known(key)) {
                    continue;
                }
                blocks.add(new Block(day, c.id().hex(), c.copyOf(body)));
            }
            return new Stored(null, BlockedBody.of(chunks).encode());
        }

        List<Block> blocks() {
            return blocks;
        }

        void commit() {
            synchronized (stored) {
                for (Block b : blocks) {
                    stored.put(b.day() + ":" + b.idHex(), Boolean.TRUE);
                }
            }
        }
    }

    private final Map<String, Boolean> stored = new LinkedHashMap<>(1024, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    };

    Batch batch() {
        return new Batch();
    }

    private boolean known(String key) {
        synchronized (stored) {
            return stored.get(key) != null;
        }
    }

    /** Forgets everything, e.g. after retention dropped days of blocks. */
    void forget() {
        synchronized (stored) {
            stored.clear();
        }
    }

    /** The UTC day of a time as {@code YYYYMMDD}, the partition key of every table. */
    static int day(long micros) {
        LocalDate d = LocalDate.ofInstant(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L)), ZoneOffset.UTC);
        return d.getYear() * 10_000 + d.getMonthValue() * 100 + d.getDayOfMonth();
    }
}
