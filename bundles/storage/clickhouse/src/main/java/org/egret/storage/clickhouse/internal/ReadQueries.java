package org.egret.storage.clickhouse.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.egret.api.decode.LlmCall;
import org.egret.api.storage.AgentSession;
import org.egret.api.storage.CallQuery;
import org.egret.api.storage.ExchangeQuery;
import org.egret.api.storage.ExchangeRecord;
import org.egret.api.storage.HealthQuery;
import org.egret.api.storage.HealthSample;
import org.egret.api.storage.MetricRollup;
import org.egret.api.storage.Page;
import org.egret.api.storage.RollupQuery;
import org.egret.api.storage.SessionQuery;
import org.egret.api.storage.StorageException;
import org.egret.api.storage.TurnQuery;
import org.egret.api.turn.AgentTurn;
import org.egret.api.turn.TurnStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read side: list queries (filters, order, page, total), lookups by id, sessions summed up from turns, metric
 * rollups and health samples, with the DuckDB backend's semantics. In a cluster the same SQL runs on the Distributed
 * tables: totals and GROUP BYs are merged by the server that got the query, and each shard sends its first
 * offset+limit rows for the final sort, so pages are the union's.
 */
final class ReadQueries {
    private static final Logger LOG = LoggerFactory.getLogger(ReadQueries.class);
    static final String PROXY_OUT = "proxy_out";

    private static final List<String> CALL_SORT_COLUMNS = List.of("request_us", "status_code", "ttft_ms",
            "e2e_latency_ms", "input_tokens", "output_tokens");
    private static final List<String> EXCHANGE_SORT_COLUMNS = List.of("request_us", "status", "duration_ms");
    private static final List<String> TURN_SORT_COLUMNS = List.of("start_us", "end_us", "duration_ms", "call_count",
            "total_input_tokens", "total_output_tokens");
    private static final List<String> SESSION_SORT_COLUMNS = List.of("s_start_us", "s_end_us", "s_turn_count",
            "s_call_count", "s_input_tokens", "s_output_tokens");
    /** What a turn list filters and sorts on; the page's whole rows are fetched by id afterwards. */
    private static final String TURN_KEY_COLUMNS = "id, session_id, source_id, agent_kind, wire_api, client_ip, "
            + "server_ip, start_us, end_us, duration_ms, status, models, call_count, total_input_tokens, "
            + "total_output_tokens, proxy_role";
    private static final String SESSION_TURN_COLUMNS = "id, session_id, source_id, agent_kind, start_us, end_us, "
            + "status, call_count, total_input_tokens, total_output_tokens, total_cache_read_input_tokens, "
            + "total_cache_creation_input_tokens, total_cost_usd, models, user_input, proxy_role";
    private static final String SESSION_KEY_COLUMNS = "id, session_id, source_id, agent_kind, start_us, end_us, "
            + "call_count, total_input_tokens, total_output_tokens, proxy_role";
    private static final String SESSION_SORT_AGGREGATES = "session_id AS sid, min(start_us) AS s_start_us, "
            + "max(end_us) AS s_end_us, count() AS s_turn_count, sum(call_count) AS s_call_count, "
            + "sum(total_input_tokens) AS s_input_tokens, sum(total_output_tokens) AS s_output_tokens";
    private static final String SESSION_AGGREGATES = "session_id AS sid, "
            + "argMin(tuple(source_id, agent_kind), tuple(start_us, id)) AS s_firsts, "
            + "min(start_us) AS s_start_us, max(end_us) AS s_end_us, count() AS s_turn_count, "
            + "countIf(status = 'complete') AS s_complete_turns, sum(call_count) AS s_call_count, "
            + "sum(total_input_tokens) AS s_input_tokens, sum(total_output_tokens) AS s_output_tokens, "
            + "sum(total_cache_read_input_tokens) AS s_cache_read, "
            + "sum(total_cache_creation_input_tokens) AS s_cache_creation, sum(total_cost_usd) AS s_cost, "
            + "groupArray(tuple(start_us, id, models)) AS s_models, "
            + "argMin(user_input, tuple(start_us, id)) AS s_first_user_input, "
            + "argMax(id, tuple(start_us, id)) AS s_last_turn_id";

    /** Runs the key query of a page beside its count; daemon threads, so they never hold the process. */
    private static final java.util.concurrent.ExecutorService PARALLEL = java.util.concurrent.Executors
            .newCachedThreadPool(r -> {
                Thread t = new Thread(r, "egret-clickhouse-query");
                t.setDaemon(true);
                return t;
            });

