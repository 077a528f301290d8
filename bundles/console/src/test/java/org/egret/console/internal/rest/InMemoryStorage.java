package org.egret.console.internal.rest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import org.egret.api.decode.LlmCall;
import org.egret.api.http.HttpExchange;
import org.egret.api.http.HttpRequest;
import org.egret.api.http.HttpResponse;
import org.egret.api.storage.AgentSession;
import org.egret.api.storage.CallGroup;
import org.egret.api.storage.CallGroupKey;
import org.egret.api.storage.CallGroupQuery;
import org.egret.api.storage.CallQuery;
import org.egret.api.storage.ExchangeQuery;
import org.egret.api.storage.ExchangeRecord;
import org.egret.api.storage.MetricRollup;
import org.egret.api.storage.Page;
import org.egret.api.storage.RollupQuery;
import org.egret.api.storage.SessionQuery;
import org.egret.api.storage.SortOrder;
import org.egret.api.storage.StorageBackend;
import org.egret.api.storage.StorageException;
import org.egret.api.storage.StorageStatus;
import org.egret.api.storage.TimeRange;
import org.egret.api.storage.TurnQuery;
import org.egret.api.turn.AgentTurn;
import org.egret.api.turn.TurnStatus;

/**
 * A test double of {@link StorageBackend} honouring the query contract (filters, sort with id tie-break, paging; list
 * items without bodies and headers; turn list items without tools; sessions summed up from the turns). It records
 * the queries so tests can check what the API asked for.
 */
final class InMemoryStorage implements StorageBackend {

    final List<LlmCall> calls = new ArrayList<>();
    final List<ExchangeRecord> exchanges = new ArrayList<>();
    final List<CallQuery> callQueries = new ArrayList<>();
    final List<AgentTurn> turns = new ArrayList<>();
    final List<TurnQuery> turnQueries = new ArrayList<>();
    final List<SessionQuery> sessionQueries = new ArrayList<>();
    final List<CallGroupQuery> groupQueries = new ArrayList<>();
    final List<MetricRollup> rollups = new ArrayList<>();
    final List<RollupQuery> rollupQueries = new ArrayList<>();
    /** Whether this backend says it keeps metric rollups. */
    boolean storesMetrics;
    ExchangeQuery lastExchangeQuery;
    StorageStatus status = new StorageStatus("memory", "heap", true, 0, 0, 0, null);
    /** When set, every read fails with this message. */
    String failure;
    /** The cause the failures carry, e.g. the refused connection of a dead server. */
    Throwable failureCause;

    @Override
    public boolean storesMetrics() {
        return storesMetrics;
    }

    @Override
    public void writeRollups(List<MetricRollup> batch) {
        rollups.addAll(batch);
    }

    /** Window start in the range, the filters, oldest first then by pipeline, at most the limit. */
    @Override
    public List<MetricRollup> queryRollups(RollupQuery q) throws StorageException {
        failIfAsked();
        rollupQueries.add(q);
        return rollups.stream()
                .filter(r -> r.window().start() >= q.range().fromMicros() && r.window().start() < q.range().toMicros())
                .filter(r -> q.pipelines().isEmpty() || q.pipelines().contains(r.pipeline()))
                .filter(r -> q.wireApis().isEmpty() || q.wireApis().contains(r.window().wireApi()))
                .filter(r -> q.models().isEmpty() || q.models().contains(r.window().model()))
                .filter(r -> q.agentKinds().isEmpty() || q.agentKinds().contains(r.window().agentKind()))
                .sorted(Comparator.comparingLong((MetricRollup r) -> r.window().start())
                        .thenComparing(MetricRollup::pipeline))
                .limit(q.limit()).toList();
    }

    @Override
    public void writeCalls(List<LlmCall> batch) {
        calls.addAll(batch);
    }

    @Override
    public void writeExchanges(List<ExchangeRecord> batch) {
        exchanges.addAll(batch);
    }

