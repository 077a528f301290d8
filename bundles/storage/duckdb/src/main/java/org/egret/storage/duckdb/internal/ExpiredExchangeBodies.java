package org.egret.storage.duckdb.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Tells a call whose request body is gone with its exchange (retention keeps exchanges shorter than calls) from a
 * call that never had one: only asked when a found call's request body is null, so the usual read pays nothing.
 */
final class ExpiredExchangeBodies {

    private ExpiredExchangeBodies() {
    }

    /** True when the call's request body was stored only with its exchange (schema v2's shared request body). */
    static boolean requestBodyWasInExchange(Connection c, String callId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT request_body_in_exchange FROM spans WHERE id = ?")) {
            ps.setString(1, callId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }
}
