package org.egret.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.egret.api.decode.LlmCall;
import org.egret.api.storage.AgentSession;
import org.egret.api.storage.CallGroupKey;
import org.egret.api.storage.CallGroupQuery;
import org.egret.api.storage.CallQuery;
import org.egret.api.storage.ExchangeQuery;
import org.egret.api.storage.ExchangeRecord;
import org.egret.api.storage.HealthQuery;
import org.egret.api.storage.RollupQuery;
import org.egret.api.storage.SessionQuery;
import org.egret.api.storage.SortOrder;
import org.egret.api.storage.StorageBackend;
import org.egret.api.storage.StorageException;
import org.egret.api.storage.TimeRange;
import org.egret.api.storage.TurnQuery;
import org.egret.api.turn.AgentTurn;
import org.egret.api.turn.TurnStatus;

/**
 * Storage benchmark through the {@link StorageBackend} API, outside the appliance:
 * <ol>
 * <li>ingest: N calls with their exchanges, written as a pipeline's sink writes them (a batch of exchanges, then
 * the batch of their calls, {@code --batch} rows each) from one writer thread; the rows are made by another thread
 * ahead of it. Prints calls/s and body MB/s, over the wall clock and over the time spent in the backend;</li>
 * <li>turns (one per 5 calls, a session per 20 turns), rollups and health samples over the same span;</li>
 * <li>query latency: every query shape the console issues, each {@code --runs} times after warm-up, p50/p95/p99.</li>
 * </ol>
 * <pre>--backend duckdb|clickhouse [--calls 1000000] [--body-bytes 2048] [--batch 5000] [--runs 30] [--work DIR]
 * [--url http://127.0.0.1:8123] [--set key=value]...</pre>
 * {@code --runs 0} measures the ingest only.
 * Backend settings are the backend's configuration properties: {@code --work} sets DuckDB's {@code path} to a fresh
 * file in it, {@code --url} ClickHouse's {@code url}, {@code --set} anything else. Retention is off.
 */
public final class StorageBenchmark {
    private static final double TARGET_P95_MS = 100;
    private static final long HOUR = 3_600_000_000L;

    private StorageBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String type = "duckdb";
        int calls = 1_000_000;
        int bodyBytes = 2048;
        int batch = 5000;
        int runs = 30;
        Path work = Path.of(System.getProperty("java.io.tmpdir"), "egret-storage-bench");
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("retention_enabled", "false");
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--backend" -> type = args[i + 1];
                case "--calls" -> calls = Integer.parseInt(args[i + 1]);
                case "--body-bytes" -> bodyBytes = Integer.parseInt(args[i + 1]);
                case "--batch" -> batch = Integer.parseInt(args[i + 1]);
                case "--runs" -> runs = Integer.parseInt(args[i + 1]);
                case "--work" -> work = Path.of(args[i + 1]);
                case "--url" -> properties.put("url", args[i + 1]);
                case "--set" -> {
                    String[] kv = args[i + 1].split("=", 2);
                    properties.put(kv[0], kv.length > 1 ? kv[1] : "");
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if ("duckdb".equals(type)) {
            Files.createDirectories(work);
            Path db = work.resolve("storage-bench.duckdb");
            Files.deleteIfExists(db);
            Files.deleteIfExists(work.resolve("storage-bench.duckdb.wal"));
            properties.putIfAbsent("path", db.toString());
        }
        SyntheticStorageRows rows = new SyntheticStorageRows(calls, bodyBytes, System.currentTimeMillis() * 1000);
        try (ActivatedBackend activated = ActivatedBackend.open(type, properties)) {
            StorageBackend storage = activated.backend();
            System.out.printf("%s backend, %s%n", type, storage.status().location());
            ingest(storage, rows, batch);
            writeDerived(storage, rows, batch);
            if ("duckdb".equals(type)) {
                Path db = Path.of(properties.get("path"));
                long bytes = Files.size(db) + (Files.exists(Path.of(db + ".wal")) ? Files.size(Path.of(db + ".wal"))
                        : 0);
                System.out.printf("database file %.0f MB%n", bytes / 1e6);
            }
            if (runs > 0) {
                queryLatencies(storage, rows, runs);
            }
        }
    }