    @Override
    public Page<LlmCall> queryCalls(CallQuery q) throws StorageException {
        failIfAsked();
        callQueries.add(q);
        Predicate<LlmCall> p = c -> c.getRequestTime() >= q.range().fromMicros()
                && c.getRequestTime() < q.range().toMicros();
        p = p.and(in(q.wireApis(), LlmCall::getWireApi)).and(in(q.models(), LlmCall::getModel))
                .and(in(q.serverIps(), LlmCall::getServerIp)).and(in(q.clientIps(), LlmCall::getClientIp))
                .and(in(q.serverPorts(), LlmCall::getServerPort)).and(in(q.statusCodes(), LlmCall::getStatusCode))
                .and(in(q.finishReasons(), LlmCall::getFinishReason));
        if (q.stream() != null) {
            p = p.and(c -> c.isStream() == q.stream());
        }
        if (q.requestPathContains() != null) {
            p = p.and(c -> c.getRequestPath() != null && c.getRequestPath().contains(q.requestPathContains()));
        }
        Comparator<LlmCall> order = switch (q.sortBy()) {
            case "request_time" -> Comparator.comparingLong(LlmCall::getRequestTime);
            case "status_code" -> Comparator.comparingInt(LlmCall::getStatusCode);
            case "ttft_ms" -> Comparator.comparing(LlmCall::getTtftMs, Comparator.nullsFirst(Comparator.naturalOrder()));
            case "e2e_latency_ms" -> Comparator.comparing(LlmCall::getE2eLatencyMs,
                    Comparator.nullsFirst(Comparator.naturalOrder()));
            case "input_tokens" -> Comparator.comparing(LlmCall::getInputTokens,
                    Comparator.nullsFirst(Comparator.naturalOrder()));
            case "output_tokens" -> Comparator.comparing(LlmCall::getOutputTokens,
                    Comparator.nullsFirst(Comparator.naturalOrder()));
            default -> throw new StorageException("unknown sort field " + q.sortBy());
        };
        order = order.thenComparing(LlmCall::getId);
        List<LlmCall> matching = calls.stream().filter(p).sorted(q.order() == SortOrder.ASC ? order : order.reversed())
                .toList();
        return new Page<>(matching.size(), page(matching, q.offset(), q.limit()).stream()
                .map(InMemoryStorage::withoutBodies).toList());
    }

    /**
     * The calls of the range and filters grouped in Java: sums, exact means and nearest-rank 95th percentiles,
     * largest group first, ties by key values ascending with nulls last (the storage contract).
     */
    @Override
    public List<CallGroup> groupCalls(CallGroupQuery q) throws StorageException {
        failIfAsked();
        groupQueries.add(q);
        Predicate<LlmCall> p = c -> c.getRequestTime() >= q.range().fromMicros()
                && c.getRequestTime() < q.range().toMicros();
        p = p.and(in(q.wireApis(), LlmCall::getWireApi)).and(in(q.models(), LlmCall::getModel))
                .and(in(q.serverIps(), LlmCall::getServerIp)).and(in(q.agentKinds(), LlmCall::getAgentKind));
        Map<List<String>, List<LlmCall>> groups = new java.util.HashMap<>();
        for (LlmCall c : calls) {
            if (p.test(c)) {
                List<String> key = new ArrayList<>();
                for (CallGroupKey k : q.groupBy()) {
                    key.add(keyValue(c, k));
                }
                groups.computeIfAbsent(key, k -> new ArrayList<>()).add(c);
            }
        }
        List<CallGroup> out = new ArrayList<>();
        for (Map.Entry<List<String>, List<LlmCall>> e : groups.entrySet()) {
            out.add(summed(e.getKey(), e.getValue()));
        }
        Comparator<CallGroup> order = Comparator.comparingLong(CallGroup::callCount).reversed()
                .thenComparing(CallGroup::key, InMemoryStorage::compareKeys);
        out.sort(order);
        return List.copyOf(out.subList(0, Math.min(out.size(), q.limit())));
    }

