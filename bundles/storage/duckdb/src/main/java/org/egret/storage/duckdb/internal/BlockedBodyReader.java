package org.egret.storage.duckdb.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.egret.bodyblocks.BlockId;
import org.egret.bodyblocks.BlockRef;
import org.egret.bodyblocks.BlockedBody;
import org.egret.bodyblocks.MissingBlockException;

/**
 * Rebuilds a body stored as blocks (schema v8) byte for byte: one lookup of its blocks in {@code body_blocks} of
 * its day, then {@link BlockedBody#assemble}, which checks every block against its hash. A body that cannot be
 * rebuilt (its day's blocks deleted by retention, or a block damaged) is not an error for the reader: it comes back
 * as {@link Body#unreadable} with the reason, and the row is shown without it.
 */
final class BlockedBodyReader {
    /** Block ids per lookup, so a body of many blocks binds a bounded number of parameters. */
    private static final int IDS_PER_LOOKUP = 512;

    /**
     * A body read back: its bytes, or null with why not.
     *
     * @param bytes      the body, or null
     * @param unreadable {@link #EXPIRED} or {@link #DAMAGED} when it could not be rebuilt, else null
     * @param detail     what exactly was wrong, for the log
     */
    record Body(byte[] bytes, String unreadable, String detail) {
        static Body of(byte[] bytes) {
            return new Body(bytes, null, null);
        }
    }

    /** A block of the body is no longer stored: retention deleted its day (or the rows were deleted by hand). */
    static final String EXPIRED = "expired";
    /** A block is there but is not what the list says (length or hash), or the list itself cannot be read. */
    static final String DAMAGED = "damaged";

    private BlockedBodyReader() {
    }

    /** The body whose block list {@code encoded} a row of request time {@code requestMicros} keeps. */
    static Body read(Connection c, byte[] encoded, long requestMicros, String column) throws SQLException {
        BlockedBody list;
        try {
            list = BlockedBody.decode(encoded);
        } catch (IllegalArgumentException e) {
            return new Body(null, DAMAGED, column + " does not hold a block list: " + e.getMessage());
        }
        Set<BlockId> wanted = new LinkedHashSet<>();
        for (BlockRef ref : list.blocks()) {
            wanted.add(ref.id());
        }
        Map<BlockId, byte[]> found = lookUp(c, new ArrayList<>(wanted), BodyBlockWriter.day(requestMicros));
        if (found.size() < wanted.size()) {
            return new Body(null, EXPIRED, (wanted.size() - found.size()) + " of the " + wanted.size()
                    + " blocks of " + column + " are no longer stored");
        }
        try {
            return Body.of(list.assemble(found::get));
        } catch (MissingBlockException e) {
            return new Body(null, DAMAGED, column + ": " + e.getMessage());
        }
    }

    private static Map<BlockId, byte[]> lookUp(Connection c, List<BlockId> ids, int day) throws SQLException {
        Map<BlockId, byte[]> found = new HashMap<>();
        for (int from = 0; from < ids.size(); from += IDS_PER_LOOKUP) {
            List<BlockId> part = ids.subList(from, Math.min(ids.size(), from + IDS_PER_LOOKUP));
            try (PreparedStatement ps = c.prepareStatement("SELECT id, lz4, data FROM body_blocks "
                    + "WHERE day = DATE '1970-01-01' + CAST(? AS INTEGER) AND id IN ("
                    + String.join(", ", Collections.nCopies(part.size(), "?")) + ")")) {
                ps.setInt(1, day);
                for (int i = 0; i < part.size(); i++) {
                    ps.setBytes(i + 2, part.get(i).bytes());
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        byte[] id = rs.getBytes(1);
                        byte[] data = rs.getBytes(3);
                        if (id == null || id.length != BlockId.LENGTH || data == null) {
                            continue; // not a block of this list; assemble finds it missing
                        }
                        // an LZ4 block that does not unpack reads as empty, which assemble reports as damaged
                        byte[] bytes = rs.getBoolean(2) ? unpackOrNull(data) : data;
                        found.putIfAbsent(BlockId.fromBytes(id), bytes == null ? new byte[0] : bytes);
                    }
                }
            }
        }
        return found;
    }

    private static byte[] unpackOrNull(byte[] packed) {
        try {
            return Lz4BodyCodec.unpack(packed, "body_blocks.data");
        } catch (SQLException e) {
            return null;
        }
    }
}
