package org.egret.storage.duckdb.internal;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.egret.api.decode.LlmCall;
import org.egret.api.storage.CallQuery;
import org.egret.api.storage.ExchangeQuery;
import org.egret.api.storage.ExchangeRecord;
import org.egret.api.storage.Page;
import org.egret.api.storage.StorageException;

/** The read side: list queries (filters, order, page, total) and lookups by id, on one read connection. */
final class ReadQueries {

    @FunctionalInterface
    private interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private ReadQueries() {
    }

    static Page<LlmCall> calls(Connection c, CallQuery q) throws SQLException, StorageException {
        ListOrder.checkPage(q.offset(), q.limit());
        String order = ListOrder.sql("calls", q.sortBy(), CallQuery.SORT_FIELDS, q.order());
        WhereClause where = new WhereClause()
                .timeRange("request_time", q.range())
                .in("wire_api", q.wireApis())
                .in("model", q.models())
                .in("server_ip", q.serverIps())
                .in("client_ip", q.clientIps())
                .in("server_port", q.serverPorts())
                .statusIn("status_code", q.statusCodes())
                .in("finish_reason", q.finishReasons())
                .is("is_stream", q.stream())
                .contains("request_path", q.requestPathContains());
        return page(c, "spans", SpanRows.LIST_COLUMNS, where, order, q.offset(), q.limit(),
                rs -> SpanRows.read(rs, false));
    }

    static Page<ExchangeRecord> exchanges(Connection c, ExchangeQuery q) throws SQLException, StorageException {
        ListOrder.checkPage(q.offset(), q.limit());
        String order = ListOrder.sql("HTTP exchanges", q.sortBy(), ExchangeQuery.SORT_FIELDS, q.order());
        WhereClause where = new WhereClause()
                .timeRange("request_time", q.range())
                .in("server_ip", q.serverIps())
                .in("client_ip", q.clientIps())
                .in("method", q.methods())
                .statusIn("status", q.statuses())
                .contains("uri", q.uriContains())
                .is("is_sse", q.sse());
        return page(c, "http_exchanges", ExchangeRows.LIST_COLUMNS, where, order, q.offset(), q.limit(),
                rs -> ExchangeRows.read(rs, false));
    }

    /**
     * The call, and when its request body is stored only with its exchange (see {@link SchemaMigrations}), that
     * body in a second lookup by the exchange id: two reads in one transaction, no join.
     */
    static Optional<LlmCall> call(Connection c, String id) throws SQLException {
        if (id == null) {
            return Optional.empty();
        }
        JdbcStatements.begin(c);
        try {
            LlmCall call = null;
            boolean requestBodyInExchange = false;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + SpanRows.DETAIL_COLUMNS + " FROM spans WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        call = SpanRows.read(rs, true);
                        requestBodyInExchange = rs.getBoolean("request_body_in_exchange");
                    }
                }
            }
            if (requestBodyInExchange) {
                call.setRequestBody(exchangeRequestBody(c, call.getExchangeId()));
            }
            JdbcStatements.commit(c);
            return Optional.ofNullable(call);
        } catch (SQLException | RuntimeException e) {
            JdbcStatements.rollbackQuietly(c);
            throw e;
        }
    }

    /** The exchange's request body as text; null when the exchange is gone (e.g. deleted by hand). */
    private static String exchangeRequestBody(Connection c, String exchangeId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + ExchangeRows.REQUEST_BODY_COLUMNS + " FROM http_exchanges WHERE id = ?")) {
            ps.setString(1, exchangeId);
            try (ResultSet rs = ps.executeQuery()) {
                byte[] body = rs.next() ? ExchangeRows.requestBody(rs) : null;
                return body == null ? null : new String(body, StandardCharsets.UTF_8);
            }
        }
    }

    static Optional<ExchangeRecord> exchange(Connection c, String id) throws SQLException {
        return byId(c, "http_exchanges", ExchangeRows.DETAIL_COLUMNS, id, rs -> ExchangeRows.read(rs, true));
    }

    /** The total and the page are read in one transaction, so they agree while the writer appends. */
    private static <T> Page<T> page(Connection c, String table, String columns, WhereClause where, String order,
            int offset, int limit, RowReader<T> reader) throws SQLException {
        JdbcStatements.begin(c);
        try {
            long total;
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + table + where.sql())) {
                where.bind(ps);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<T> items = new ArrayList<>(Math.min(limit, 1024));
            if (limit > 0 && offset < total) {
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT " + columns + " FROM " + table + where.sql() + order)) {
                    int next = where.bind(ps);
                    ps.setInt(next, limit);
                    ps.setInt(next + 1, offset);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            items.add(reader.read(rs));
                        }
                    }
                }
            }
            JdbcStatements.commit(c);
            return new Page<>(total, List.copyOf(items));
        } catch (SQLException | RuntimeException e) {
            JdbcStatements.rollbackQuietly(c);
            throw e;
        }
    }

    private static <T> Optional<T> byId(Connection c, String table, String columns, String id, RowReader<T> reader)
            throws SQLException {
        if (id == null) {
            return Optional.empty();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT " + columns + " FROM " + table + " WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(reader.read(rs)) : Optional.empty();
            }
        }
    }
}
