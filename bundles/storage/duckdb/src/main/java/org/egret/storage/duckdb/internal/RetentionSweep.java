package org.egret.storage.duckdb.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Age-based retention, per table, in bounded batches: each table loses its rows older than its cutoff one UTC day
 * at a time, each day its own transaction, so a sweep after a long pause never becomes one giant DELETE that holds
 * the whole backlog in one transaction's undo. Calls by request time and turns by their end (a turn still running
 * into the window keeps its row) after {@code retention_days}; exchanges by request time and body blocks by their
 * day after {@code retention_body_days}; metric rollups by window start and health samples by time after
 * {@code retention_metrics_days}.
 *
 * <p>Blocks are deleted by whole days only: a day's blocks go once every row of that day is past the cutoff, so a
 * row kept never loses a block. A call older than the body cutoff is still listed and found, its bodies null and
 * cleared from its row in the same sweep; a body that cannot be rebuilt otherwise (a block damaged or deleted by
 * hand) is marked in the call's partial reason (see {@link UnreadableBodies}).
 */
final class RetentionSweep {
    static final long DAY_MICROS = 86_400_000_000L;

    /** Rows deleted by one sweep. */
    record Deleted(long calls, long exchanges, long turns, long blocks, long rollups, long healthSamples) {
        static final Deleted NONE = new Deleted(0, 0, 0, 0, 0, 0);

        long total() {
            return calls + exchanges + turns + blocks + rollups + healthSamples;
        }
    }

    /**
     * The cutoffs of one sweep, epoch µs: rows older than these go.
     *
     * @param rows    calls and turns
     * @param bodies  exchanges and body blocks
     * @param metrics rollups and health samples
     */
    record Cutoffs(long rows, long bodies, long metrics) {
        static Cutoffs of(long nowMicros, int days, int bodyDays, int metricsDays) {
            return new Cutoffs(nowMicros - days * DAY_MICROS, nowMicros - bodyDays * DAY_MICROS,
                    nowMicros - metricsDays * DAY_MICROS);
        }
    }

    private RetentionSweep() {
    }

    static Deleted olderThan(Connection c, Cutoffs cutoffs) throws SQLException {
        long calls = byDay(c, "spans", "request_time", cutoffs.rows());
        long turns = byDay(c, "turns", "end_time", cutoffs.rows());
        long exchanges = byDay(c, "http_exchanges", "request_time", cutoffs.bodies());
        callBodiesByDay(c, cutoffs.bodies());
        long blocks = blockDays(c, Math.floorDiv(cutoffs.bodies(), DAY_MICROS));
        long rollups = byDay(c, "metric_rollups", "start_time", cutoffs.metrics());
        long samples = byDay(c, "health_samples", "sample_time", cutoffs.metrics());
        return new Deleted(calls, exchanges, turns, blocks, rollups, samples);
    }

    /** Deletes the rows with {@code timeColumn < cutoff}, oldest day first, one transaction per day that has rows. */
    private static long byDay(Connection c, String table, String timeColumn, long cutoffMicros) throws SQLException {
        long deleted = 0;
        while (true) {
            Long oldest = oldest(c, "SELECT epoch_us(min(" + timeColumn + ")) FROM " + table);
            if (oldest == null || oldest >= cutoffMicros) {
                return deleted;
            }
            long dayEnd = Math.min(cutoffMicros, (Math.floorDiv(oldest, DAY_MICROS) + 1) * DAY_MICROS);
            deleted += inTransaction(c, "DELETE FROM " + table + " WHERE " + timeColumn + " < make_timestamp(?)",
                    dayEnd);
        }
    }

    /** A call row whose bodies are still stored: in its row, as blocks, or (flag) in its exchange. */
    private static final String CALL_HAS_BODY = "(request_body IS NOT NULL OR response_body IS NOT NULL"
            + " OR request_body_blocks IS NOT NULL OR response_body_blocks IS NOT NULL"
            + " OR request_body_in_exchange IS NOT NULL)";

    /**
     * Clears the bodies of the calls older than the body cutoff, as if they had never been stored (null, no expired
     * marker; {@code request_body_in_exchange} too, its exchange being gone), one day per transaction. The WHERE
     * picks only rows still holding a body, so a later sweep finds nothing to do past the oldest such day.
     */
    private static void callBodiesByDay(Connection c, long cutoffMicros) throws SQLException {
        while (true) {
            Long oldest = oldest(c, "SELECT epoch_us(min(request_time)) FROM spans WHERE request_time < "
                    + "make_timestamp(" + cutoffMicros + ") AND " + CALL_HAS_BODY);
            if (oldest == null) {
                return;
            }
            long dayEnd = Math.min(cutoffMicros, (Math.floorDiv(oldest, DAY_MICROS) + 1) * DAY_MICROS);
            inTransaction(c, "UPDATE spans SET request_body = NULL, response_body = NULL, request_body_blocks = NULL,"
                    + " response_body_blocks = NULL, request_body_in_exchange = NULL WHERE request_time < "
                    + "make_timestamp(?) AND " + CALL_HAS_BODY, dayEnd);
        }
    }

    /** Deletes the blocks of the days before {@code cutoffDay} (days since the epoch), one day per transaction. */
    private static long blockDays(Connection c, long cutoffDay) throws SQLException {
        long deleted = 0;
        while (true) {
            Long oldest = oldest(c, "SELECT min(day) - DATE '1970-01-01' FROM body_blocks");
            if (oldest == null || oldest >= cutoffDay) {
                return deleted;
            }
            deleted += inTransaction(c, "DELETE FROM body_blocks WHERE day <= DATE '1970-01-01' + CAST(? AS INTEGER)",
                    oldest);
        }
    }

    private static Long oldest(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            long v = rs.getLong(1);
            return rs.wasNull() ? null : v;
        }
    }

    private static long inTransaction(Connection c, String delete, long bound) throws SQLException {
        JdbcStatements.begin(c);
        try (PreparedStatement ps = c.prepareStatement(delete)) {
            ps.setLong(1, bound);
            long n = ps.executeLargeUpdate();
            JdbcStatements.commit(c);
            return n;
        } catch (SQLException | RuntimeException e) {
            JdbcStatements.rollbackQuietly(c);
            throw e;
        }
    }
}
