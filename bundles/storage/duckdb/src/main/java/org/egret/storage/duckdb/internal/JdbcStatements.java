package org.egret.storage.duckdb.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Statements without results, and transactions spelled out in SQL: DuckDB's appender ignores JDBC's auto-commit
 * switch, so a batch is only all-or-nothing inside an explicit {@code BEGIN TRANSACTION}.
 */
final class JdbcStatements {

    private JdbcStatements() {
    }

    static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    static void begin(Connection c) throws SQLException {
        execute(c, "BEGIN TRANSACTION");
    }

    static void commit(Connection c) throws SQLException {
        execute(c, "COMMIT");
    }

    /** Ends the open transaction, if any, discarding its changes; an error here must not hide the first one. */
    static void rollbackQuietly(Connection c) {
        try {
            execute(c, "ROLLBACK");
        } catch (SQLException | RuntimeException ignored) {
            // no transaction open, or the connection is already gone: nothing left to undo
        }
    }
}
