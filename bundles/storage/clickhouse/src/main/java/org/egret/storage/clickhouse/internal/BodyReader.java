package org.egret.storage.clickhouse.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.egret.api.storage.StorageException;
import org.egret.bodyblocks.BlockId;
import org.egret.bodyblocks.BlockRef;
import org.egret.bodyblocks.BlockedBody;
import org.egret.bodyblocks.MissingBlockException;

/**
 * The read side of the body scheme: a body column's plain bytes, or its block list assembled from the day's
 * {@code body_blocks}. A block that is gone (retention took its day) makes the body null and is reported through
 * {@link #missing()}, never thrown to the API.
 */
final class BodyReader {

    /** Fetches blocks of one day by hex id. */
    @FunctionalInterface
    interface BlockSource {
        Map<String, byte[]> blocks(int day, Set<String> idsHex) throws StorageException;
    }

    private final BlockSource source;
    private final List<String> missing = new ArrayList<>();

    BodyReader(BlockSource source) {
        this.source = source;
    }

    /** The body of {@code column} in a row selected with {@code hex(column)} and {@code hex(column_blocks)}. */
    byte[] body(JsonNode row, String column, long timeMicros) throws StorageException {
        byte[] plain = JsonRows.hex(row, column + "_hex");
        if (plain != null) {
            return plain;
        }
        byte[] list = JsonRows.hex(row, column + "_blocks_hex");
        if (list == null) {
            return null;
        }
        BlockedBody body;
        try {
            body = BlockedBody.decode(list);
        } catch (IllegalArgumentException e) {
            missing.add(column + ": damaged block list (" + e.getMessage() + ")");
            return null;
        }
        Set<String> ids = new LinkedHashSet<>();
        for (BlockRef ref : body.blocks()) {
            ids.add(ref.id().hex());
        }
        Map<String, byte[]> found = ids.isEmpty() ? Map.of() : source.blocks(BodyBlocks.day(timeMicros), ids);
        Map<BlockId, byte[]> byId = new HashMap<>();
        for (Map.Entry<String, byte[]> e : found.entrySet()) {
            byId.put(BlockId.fromHex(e.getKey()), e.getValue());
        }
        try {
            return body.assemble(byId::get);
        } catch (MissingBlockException e) {
            missing.add(column + ": " + e.getMessage());
            return null;
        }
    }

    /** What could not be rebuilt, one line per body. */
    List<String> missing() {
        return missing;
    }
}
