package org.egret.console.internal.rest;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBDriver;
import org.egret.api.decode.LlmCall;
import org.egret.api.storage.StorageException;

/**
 * Calls as a Parquet file, written by an in-memory DuckDB (the driver the DuckDB storage bundle ships; whatever
 * backend stores the calls). The rows go through DuckDB's appender into a table, which {@code COPY} writes to the
 * spool file; Parquet's footer comes last, so the file is whole before its first byte is sent. Only this class
 * touches the driver: without its bundle the console still resolves and only this format is unavailable.
 */
final class CallsParquet {

    private CallsParquet() {
    }

    /** Writes every page to {@code spool}'s path. */
    static void write(SpoolFile spool, CallPages pages) throws StorageException {
        Properties props = new Properties();
        // a few threads and a memory cap: the appliance's capture must not starve behind an export
        props.setProperty("threads", "2");
        props.setProperty("memory_limit", "512MB");
        // should it spill, it spills into the spool's private directory, not the appliance's working directory
        props.setProperty("temp_directory", spool.path().resolveSibling("spill").toString());
        try (Connection c = new DuckDBDriver().connect("jdbc:duckdb:", props); Statement st = c.createStatement()) {
            StringBuilder ddl = new StringBuilder("CREATE TABLE calls (");
            List<CallColumns.Column> columns = CallColumns.ALL;
            for (int i = 0; i < columns.size(); i++) {
                ddl.append(i > 0 ? ", " : "").append(columns.get(i).name()).append(' ')
                        .append(columns.get(i).type().duckType);
            }
            st.execute(ddl.append(')').toString());
            try (DuckDBAppender a = c.unwrap(DuckDBConnection.class).createAppender(DuckDBConnection.DEFAULT_SCHEMA,
                    "calls")) {
                for (List<LlmCall> page = pages.next(); !page.isEmpty(); page = pages.next()) {
                    for (LlmCall call : page) {
                        a.beginRow();
                        for (CallColumns.Column col : columns) {
                            append(a, col.value().apply(call));
                        }
                        a.endRow();
                    }
                }
            }
            String path = spool.path().toAbsolutePath().toString().replace("'", "''");
            st.execute("COPY calls TO '" + path + "' (FORMAT parquet, COMPRESSION zstd)");
        } catch (SQLException e) {
            throw new IllegalStateException("writing the Parquet export failed", e);
        }
    }

    private static void append(DuckDBAppender a, Object v) throws SQLException {
        if (v == null) {
            a.appendNull();
        } else if (v instanceof String s) {
            a.append(s);
        } else if (v instanceof Long l) {
            a.append(l.longValue());
        } else if (v instanceof Integer i) {
            a.append(i.intValue());
        } else if (v instanceof Double d) {
            a.append(d.doubleValue());
        } else if (v instanceof Boolean b) {
            a.append(b.booleanValue());
        } else if (v instanceof List<?> list) {
            a.append(list);
        } else {
            a.append(v.toString());
        }
    }
}