    @FunctionalInterface
    interface RowReader<T> {
        T read(JsonNode row) throws StorageException;
    }

    /** Runs a SELECT (without its FORMAT) and returns its rows. */
    @FunctionalInterface
    interface Select {
        List<JsonNode> rows(String what, String sql) throws StorageException;
    }

    private final Select select;

    ReadQueries(Select select) {
        this.select = select;
    }

    Page<LlmCall> calls(CallQuery q) throws StorageException {
        ListOrder.checkPage(q.offset(), q.limit());
        String order = ListOrder.sql("calls", q.sortBy(), CallQuery.SORT_FIELDS, CALL_SORT_COLUMNS, "id", q.order(),
                q.offset(), q.limit());
        WhereClause where = new WhereClause()
                .timeRange("request_us", q.range())
                .in("wire_api", q.wireApis())
                .in("model", q.models())
                .in("server_ip", q.serverIps())
                .in("client_ip", q.clientIps())
                .in("server_port", q.serverPorts())
                .statusIn("status_code", q.statusCodes())
                .in("finish_reason", q.finishReasons())
                .is("is_stream", q.stream())
                .contains("request_path", q.requestPathContains());
        return keyedPage("listing calls", "SELECT count() AS n FROM spans" + where.sql(),
                "SELECT id, request_us AS t FROM spans" + where.sql() + order,
                keys -> "SELECT " + SpanRows.LIST_COLUMNS + " FROM spans WHERE " + keys.where("request_us"), q.limit(),
                q.offset(), row -> SpanRows.read(row, false, null, null));
    }

    Page<ExchangeRecord> exchanges(ExchangeQuery q) throws StorageException {
        ListOrder.checkPage(q.offset(), q.limit());
        String order = ListOrder.sql("HTTP exchanges", q.sortBy(), ExchangeQuery.SORT_FIELDS, EXCHANGE_SORT_COLUMNS,
                "id", q.order(), q.offset(), q.limit());
        WhereClause where = new WhereClause()
                .timeRange("request_us", q.range())
                .in("server_ip", q.serverIps())
                .in("client_ip", q.clientIps())
                .in("method", q.methods())
                .statusIn("status", q.statuses())
                .contains("uri", q.uriContains())
                .is("is_sse", q.sse());
        return keyedPage("listing HTTP exchanges", "SELECT count() AS n FROM http_exchanges" + where.sql(),
                "SELECT id, request_us AS t FROM http_exchanges" + where.sql() + order,
                keys -> "SELECT " + ExchangeRows.LIST_COLUMNS + " FROM http_exchanges WHERE "
                        + keys.where("request_us"), q.limit(), q.offset(), row -> ExchangeRows.read(row, false, null));
    }

    Page<AgentTurn> turns(TurnQuery q) throws StorageException {
        ListOrder.checkPage(q.offset(), q.limit());
        String order = ListOrder.sql("turns", q.sortBy(), TurnQuery.SORT_FIELDS, TURN_SORT_COLUMNS, "id", q.order(),
                q.offset(), q.limit());
        List<String> statuses = new ArrayList<>();
        if (q.statuses() != null) {
            for (TurnStatus s : q.statuses()) {
                if (s != null) {
                    statuses.add(s.apiName());
                }
            }
        }
        // filters apply to each turn's latest row, so an earlier version never matches in its place
        WhereClause where = (q.includeProxyOut() ? new WhereClause() : visibleTurns())
                .timeRange("start_us", q.range())
                .in("agent_kind", q.agentKinds())
                .in("session_id", q.sessionIds())
                .in("source_id", q.sourceIds())
                .in("status", statuses)
                .in("wire_api", q.wireApis())
                .anyOf("models", q.models())
                .in("client_ip", q.clientIps())
                .in("server_ip", q.serverIps());
        String latest = TurnRows.latest("turns", TURN_KEY_COLUMNS);
        return keyedPage("listing turns", "SELECT count() AS n FROM " + latest + where.sql(),
                "SELECT id, start_us AS t FROM " + latest + where.sql() + order,
                keys -> "SELECT " + TurnRows.LIST_COLUMNS + " FROM turns WHERE " + keys.where("start_us")
                        + " ORDER BY version DESC LIMIT 1 BY id", q.limit(), q.offset(),
                row -> TurnRows.read(row, false));
    }