    private static String keyValue(LlmCall c, CallGroupKey k) {
        return switch (k) {
            case WIRE_API -> c.getWireApi();
            case MODEL -> c.getModel();
            case SERVER_IP -> c.getServerIp();
            case SERVER_PORT -> Integer.toString(c.getServerPort());
            case CLIENT_IP -> c.getClientIp();
            case AGENT_KIND -> c.getAgentKind();
            case FINISH_REASON -> c.getFinishReason();
            case STATUS_CODE -> c.getStatusCode() == 0 ? null : Integer.toString(c.getStatusCode());
            case REQUEST_PATH -> c.getRequestPath();
            case HOST -> c.getHost();
            case SERVER_KIND -> c.getServerKind();
        };
    }

    private static CallGroup summed(List<String> key, List<LlmCall> cs) {
        long errors = 0;
        long e4xx = 0;
        long e429 = 0;
        long e5xx = 0;
        long streams = 0;
        long in = 0;
        long out = 0;
        double cost = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        List<Double> ttft = new ArrayList<>();
        List<Double> e2e = new ArrayList<>();
        for (LlmCall c : cs) {
            int s = c.getStatusCode();
            errors += s >= 400 ? 1 : 0;
            e4xx += s >= 400 && s < 500 ? 1 : 0;
            e429 += s == 429 ? 1 : 0;
            e5xx += s >= 500 ? 1 : 0;
            streams += c.isStream() ? 1 : 0;
            in += c.getInputTokens() == null ? 0 : c.getInputTokens();
            out += c.getOutputTokens() == null ? 0 : c.getOutputTokens();
            cost += c.getCostUsd() == null ? 0 : c.getCostUsd();
            first = Math.min(first, c.getRequestTime());
            last = Math.max(last, c.getRequestTime());
            if (c.getTtftMs() != null) {
                ttft.add(c.getTtftMs());
            }
            if (c.getE2eLatencyMs() != null) {
                e2e.add(c.getE2eLatencyMs());
            }
        }
        return new CallGroup(key, cs.size(), errors, e4xx, e429, e5xx, streams, in, out, cost, mean(ttft), p95(ttft),
                mean(e2e), p95(e2e), first, last);
    }

    private static Double mean(List<Double> v) {
        return v.isEmpty() ? null : v.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }

    /** Nearest rank: the smallest value with at least 95 % of the values at or below it. */
    private static Double p95(List<Double> v) {
        if (v.isEmpty()) {
            return null;
        }
        List<Double> sorted = v.stream().sorted().toList();
        return sorted.get((int) Math.ceil(0.95 * sorted.size()) - 1);
    }

