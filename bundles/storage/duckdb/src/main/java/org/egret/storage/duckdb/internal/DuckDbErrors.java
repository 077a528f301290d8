package org.egret.storage.duckdb.internal;

import java.sql.SQLException;

/** How DuckDB failures are recognised and told to the operator. */
final class DuckDbErrors {

    private DuckDbErrors() {
    }

    /**
     * True when DuckDB invalidated the whole database instance: every later statement fails until the file is
     * closed and opened again.
     */
    static boolean isFatal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (t instanceof SQLException && m != null
                    && (m.startsWith("FATAL") || m.contains("database has been invalidated"))) {
                return true;
            }
        }
        return false;
    }

    /** The first line of the message: DuckDB appends context lines an operator does not need in a log line. */
    static String firstLine(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return e.getClass().getSimpleName();
        }
        int nl = m.indexOf('\n');
        return nl < 0 ? m.strip() : m.substring(0, nl).strip();
    }
}