    Optional<AgentTurn> turn(String id) throws StorageException {
        if (id == null) {
            return Optional.empty();
        }
        List<JsonNode> rows = byId("reading turn " + id, "turns", "start_us", TurnRows.DETAIL_COLUMNS, id,
                " ORDER BY version DESC LIMIT 1");
        return rows.isEmpty() ? Optional.empty() : Optional.of(TurnRows.read(rows.get(0), true));
    }

    /**
     * Sessions summed up over all their turns but upstream proxy legs. The filters pick sessions, not turns: a
     * session is listed when one of its turns starts in the range and has one of the agent kinds and sources asked
     * for, and is then summed up whole.
     */
    Page<AgentSession> sessions(SessionQuery q) throws StorageException {
        ListOrder.checkPage(q.offset(), q.limit());
        String order = ListOrder.sql("sessions", q.sortBy(), AgentSession.SORT_FIELDS, SESSION_SORT_COLUMNS, "sid",
                q.order(), q.offset(), q.limit());
        String latest = TurnRows.latest("turns", SESSION_KEY_COLUMNS);
        WhereClause where = visibleTurns().notNull("session_id").in("session_id", q.sessionIds());
        boolean anyTime = q.range() == null || q.range().isAll();
        if (!anyTime || !isEmpty(q.agentKinds()) || !isEmpty(q.sourceIds())) {
            where.inSelect("session_id", "SELECT session_id FROM " + latest, visibleTurns()
                    .timeRange("start_us", q.range())
                    .in("agent_kind", q.agentKinds())
                    .in("source_id", q.sourceIds()));
        }
        List<JsonNode> counted = select.rows("listing sessions", "SELECT uniqExact(session_id) AS n FROM " + latest
                + where.sql());
        long total = counted.isEmpty() ? 0 : JsonRows.lng(counted.get(0), "n");
        if (q.limit() == 0 || q.offset() >= total) {
            return new Page<>(total, List.of());
        }
        // the page's session ids from the sort aggregates only, then those sessions summed up whole
        List<String> ids = new ArrayList<>();
        for (JsonNode row : select.rows("listing sessions", "SELECT sid FROM (SELECT " + SESSION_SORT_AGGREGATES
                + " FROM " + latest + where.sql() + " GROUP BY session_id)" + order)) {
            ids.add(JsonRows.str(row, "sid"));
        }
        if (ids.isEmpty()) {
            return new Page<>(total, List.of());
        }
        String pageIds = SqlLiteral.list(ids);
        // every turn with a row in these sessions, at its latest row: a turn that moved away is not counted; GLOBAL
        // so that a cluster runs the inner select once rather than per shard (which it refuses)
        String pageTurns = "(SELECT " + SESSION_TURN_COLUMNS + " FROM turns WHERE id GLOBAL IN (SELECT id FROM turns "
                + "WHERE session_id IN " + pageIds + ") ORDER BY version DESC LIMIT 1 BY id)";
        Map<String, AgentSession> byId = new HashMap<>();
        for (JsonNode row : select.rows("listing sessions", "SELECT " + SESSION_AGGREGATES + " FROM " + pageTurns
                + visibleTurns().in("session_id", ids).sql() + " GROUP BY session_id")) {
            AgentSession session = session(row);
            byId.put(session.sessionId(), session);
        }
        List<AgentSession> items = new ArrayList<>(ids.size());
        for (String id : ids) {
            if (byId.containsKey(id)) {
                items.add(byId.get(id));
            }
        }
        return new Page<>(total, List.copyOf(items));
    }

    private static AgentSession session(JsonNode row) {
        JsonNode firsts = row.get("s_firsts");
        String sourceId = firsts != null && firsts.size() > 0 && !firsts.get(0).isNull() ? firsts.get(0).asText()
                : null;
        String agentKind = firsts != null && firsts.size() > 1 && !firsts.get(1).isNull() ? firsts.get(1).asText()
                : null;
        // every turn's models in turn order (start time, then id); the first use of each is kept
        List<JsonNode> turns = new ArrayList<>();
        row.get("s_models").forEach(turns::add);
        turns.sort(Comparator.<JsonNode>comparingLong(t -> t.get(0).asLong()).thenComparing(t -> t.get(1).asText()));
        Set<String> models = new LinkedHashSet<>();
        for (JsonNode t : turns) {
            t.get(2).forEach(m -> models.add(m.asText()));
        }
        return new AgentSession(JsonRows.str(row, "sid"), sourceId, agentKind, JsonRows.lng(row, "s_start_us"),
                JsonRows.lng(row, "s_end_us"), JsonRows.integer(row, "s_turn_count"),
                JsonRows.integer(row, "s_complete_turns"), JsonRows.lng(row, "s_call_count"),
                JsonRows.lng(row, "s_input_tokens"), JsonRows.lng(row, "s_output_tokens"),
                JsonRows.lng(row, "s_cache_read"), JsonRows.lng(row, "s_cache_creation"),
                JsonRows.dblOrNull(row, "s_cost"), List.copyOf(models), JsonRows.str(row, "s_first_user_input"),
                JsonRows.str(row, "s_last_turn_id"));
    }

