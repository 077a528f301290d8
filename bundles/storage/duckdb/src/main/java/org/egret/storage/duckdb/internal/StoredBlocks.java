package org.egret.storage.duckdb.internal;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.egret.bodyblocks.BlockId;

/**
 * The (day, block id) pairs the writer knows are committed in {@code body_blocks}, so a block an agent re-sends is
 * not written again. Bounded, least recently used out first: a pair that fell out is written again on its next
 * use, which costs bytes but is harmless (readers take any row of a (day, id)). Not thread-safe: used under the
 * storage's write mutex only.
 */
final class StoredBlocks {
    /** About 100 bytes a pair: 256 Ki pairs (2 GiB of distinct 8 KiB blocks) in some 25 MB of heap. */
    static final int DEFAULT_CAPACITY = 256 * 1024;

    /** A block of one day: blocks are stored per UTC day of their rows' request time. */
    record Key(int day, BlockId id) {
    }

    private final LinkedHashMap<Key, Boolean> recent;

    StoredBlocks() {
        this(DEFAULT_CAPACITY);
    }

    StoredBlocks(int capacity) {
        this.recent = new LinkedHashMap<>(1024, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** True when the block is known to be stored; counts as a use. */
    boolean contains(Key key) {
        return recent.get(key) != null;
    }

    /** After a commit: the blocks it wrote. */
    void committed(Collection<Key> keys) {
        for (Key k : keys) {
            recent.put(k, Boolean.TRUE);
        }
    }

    /** Forgets everything, e.g. when the database file is reopened or retention deleted days. */
    void clear() {
        recent.clear();
    }

    int size() {
        return recent.size();
    }
}
