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
import org.egret.api.storage.AgentSession;
import org.egret.api.storage.CallQuery;
import org.egret.api.storage.ExchangeQuery;
import org.egret.api.storage.ExchangeRecord;
import org.egret.api.storage.Page;
import org.egret.api.storage.SessionQuery;
import org.egret.api.storage.SortOrder;
import org.egret.api.storage.StorageException;
import org.egret.api.storage.TurnQuery;
import org.egret.api.turn.AgentTurn;
import org.egret.api.turn.TurnStatus;

/**
 * The read side: list queries (filters, order, page, total), lookups by id and sessions summed up from turns, on one
 * read connection.
 */
final class ReadQueries {

    @FunctionalInterface
    private interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** The proxy role of a turn's upstream leg (the client's leg is {@code proxy_in}). */
    static final String PROXY_OUT = "proxy_out";

    private ReadQueries() {
    }

    static Page<LlmCall> calls(Connection c, CallQuery q) throws SQLException, StorageException {
        ListOrder.checkPage(q.offset(), q.limit());
        String field = ListOrder.field("calls", q.sortBy(), CallQuery.SORT_FIELDS);
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
        return page(c, "SELECT COUNT(*) FROM spans" + where.sql(),
                latePage("spans", SpanRows.LIST_COLUMNS, where, field, q.order()),
                latePageBinding(where, q.offset(), q.limit()), where, q.offset(), q.limit(),
                rs -> SpanRows.read(rs, false));
    }

    static Page<ExchangeRecord> exchanges(Connection c, ExchangeQuery q) throws SQLException, StorageException {
        ListOrder.checkPage(q.offset(), q.limit());
        String field = ListOrder.field("HTTP exchanges", q.sortBy(), ExchangeQuery.SORT_FIELDS);
        WhereClause where = new WhereClause()
                .timeRange("request_time", q.range())
                .in("server_ip", q.serverIps())
                .in("client_ip", q.clientIps())
                .in("method", q.methods())
                .statusIn("status", q.statuses())
                .contains("uri", q.uriContains())
                .is("is_sse", q.sse());
        return page(c, "SELECT COUNT(*) FROM http_exchanges" + where.sql(),
                latePage("http_exchanges", ExchangeRows.LIST_COLUMNS, where, field, q.order()),
                latePageBinding(where, q.offset(), q.limit()), where, q.offset(), q.limit(),
                rs -> ExchangeRows.read(rs, false));
    }

    static Page<AgentTurn> turns(Connection c, TurnQuery q) throws SQLException, StorageException {
        ListOrder.checkPage(q.offset(), q.limit());
        String field = ListOrder.field("turns", q.sortBy(), TurnQuery.SORT_FIELDS);
        List<String> statuses = new ArrayList<>();
        if (q.statuses() != null) {
            for (TurnStatus s : q.statuses()) {
                if (s != null) {
                    statuses.add(s.apiName());
                }
            }
        }
        WhereClause where = (q.includeProxyOut() ? new WhereClause() : visibleTurns())
                .timeRange("start_time", q.range())
                .in("agent_kind", q.agentKinds())
                .in("session_id", q.sessionIds())
                .in("source_id", q.sourceIds())
                .in("status", statuses)
                .in("wire_api", q.wireApis())
                .anyOf("models", q.models())
                .in("client_ip", q.clientIps())
                .in("server_ip", q.serverIps());
        return page(c, "SELECT COUNT(*) FROM turns" + where.sql(),
                latePage("turns", TurnRows.LIST_COLUMNS, where, field, q.order()),
                latePageBinding(where, q.offset(), q.limit()), where, q.offset(), q.limit(),
                rs -> TurnRows.read(rs, false));
    }

    static Optional<AgentTurn> turn(Connection c, String id) throws SQLException {
        return byId(c, "turns", TurnRows.DETAIL_COLUMNS, id, rs -> TurnRows.read(rs, true));
    }

    /**
     * Sessions summed up over all their turns but upstream proxy legs. The filters pick sessions, not turns: a
     * session is listed when it is one of the session ids asked for and one of its turns starts in the range and has
     * one of the agent kinds and sources asked for, and is then summed up whole.
     */
    static Page<AgentSession> sessions(Connection c, SessionQuery q) throws SQLException, StorageException {
        ListOrder.checkPage(q.offset(), q.limit());
        String field = ListOrder.field("sessions", q.sortBy(), AgentSession.SORT_FIELDS);
        // named session ids pick sessions directly: every visible turn of those ids is summed up
        WhereClause where = visibleTurns().notNull("session_id").in("session_id", q.sessionIds());
        boolean anyTime = q.range() == null || q.range().isAll();
        if (!anyTime || !isEmpty(q.agentKinds()) || !isEmpty(q.sourceIds())) {
            where.inSelect("session_id", "SELECT session_id FROM turns", visibleTurns()
                    .timeRange("start_time", q.range())
                    .in("agent_kind", q.agentKinds())
                    .in("source_id", q.sourceIds()));
        }
        WhereClause summed = visibleTurns();
        return page(c, SessionRows.countSql(where), SessionRows.selectSql(summed, where, field, q.order()),
                ps -> {
                    int next = where.bind(ps, summed.bind(ps));
                    ps.setInt(next, q.limit());
                    ps.setInt(next + 1, q.offset());
                }, where, q.offset(), q.limit(), SessionRows::read);
    }

    /** Turns but the upstream legs of proxied turns, which are hidden so that a turn seen on both sides counts once. */
    private static WhereClause visibleTurns() {
        return new WhereClause().isNot("proxy_role", PROXY_OUT);
    }

    private static boolean isEmpty(List<?> list) {
        return list == null || list.isEmpty();
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

    /**
     * The rows of one page, found in steps: the value of the sort column at the page's last row (ordered on that
     * column alone), the row ids of the page among the rows on the near side of that value (ordered and cut on the
     * column and the id), then the list columns of just those rows. Ordering whole rows, or every row by column and
     * id, made DuckDB compare ids through its top-N for every row (time-ordered ids share long prefixes): a sort off
     * the time order took a quarter of a second on a million calls. Rows whose column is NULL, and every row when
     * the cut is NULL (no row there, or the page ends among the NULLs), stay candidates. Parameters:
     * {@code where}'s values twice, the cut's offset, then limit and offset.
     */
    private static String latePage(String table, String columns, WhereClause where, String field, SortOrder order) {
        String cut = "(SELECT " + field + " FROM " + table + where.sql() + " ORDER BY " + field + " "
                + ListOrder.direction(order) + " NULLS LAST LIMIT 1 OFFSET ?)";
        String nearSide = "(" + field + (order == SortOrder.ASC ? " <= " : " >= ") + cut + ") IS NOT FALSE";
        String candidates = (where.sql().isEmpty() ? " WHERE " : where.sql() + " AND ") + nearSide;
        return "SELECT " + columns + " FROM " + table + " WHERE rowid IN (SELECT rowid FROM " + table + candidates
                + ListOrder.orderBy(field, "id", order) + " LIMIT ? OFFSET ?)" + ListOrder.orderBy(field, "id", order);
    }

    /** Binds a {@link #latePage}. */
    private static SelectBinding latePageBinding(WhereClause where, int offset, int limit) {
        return ps -> {
            int next = where.bind(ps, where.bind(ps));
            ps.setLong(next, (long) offset + Math.max(limit, 1) - 1);
            ps.setInt(next + 1, limit);
            ps.setInt(next + 2, offset);
        };
    }

    @FunctionalInterface
    private interface SelectBinding {
        void bind(PreparedStatement ps) throws SQLException;
    }

    /**
     * The total and the page are read in one transaction, so they agree while the writer appends. The count holds
     * {@code where}'s conditions; {@code binding} binds every parameter of the select.
     */
    private static <T> Page<T> page(Connection c, String countSql, String selectSql, SelectBinding binding,
            WhereClause where, int offset, int limit, RowReader<T> reader) throws SQLException {
        JdbcStatements.begin(c);
        try {
            long total;
            try (PreparedStatement ps = c.prepareStatement(countSql)) {
                where.bind(ps);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<T> items = new ArrayList<>(Math.min(limit, 1024));
            if (limit > 0 && offset < total) {
                try (PreparedStatement ps = c.prepareStatement(selectSql)) {
                    binding.bind(ps);
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