    Optional<LlmCall> call(String id) throws StorageException {
        if (id == null) {
            return Optional.empty();
        }
        List<JsonNode> rows = byId("reading call " + id, "spans", "request_us", SpanRows.DETAIL_COLUMNS, id,
                " LIMIT 1");
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        // the bodies through the order key of call_bodies, by the span's (request_us, id)
        long requestUs = JsonRows.lng(rows.get(0), "request_us");
        List<JsonNode> bodyRows = select.rows("reading the bodies of call " + id, "SELECT " + SpanRows.BODY_COLUMNS
                + " FROM call_bodies WHERE request_us = " + requestUs + " AND id = " + SqlLiteral.of(id) + " LIMIT 1");
        BodyReader bodies = new BodyReader(this::blocks);
        LlmCall call = SpanRows.read(rows.get(0), true, bodyRows.isEmpty() ? null : bodyRows.get(0), bodies);
        reportMissing("call " + id, bodies);
        return Optional.of(call);
    }

    Optional<ExchangeRecord> exchange(String id) throws StorageException {
        if (id == null) {
            return Optional.empty();
        }
        List<JsonNode> rows = byId("reading HTTP exchange " + id, "http_exchanges", "request_us",
                ExchangeRows.DETAIL_COLUMNS, id, " LIMIT 1");
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        BodyReader bodies = new BodyReader(this::blocks);
        ExchangeRecord record = ExchangeRows.read(rows.get(0), true, bodies);
        reportMissing("HTTP exchange " + id, bodies);
        return Optional.of(record);
    }

    /**
     * One row by id in two steps: its time from a scan of the two small columns, then the row through the order
     * key (time, id), so the wide columns (bodies) are read for one granule rather than the whole table.
     */
    private List<JsonNode> byId(String what, String table, String timeColumn, String columns, String id,
            String tail) throws StorageException {
        String match = "id = " + SqlLiteral.of(id);
        List<JsonNode> times = select.rows(what, "SELECT DISTINCT " + timeColumn + " AS t FROM " + table
                + " WHERE " + match);
        if (times.isEmpty()) {
            return List.of();
        }
        List<Long> at = new ArrayList<>(times.size());
        for (JsonNode t : times) {
            at.add(JsonRows.lng(t, "t"));
        }
        return select.rows(what, "SELECT " + columns + " FROM " + table + " WHERE " + timeColumn + " IN "
                + SqlLiteral.list(at) + " AND " + match + tail);
    }

    private static void reportMissing(String what, BodyReader bodies) {
        if (!bodies.missing().isEmpty()) {
            LOG.info("{}: body not rebuilt, returned without it (expired or damaged blocks): {}", what,
                    String.join("; ", bodies.missing()));
        }
    }

    private Map<String, byte[]> blocks(int day, Set<String> idsHex) throws StorageException {
        Map<String, byte[]> found = new HashMap<>();
        for (JsonNode row : select.rows("reading body blocks", "SELECT id, hex(data) AS data FROM body_blocks "
                + "WHERE day = " + day + " AND id IN " + SqlLiteral.list(idsHex) + " LIMIT 1 BY id")) {
            found.put(JsonRows.str(row, "id"), JsonRows.hex(row, "data"));
        }
        return found;
    }

    List<MetricRollup> rollups(RollupQuery q) throws StorageException {
        if (q.limit() < 0) {
            throw new StorageException("a rollup query needs limit >= 0, got " + q.limit());
        }
        if (q.limit() == 0) {
            return List.of();
        }
        WhereClause where = new WhereClause().timeRange("start_us", q.range()).in("pipeline", q.pipelines())
                .in("wire_api", q.wireApis()).in("model", q.models()).in("agent_kind", q.agentKinds());
        List<MetricRollup> out = new ArrayList<>();
        for (JsonNode row : select.rows("reading metric rollups", "SELECT * FROM (SELECT * FROM metric_rollups"
                + where.sql() + " ORDER BY version DESC LIMIT 1 BY " + RollupRows.KEY + ") ORDER BY "
                + RollupRows.ORDER + " LIMIT " + q.limit())) {
            out.add(RollupRows.read(row));
        }
        return List.copyOf(out);
    }

