package org.egret.storage.duckdb.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import org.duckdb.DuckDBAppender;

/**
 * SQL NULL in both directions: Java nulls, and the data model's "0 = unknown" for timestamps and status codes, are
 * stored as NULL and read back as they were (JDBC's {@code getLong}/{@code getInt} already give 0 for NULL).
 */
final class NullableValues {

    private NullableValues() {
    }

    static void appendString(DuckDBAppender a, String v) throws SQLException {
        if (v == null) {
            a.appendNull();
        } else {
            a.append(v);
        }
    }

    static void appendInteger(DuckDBAppender a, Integer v) throws SQLException {
        if (v == null) {
            a.appendNull();
        } else {
            a.append(v.intValue());
        }
    }

    static void appendDouble(DuckDBAppender a, Double v) throws SQLException {
        if (v == null) {
            a.appendNull();
        } else {
            a.append(v.doubleValue());
        }
    }

    static void appendBlob(DuckDBAppender a, byte[] v) throws SQLException {
        if (v == null) {
            a.appendNull();
        } else {
            a.append(v);
        }
    }

    /** A TIMESTAMP column from epoch µs; 0 (unknown) is NULL. */
    static void appendMicros(DuckDBAppender a, long micros) throws SQLException {
        if (micros == 0) {
            a.appendNull();
        } else {
            a.appendEpochMicros(micros);
        }
    }

    /** A status code; 0 (no response) is NULL. */
    static void appendStatus(DuckDBAppender a, int status) throws SQLException {
        if (status == 0) {
            a.appendNull();
        } else {
            a.append(status);
        }
    }

    static Integer getInteger(ResultSet rs, String column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    static Double getDouble(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }
}