    private static int compareKeys(List<String> a, List<String> b) {
        for (int i = 0; i < a.size(); i++) {
            int c = Comparator.nullsLast(Comparator.<String>naturalOrder()).compare(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    @Override
    public Optional<LlmCall> findCall(String id) throws StorageException {
        failIfAsked();
        return calls.stream().filter(c -> c.getId().equals(id)).findFirst();
    }

    @Override
    public Page<ExchangeRecord> queryExchanges(ExchangeQuery q) throws StorageException {
        failIfAsked();
        lastExchangeQuery = q;
        Predicate<ExchangeRecord> p = r -> r.exchange().request().startMicros() >= q.range().fromMicros()
                && r.exchange().request().startMicros() < q.range().toMicros();
        p = p.and(in(q.serverIps(), r -> r.exchange().server().ip()))
                .and(in(q.clientIps(), r -> r.exchange().client().ip()))
                .and(in(q.methods(), r -> r.exchange().request().method()))
                .and(in(q.statuses(), r -> r.exchange().response() == null ? null : r.exchange().response().status()));
        if (q.uriContains() != null) {
            p = p.and(r -> r.exchange().request().target().contains(q.uriContains()));
        }
        if (q.sse() != null) {
            p = p.and(r -> (r.exchange().response() != null && r.exchange().response().isEventStream()) == q.sse());
        }
        Comparator<ExchangeRecord> order = Comparator.comparingLong(r -> r.exchange().request().startMicros());
        order = order.thenComparing(ExchangeRecord::id);
        List<ExchangeRecord> matching = exchanges.stream().filter(p)
                .sorted(q.order() == SortOrder.ASC ? order : order.reversed()).toList();
        return new Page<>(matching.size(), page(matching, q.offset(), q.limit()).stream()
                .map(InMemoryStorage::withoutBodies).toList());
    }

    @Override
    public Optional<ExchangeRecord> findExchange(String id) throws StorageException {
        failIfAsked();
        return exchanges.stream().filter(r -> r.id().equals(id)).findFirst();
    }

    @Override
    public boolean storesTurns() {
        return true;
    }

    @Override
    public void writeTurns(List<AgentTurn> batch) {
        for (AgentTurn t : batch) {
            turns.removeIf(stored -> stored.getTurnId().equals(t.getTurnId()));
            turns.add(t);
        }
    }

    @Override
    public Page<AgentTurn> queryTurns(TurnQuery q) throws StorageException {
        failIfAsked();
        turnQueries.add(q);
        Predicate<AgentTurn> p = t -> inRange(q.range(), t.getStartTime())
                && (q.includeProxyOut() || !"proxy_out".equals(t.getProxyRole()));
        p = p.and(in(q.agentKinds(), AgentTurn::getAgentKind)).and(in(q.sessionIds(), AgentTurn::getSessionId))
                .and(in(q.sourceIds(), AgentTurn::getSourceId)).and(in(q.statuses(), AgentTurn::getStatus))
                .and(in(q.wireApis(), AgentTurn::getWireApi)).and(in(q.clientIps(), AgentTurn::getClientIp))
                .and(in(q.serverIps(), AgentTurn::getServerIp))
                .and(t -> q.models().isEmpty() || t.getModels().stream().anyMatch(q.models()::contains));
        ToLongFunction<AgentTurn> key = switch (q.sortBy()) {
            case "start_time" -> AgentTurn::getStartTime;
            case "end_time" -> AgentTurn::getEndTime;
            case "duration_ms" -> AgentTurn::durationMillis;
            case "call_count" -> AgentTurn::getCallCount;
            case "total_input_tokens" -> AgentTurn::getInputTokens;
            case "total_output_tokens" -> AgentTurn::getOutputTokens;
            default -> throw new StorageException("unknown sort field " + q.sortBy());
        };
        Comparator<AgentTurn> order = Comparator.comparingLong(key).thenComparing(AgentTurn::getTurnId);
        List<AgentTurn> matching = turns.stream().filter(p)
                .sorted(q.order() == SortOrder.ASC ? order : order.reversed()).toList();
        // list items carry no tool list (the storage contract)
        return new Page<>(matching.size(), page(matching, q.offset(), q.limit()).stream()
                .map(t -> t.copy().setTools(List.of())).toList());
    }

    @Override
    public Optional<AgentTurn> findTurn(String id) throws StorageException {
        failIfAsked();
        return turns.stream().filter(t -> t.getTurnId().equals(id)).findFirst();
    }

    /** Sessions of the visible turns with a turn starting in the range (of the kinds and sources asked), whole. */
    @Override
    public Page<AgentSession> querySessions(SessionQuery q) throws StorageException {
        failIfAsked();
        sessionQueries.add(q);
        Map<String, List<AgentTurn>> bySession = new TreeMap<>();
        turns.stream().filter(t -> t.getSessionId() != null && !"proxy_out".equals(t.getProxyRole()))
                .sorted(Comparator.comparingLong(AgentTurn::getStartTime).thenComparing(AgentTurn::getTurnId))
                .forEach(t -> bySession.computeIfAbsent(t.getSessionId(), k -> new ArrayList<>()).add(t));
        List<AgentSession> matching = new ArrayList<>();
        for (List<AgentTurn> ts : bySession.values()) {
            boolean picked = ts.stream().anyMatch(t -> inRange(q.range(), t.getStartTime())
                    && (q.agentKinds().isEmpty() || q.agentKinds().contains(t.getAgentKind()))
                    && (q.sourceIds().isEmpty() || q.sourceIds().contains(t.getSourceId())));
            if (picked) {
                matching.add(summedUp(ts));
            }
        }
        ToLongFunction<AgentSession> key = switch (q.sortBy()) {
            case "start_time" -> AgentSession::startTime;
            case "end_time" -> AgentSession::endTime;
            case "turn_count" -> AgentSession::turnCount;
            case "call_count" -> AgentSession::callCount;
            case "total_input_tokens" -> AgentSession::inputTokens;
            case "total_output_tokens" -> AgentSession::outputTokens;
            default -> throw new StorageException("unknown sort field " + q.sortBy());
        };
        Comparator<AgentSession> order = Comparator.comparingLong(key).thenComparing(AgentSession::sessionId);
        matching.sort(q.order() == SortOrder.ASC ? order : order.reversed());
        return new Page<>(matching.size(), page(matching, q.offset(), q.limit()));
    }

    /** A session from its turns in start order. */
    private static AgentSession summedUp(List<AgentTurn> ts) {
        AgentTurn first = ts.get(0);
        Set<String> models = new LinkedHashSet<>();
        Double cost = null;
        for (AgentTurn t : ts) {
            models.addAll(t.getModels());
            if (t.getCostUsd() != null) {
                cost = (cost == null ? 0 : cost) + t.getCostUsd();
            }
        }
        return new AgentSession(first.getSessionId(), first.getSourceId(), first.getAgentKind(),
                first.getStartTime(), ts.stream().mapToLong(AgentTurn::getEndTime).max().orElse(0), ts.size(),
                (int) ts.stream().filter(t -> t.getStatus() == TurnStatus.COMPLETE).count(),
                ts.stream().mapToLong(AgentTurn::getCallCount).sum(),
                ts.stream().mapToLong(AgentTurn::getInputTokens).sum(),
                ts.stream().mapToLong(AgentTurn::getOutputTokens).sum(),
                ts.stream().mapToLong(AgentTurn::getCacheReadInputTokens).sum(),
                ts.stream().mapToLong(AgentTurn::getCacheCreationInputTokens).sum(), cost, List.copyOf(models),
                ts.stream().map(AgentTurn::getUserInput).filter(Objects::nonNull).findFirst().orElse(null),
                ts.get(ts.size() - 1).getTurnId());
    }

    private static boolean inRange(TimeRange r, long micros) {
        return r == null || (micros >= r.fromMicros() && micros < r.toMicros());
    }

    @Override
    public StorageStatus status() {
        return status;
    }

    private void failIfAsked() throws StorageException {
        if (failure != null) {
            throw new StorageException(failure, failureCause);
        }
    }

    private static <T, V> Predicate<T> in(List<V> allowed, Function<T, V> field) {
        // immutable lists refuse contains(null): a row without the value matches no filter
        return t -> {
            V v = field.apply(t);
            return allowed.isEmpty() || v != null && allowed.contains(v);
        };
    }

    private static <T> List<T> page(List<T> all, int offset, int limit) {
        if (offset >= all.size()) {
            return List.of();
        }
        return all.subList(offset, Math.min(all.size(), offset + limit));
    }

    /** List items carry no bodies and no headers (the storage contract); the event list is kept. */
    private static LlmCall withoutBodies(LlmCall c) {
        return Fixtures.copy(c).setRequestBody(null).setResponseBody(null).setRequestHeaders(List.of())
                .setResponseHeaders(List.of());
    }

    private static ExchangeRecord withoutBodies(ExchangeRecord r) {
        HttpExchange x = r.exchange();
        HttpRequest q = x.request();
        HttpResponse s = x.response();
        HttpRequest q2 = new HttpRequest(q.method(), q.target(), q.version(), List.of(), null, q.bodyLength(),
                q.bodyTruncated(), q.startMicros(), q.endMicros());
        HttpResponse s2 = s == null ? null : new HttpResponse(s.status(), s.reason(), s.version(), List.of(), null,
                s.bodyLength(), s.bodyTruncated(), s.events(), s.startMicros(), s.endMicros(), s.complete());
        return new ExchangeRecord(r.id(), new HttpExchange(x.sourceId(), x.client(), x.server(), q2, s2,
                x.problem()), r.callId());
    }
}
