package org.egret.storage.duckdb.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Age-based retention: deletes the calls and exchanges whose request time, and the turns whose end, is older than
 * the cutoff (a turn still running into the retention window keeps its row). Row DELETEs on tables without indexes
 * are cheap enough for now; dropping whole time partitions (per-day tables or files, see DESIGN.md "Storage") is a
 * later issue.
 */
final class RetentionSweep {

    /** Rows deleted by one sweep. */
    record Deleted(long calls, long exchanges, long turns) {
    }

    private RetentionSweep() {
    }

    static Deleted olderThan(Connection c, long cutoffMicros) throws SQLException {
        return new Deleted(delete(c, "spans", "request_time", cutoffMicros),
                delete(c, "http_exchanges", "request_time", cutoffMicros),
                delete(c, "turns", "end_time", cutoffMicros));
    }

    private static long delete(Connection c, String table, String timeColumn, long cutoffMicros) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM " + table + " WHERE " + timeColumn + " < make_timestamp(?)")) {
            ps.setLong(1, cutoffMicros);
            return ps.executeLargeUpdate();
        }
    }
}
