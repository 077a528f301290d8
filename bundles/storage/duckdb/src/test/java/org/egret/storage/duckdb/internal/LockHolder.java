package org.egret.storage.duckdb.internal;

import java.sql.Connection;
import java.util.Properties;
import org.duckdb.DuckDBDriver;

/** Run in a child JVM: opens a DuckDB file (taking its lock), says so, and holds it until stdin closes. */
public final class LockHolder {

    private LockHolder() {
    }

    public static void main(String[] args) throws Exception {
        try (Connection c = new DuckDBDriver().connect("jdbc:duckdb:" + args[0], new Properties())) {
            System.out.println("locked");
            System.out.flush();
            while (System.in.read() >= 0) {
                // hold the lock until the parent closes our stdin or kills us
            }
        }
    }
}