    Page<HealthSample> healthSamples(HealthQuery q) throws StorageException {
        ListOrder.checkPage(q.offset(), q.limit());
        WhereClause where = new WhereClause().timeRange("time_us", q.range()).in("pipeline", q.pipelines());
        String unique = "(SELECT " + HealthRows.COLUMNS + " FROM health_samples" + where.sql() + " LIMIT 1 BY "
                + HealthRows.KEY + ")";
        return page("listing health samples", "SELECT count() AS n FROM " + unique,
                "SELECT * FROM " + unique + " ORDER BY time_us DESC, pipeline ASC LIMIT " + q.limit() + " OFFSET "
                        + q.offset(), q.offset(), q.limit(), HealthRows::read);
    }

    /** Turns but the upstream legs of proxied turns, which are hidden so that a turn seen on both sides counts once. */
    private static WhereClause visibleTurns() {
        return new WhereClause().isNot("proxy_role", PROXY_OUT);
    }

    private static boolean isEmpty(List<?> list) {
        return list == null || list.isEmpty();
    }

    /** The ids and times of one page: what fetches the page's rows through the order key. */
    record Keys(List<String> ids, Set<Long> times) {
        /** {@code time IN (…)} lets the server read only the granules of those times, however far apart. */
        String where(String timeColumn) {
            return timeColumn + " IN " + SqlLiteral.list(times) + " AND id IN "
                    + SqlLiteral.list(new LinkedHashSet<>(ids));
        }
    }

    /**
     * A page in two steps: the sorted ids of the page (reading only the filtered and sorted columns; 18.16 would
     * otherwise read every listed column of every matching row before it sorts), then those rows, found through the
     * order key (their times, then ids), put back in the order of the first step.
     */
    private <T> Page<T> keyedPage(String what, String countSql, String keySql,
            java.util.function.Function<Keys, String> rowsSql, int limit, int offset, RowReader<T> reader)
            throws StorageException {
        // the total and the page's keys are two scans: run side by side
        java.util.concurrent.CompletableFuture<List<JsonNode>> keyRows = limit == 0
                ? java.util.concurrent.CompletableFuture.completedFuture(List.of())
                : java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        return select.rows(what, keySql);
                    } catch (StorageException e) {
                        throw new java.util.concurrent.CompletionException(e);
                    }
                }, PARALLEL);
        List<JsonNode> counted = select.rows(what, countSql);
        long total = counted.isEmpty() ? 0 : JsonRows.lng(counted.get(0), "n");
        List<JsonNode> keys;
        try {
            keys = keyRows.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof StorageException se) {
                throw se;
            }
            throw e;
        }
        if (limit == 0 || offset >= total) {
            return new Page<>(total, List.of());
        }
        List<String> ids = new ArrayList<>();
        Set<Long> times = new LinkedHashSet<>();
        for (JsonNode key : keys) {
            ids.add(JsonRows.str(key, "id"));
            times.add(JsonRows.lng(key, "t"));
        }
        if (ids.isEmpty()) {
            return new Page<>(total, List.of());
        }
        Map<String, java.util.ArrayDeque<JsonNode>> byId = new HashMap<>();
        for (JsonNode row : select.rows(what, rowsSql.apply(new Keys(ids, times)))) {
            byId.computeIfAbsent(JsonRows.str(row, "id"), k -> new java.util.ArrayDeque<>()).add(row);
        }
        List<T> items = new ArrayList<>(ids.size());
        for (String id : ids) {
            java.util.ArrayDeque<JsonNode> rows = byId.get(id);
            JsonNode row = rows == null ? null : rows.size() > 1 ? rows.poll() : rows.peek();
            // null: gone between the two steps (retention), the page is a row shorter
            if (row != null) {
                items.add(reader.read(row));
            }
        }
        return new Page<>(total, List.copyOf(items));
    }

    private <T> Page<T> page(String what, String countSql, String selectSql, int offset, int limit,
            RowReader<T> reader) throws StorageException {
        List<JsonNode> counted = select.rows(what, countSql);
        long total = counted.isEmpty() ? 0 : JsonRows.lng(counted.get(0), "n");
        List<T> items = new ArrayList<>();
        if (limit > 0 && offset < total) {
            for (JsonNode row : select.rows(what, selectSql)) {
                items.add(reader.read(row));
            }
        }
        return new Page<>(total, List.copyOf(items));
    }
}