    private record Batch(List<ExchangeRecord> exchanges, List<LlmCall> calls, long bodyBytes) {
    }

    private static void ingest(StorageBackend storage, SyntheticStorageRows rows, int batchSize) throws Exception {
        BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(4);
        Batch end = new Batch(List.of(), List.of(), 0);
        Thread maker = new Thread(() -> {
            try {
                for (int from = 0; from < rows.calls(); from += batchSize) {
                    int to = Math.min(rows.calls(), from + batchSize);
                    List<LlmCall> calls = new ArrayList<>(to - from);
                    List<ExchangeRecord> exchanges = new ArrayList<>(to - from);
                    long bytes = 0;
                    for (int i = from; i < to; i++) {
                        LlmCall c = rows.call(i);
                        ExchangeRecord x = SyntheticStorageRows.exchange(c);
                        calls.add(c);
                        exchanges.add(x);
                        bytes += x.exchange().request().body().length
                                + (x.exchange().response() == null ? 0 : x.exchange().response().body().length);
                    }
                    queue.put(new Batch(exchanges, calls, bytes));
                }
                queue.put(end);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "bench-row-maker");
        maker.setDaemon(true);
        maker.start();
        long written = 0;
        long waits = 0;
        long bodyBytes = 0;
        long inBackendNanos = 0;
        long start = System.nanoTime();
        long lastReport = start;
        for (Batch next = queue.take(); next != end; next = queue.take()) {
            Batch b = next;
            long t0 = System.nanoTime();
            // as the pipeline's sink does: a backend that refuses a batch (a full buffer) gets it again shortly
            waits += whenAccepted(() -> storage.writeExchanges(b.exchanges()));
            waits += whenAccepted(() -> storage.writeCalls(b.calls()));
            inBackendNanos += System.nanoTime() - t0;
            written += b.calls().size();
            bodyBytes += b.bodyBytes();
            if (System.nanoTime() - lastReport > 10_000_000_000L) {
                lastReport = System.nanoTime();
                System.out.printf("  %,d calls written, %,.0f calls/s so far%n", written,
                        written / ((lastReport - start) / 1e9));
            }
        }
        long t0 = System.nanoTime();
        storage.flush();
        inBackendNanos += System.nanoTime() - t0;
        double wall = (System.nanoTime() - start) / 1e9;
        double inBackend = inBackendNanos / 1e9;
        System.out.printf("ingest: %,d calls + %,d exchanges, %.0f MB of bodies, batches of %d, in %.1f s: "
                        + "%,.0f calls/s, %.1f MB/s (time in the backend %.1f s: %,.0f calls/s, %.1f MB/s)%n",
                written, written, bodyBytes / 1e6, batchSize, wall, written / wall, bodyBytes / 1e6 / wall,
                inBackend, written / inBackend, bodyBytes / 1e6 / inBackend);
        if (waits > 0) {
            System.out.printf("  the backend refused a batch %,d times (full buffer), each retried after 20 ms%n",
                    waits);
        }
    }

    private interface Write {
        void run() throws StorageException;
    }

    /** Runs a write until the backend takes it; returns how often it was refused first. */
    private static long whenAccepted(Write write) throws InterruptedException {
        for (long refused = 0;; refused++) {
            try {
                write.run();
                return refused;
            } catch (StorageException e) {
                if (refused == 3_000) {
                    throw new IllegalStateException("the backend refused a batch for a minute: " + e.getMessage(), e);
                }
                Thread.sleep(20);
            }
        }
    }

    private static void writeDerived(StorageBackend storage, SyntheticStorageRows rows, int batchSize)
            throws Exception {
        long start = System.nanoTime();
        List<AgentTurn> batch = new ArrayList<>(batchSize);
        for (int t = 0; t < rows.turns(); t++) {
            batch.add(rows.turn(t));
            if (batch.size() == batchSize) {
                storage.writeTurns(batch);
                batch = new ArrayList<>(batchSize);
            }
        }
        storage.writeTurns(batch);
        storage.flush();
        System.out.printf("turns: %,d turns of %d calls (%,d sessions) in %.1f s%n", rows.turns(),
                SyntheticStorageRows.CALLS_PER_TURN, rows.turns() / SyntheticStorageRows.TURNS_PER_SESSION,
                (System.nanoTime() - start) / 1e9);
        if (storage.storesMetrics()) {
            start = System.nanoTime();
            var rollups = rows.rollups();
            for (int from = 0; from < rollups.size(); from += batchSize) {
                storage.writeRollups(rollups.subList(from, Math.min(rollups.size(), from + batchSize)));
            }
            var samples = rows.healthSamples();
            for (int from = 0; from < samples.size(); from += batchSize) {
                storage.writeHealthSamples(samples.subList(from, Math.min(samples.size(), from + batchSize)));
            }
            storage.flush();
            System.out.printf("metrics: %,d one-minute rollups, %,d health samples in %.1f s%n", rollups.size(),
                    samples.size(), (System.nanoTime() - start) / 1e9);
        } else {
            System.out.println("metrics: this backend stores no rollups or health samples; their queries are skipped");
        }
    }

    @FunctionalInterface
    private interface Query {
        Object run(SplittableRandom random) throws Exception;
    }

    private static void queryLatencies(StorageBackend storage, SyntheticStorageRows rows, int runs)
            throws Exception {
        Map<String, Query> shapes = shapes(storage, rows);
        System.out.printf("query latency on %,d calls, %,d turns, %d runs each after %d warm-up runs (ms):%n",
                rows.calls(), rows.turns(), runs, 3);
        System.out.printf("  %-52s %8s %8s %8s %8s%n", "query", "p50", "p95", "p99", "max");
        int missed = 0;
        SplittableRandom random = new SplittableRandom(7);
        for (Map.Entry<String, Query> shape : shapes.entrySet()) {
            for (int i = 0; i < 3; i++) {
                shape.getValue().run(random);
            }
            double[] ms = new double[runs];
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                shape.getValue().run(random);
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
            Arrays.sort(ms);
            double p95 = rank(ms, 95);
            boolean miss = p95 >= TARGET_P95_MS;
            missed += miss ? 1 : 0;
            System.out.printf("  %-52s %8.1f %8.1f %8.1f %8.1f%s%n", shape.getKey(), rank(ms, 50), p95, rank(ms, 99),
                    ms[ms.length - 1], miss ? "  MISSES " + (int) TARGET_P95_MS + " ms" : "");
        }
        System.out.printf("%d of %d query shapes under %.0f ms p95%n", shapes.size() - missed, shapes.size(),
                TARGET_P95_MS);
    }

    /** Nearest rank. */
    private static double rank(double[] sorted, double p) {
        int r = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, r - 1))];
    }

    private static CallQuery calls(TimeRange range, List<String> wireApis, List<String> models,
            List<String> serverIps, List<String> clientIps, List<Integer> ports, List<Integer> statuses,
            List<String> finishReasons, Boolean stream, String path, String sort, SortOrder order, int offset) {
        return new CallQuery(range, wireApis, models, serverIps, clientIps, ports, statuses, finishReasons, stream,
                path, sort, order, offset, 50);
    }

    private static CallQuery callsWhere(String field, Object value) {
        List<String> none = List.of();
        List<Integer> noInts = List.of();
        return switch (field) {
            case "wire_api" -> calls(TimeRange.ALL, List.of((String) value), none, none, none, noInts, noInts, none,
                    null, null, "request_time", SortOrder.DESC, 0);
            case "model" -> calls(TimeRange.ALL, none, List.of((String) value), none, none, noInts, noInts, none,
                    null, null, "request_time", SortOrder.DESC, 0);
            case "server_ip" -> calls(TimeRange.ALL, none, none, List.of((String) value), none, noInts, noInts,
                    none, null, null, "request_time", SortOrder.DESC, 0);
            case "client_ip" -> calls(TimeRange.ALL, none, none, none, List.of((String) value), noInts, noInts,
                    none, null, null, "request_time", SortOrder.DESC, 0);
            case "server_port" -> calls(TimeRange.ALL, none, none, none, none, List.of((Integer) value), noInts,
                    none, null, null, "request_time", SortOrder.DESC, 0);
            case "status_code" -> calls(TimeRange.ALL, none, none, none, none, noInts, List.of((Integer) value),
                    none, null, null, "request_time", SortOrder.DESC, 0);
            case "finish_reason" -> calls(TimeRange.ALL, none, none, none, none, noInts, noInts,
                    List.of((String) value), null, null, "request_time", SortOrder.DESC, 0);
            case "stream" -> calls(TimeRange.ALL, none, none, none, none, noInts, noInts, none, (Boolean) value,
                    null, "request_time", SortOrder.DESC, 0);
            case "path" -> calls(TimeRange.ALL, none, none, none, none, noInts, noInts, none, null, (String) value,
                    "request_time", SortOrder.DESC, 0);
            default -> throw new IllegalArgumentException(field);
        };
    }

    private static Map<String, Query> shapes(StorageBackend s, SyntheticStorageRows rows) {
        Map<String, Query> q = new LinkedHashMap<>();
        long end = rows.endMicros();
        long span = end - rows.firstMicros();
        int n = rows.calls();
        List<String> none = List.of();
        List<Integer> noInts = List.of();
        q.put("calls: newest 50", r -> s.queryCalls(CallQuery.all(0, 50)));
        q.put("calls: wire_api = anthropic", r -> s.queryCalls(callsWhere("wire_api", "anthropic")));
        q.put("calls: model = gpt-4o-mini", r -> s.queryCalls(callsWhere("model", "gpt-4o-mini")));
        q.put("calls: server_ip", r -> s.queryCalls(callsWhere("server_ip", "10.0.0.9")));
        q.put("calls: client_ip", r -> s.queryCalls(callsWhere("client_ip", SyntheticStorageRows.clientIp(
                r.nextInt(n)))));
        q.put("calls: server_port = 443", r -> s.queryCalls(callsWhere("server_port", 443)));
        q.put("calls: status = 429 (2 %)", r -> s.queryCalls(callsWhere("status_code", 429)));
        q.put("calls: status = 0 (no response, 0.5 %)", r -> s.queryCalls(callsWhere("status_code", 0)));
        q.put("calls: finish_reason = tool_calls", r -> s.queryCalls(callsWhere("finish_reason", "tool_calls")));
        q.put("calls: stream = false", r -> s.queryCalls(callsWhere("stream", false)));
        q.put("calls: path contains 'messages'", r -> s.queryCalls(callsWhere("path", "messages")));
        q.put("calls: combined (range, api, status, stream)", r -> s.queryCalls(calls(
                new TimeRange(end - 6 * HOUR, end), List.of("openai-chat", "anthropic"), none, none, none, noInts,
                List.of(200), none, true, null, "request_time", SortOrder.DESC, 0)));
        for (String field : CallQuery.SORT_FIELDS) {
            for (SortOrder order : SortOrder.values()) {
                if (!field.equals("request_time") || order == SortOrder.ASC) {
                    q.put("calls: sort " + field + " " + order, r -> s.queryCalls(calls(TimeRange.ALL, none, none,
                            none, none, noInts, noInts, none, null, null, field, order, 0)));
                }
            }
        }
        for (int offset : new int[] {10_000, n / 2, n - 50}) {
            q.put("calls: newest, offset " + offset, r -> s.queryCalls(CallQuery.all(offset, 50)));
        }
        q.put("calls: sort e2e DESC, offset " + n / 2, r -> s.queryCalls(calls(TimeRange.ALL, none, none, none,
                none, noInts, noInts, none, null, null, "e2e_latency_ms", SortOrder.DESC, n / 2)));
        q.put("calls: last hour", r -> s.queryCalls(calls(new TimeRange(end - HOUR, end), none, none, none, none,
                noInts, noInts, none, null, null, "request_time", SortOrder.DESC, 0)));
        q.put("calls: last 24 hours", r -> s.queryCalls(calls(new TimeRange(end - 24 * HOUR, end), none, none,
                none, none, noInts, noInts, none, null, null, "request_time", SortOrder.DESC, 0)));
        q.put("calls: an hour in the middle", r -> {
            long from = rows.firstMicros() + r.nextLong(Math.max(1, span - HOUR));
            return s.queryCalls(calls(new TimeRange(from, from + HOUR), none, none, none, none, noInts, noInts,
                    none, null, null, "request_time", SortOrder.DESC, 0));
        });
        q.put("calls: an hour in the middle, sort ttft", r -> {
            long from = rows.firstMicros() + r.nextLong(Math.max(1, span - HOUR));
            return s.queryCalls(calls(new TimeRange(from, from + HOUR), none, none, none, none, noInts, noInts,
                    none, null, null, "ttft_ms", SortOrder.DESC, 0));
        });
        q.put("findCall by id", r -> {
            int i = r.nextInt(n);
            return s.findCall(SyntheticStorageRows.callId(rows.requestMicros(i), i)).orElseThrow();
        });
        q.put("exchanges: newest 50", r -> s.queryExchanges(ExchangeQuery.all(0, 50)));
        q.put("exchanges: status = 500", r -> s.queryExchanges(new ExchangeQuery(TimeRange.ALL, none, none, none,
                List.of(500), null, null, "request_time", SortOrder.DESC, 0, 50)));
        q.put("exchanges: uri contains 'responses', sse", r -> s.queryExchanges(new ExchangeQuery(TimeRange.ALL,
                none, none, List.of("POST"), noInts, "responses", true, "request_time", SortOrder.DESC, 0, 50)));
        q.put("exchanges: sort duration DESC", r -> s.queryExchanges(new ExchangeQuery(TimeRange.ALL, none, none,
                none, noInts, null, null, "duration_ms", SortOrder.DESC, 0, 50)));
        q.put("exchanges: last hour", r -> s.queryExchanges(new ExchangeQuery(new TimeRange(end - HOUR, end), none,
                none, none, noInts, null, null, "request_time", SortOrder.DESC, 0, 50)));
        q.put("exchanges: offset " + n / 2, r -> s.queryExchanges(ExchangeQuery.all(n / 2, 50)));
        q.put("findExchange by id", r -> {
            int i = r.nextInt(n);
            return s.findExchange("x-" + SyntheticStorageRows.callId(rows.requestMicros(i), i)).orElseThrow();
        });
        int turns = rows.turns();
        int sessions = turns / SyntheticStorageRows.TURNS_PER_SESSION;
        q.put("turns: newest 50", r -> s.queryTurns(TurnQuery.all(0, 50)));
        q.put("turns: agent kind", r -> s.queryTurns(new TurnQuery(TimeRange.ALL, List.of("codex-cli"), none, none,
                List.of(), none, none, none, none, false, "start_time", SortOrder.DESC, 0, 50)));
        q.put("turns: status incomplete", r -> s.queryTurns(new TurnQuery(TimeRange.ALL, none, none, none,
                List.of(TurnStatus.INCOMPLETE), none, none, none, none, false, "start_time", SortOrder.DESC, 0, 50)));
        q.put("turns: model", r -> s.queryTurns(new TurnQuery(TimeRange.ALL, none, none, none, List.of(), none,
                List.of("gpt-5"), none, none, false, "start_time", SortOrder.DESC, 0, 50)));
        q.put("turns: of one session", r -> s.queryTurns(TurnQuery.session(SyntheticStorageRows.sessionId(
                r.nextInt(sessions)), 0, 50)));
        q.put("turns: last hour, with proxy legs", r -> s.queryTurns(new TurnQuery(new TimeRange(end - HOUR, end),
                none, none, none, List.of(), none, none, none, none, true, "start_time", SortOrder.DESC, 0, 50)));
        for (String field : List.of("duration_ms", "total_input_tokens")) {
            q.put("turns: sort " + field + " DESC", r -> s.queryTurns(new TurnQuery(TimeRange.ALL, none, none, none,
                    List.of(), none, none, none, none, false, field, SortOrder.DESC, 0, 50)));
        }
        q.put("turns: offset " + turns / 2, r -> s.queryTurns(TurnQuery.all(turns / 2, 50)));
        q.put("findTurn by id", r -> s.findTurn(SyntheticStorageRows.turnId(r.nextInt(turns))).orElseThrow());
        q.put("sessions: latest 50", r -> s.querySessions(SessionQuery.all(0, 50)));
        for (String field : AgentSession.SORT_FIELDS) {
            q.put("sessions: sort " + field + " DESC", r -> s.querySessions(new SessionQuery(TimeRange.ALL, none, none,
                    field, SortOrder.DESC, 0, 50)));
        }
        q.put("sessions: agent kind", r -> s.querySessions(new SessionQuery(TimeRange.ALL, List.of("opencode"),
                none, "end_time", SortOrder.DESC, 0, 50)));
        q.put("sessions: last hour", r -> s.querySessions(new SessionQuery(new TimeRange(end - HOUR, end), none,
                none, "end_time", SortOrder.DESC, 0, 50)));
        q.put("sessions: offset " + sessions / 2, r -> s.querySessions(SessionQuery.all(sessions / 2, 50)));
        q.put("session by id", r -> s.querySessions(SessionQuery.of(SyntheticStorageRows.sessionId(
                r.nextInt(sessions)))));
        q.put("groups: services (server ip, port)", r -> s.groupCalls(CallGroupQuery.by(TimeRange.ALL, 200,
                CallGroupKey.SERVER_IP, CallGroupKey.SERVER_PORT)));
        q.put("groups: models (wire api, model), last 24 hours", r -> s.groupCalls(CallGroupQuery.by(
                new TimeRange(end - 24 * HOUR, end), 20, CallGroupKey.WIRE_API, CallGroupKey.MODEL)));
        q.put("groups: client-server edges, last hour", r -> s.groupCalls(CallGroupQuery.by(
                new TimeRange(end - HOUR, end), 500, CallGroupKey.CLIENT_IP, CallGroupKey.SERVER_IP,
                CallGroupKey.SERVER_PORT)));
        q.put("groups: finish reasons of one wire api", r -> s.groupCalls(new CallGroupQuery(TimeRange.ALL,
                List.of("anthropic"), none, none, none, List.of(CallGroupKey.FINISH_REASON), 100)));
        if (s.storesMetrics()) {
            q.put("rollups: last hour", r -> s.queryRollups(RollupQuery.range(new TimeRange(end - HOUR, end),
                    10_000)));
            q.put("rollups: last 24 hours, one model", r -> s.queryRollups(new RollupQuery(
                    new TimeRange(end - 24 * HOUR, end), List.of(), List.of(), List.of("gpt-4o"), List.of(),
                    10_000)));
            q.put("health samples: newest 100", r -> s.queryHealthSamples(new HealthQuery(TimeRange.ALL, List.of(),
                    0, 100)));
        }
        return q;
    }
}
