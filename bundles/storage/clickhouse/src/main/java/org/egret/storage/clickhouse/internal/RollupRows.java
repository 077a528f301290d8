package org.egret.storage.clickhouse.internal;

import static org.egret.storage.clickhouse.internal.JsonRows.dbl;
import static org.egret.storage.clickhouse.internal.JsonRows.lng;
import static org.egret.storage.clickhouse.internal.JsonRows.str;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.TreeMap;
import org.egret.api.pipeline.LatencyStats;
import org.egret.api.pipeline.MetricGranularity;
import org.egret.api.pipeline.MetricWindow;
import org.egret.api.storage.MetricRollup;

/**
 * {@link MetricRollup}s as rows of {@code metric_rollups}. A window written again for the same pipeline, start and
 * dimensions is a new row with a higher {@code version}; readers keep the highest ({@link #KEY} names the window).
 */
final class RollupRows {
    /** What names one window. */
    static final String KEY = "pipeline, start_us, wire_api, model, server_kind, agent_kind";
    /** The contract's order: oldest first, then pipeline and the dimensions (a missing one first, as in DuckDB). */
    static final String ORDER = "start_us ASC, pipeline ASC, wire_api ASC NULLS FIRST, model ASC NULLS FIRST, "
            + "server_kind ASC NULLS FIRST, agent_kind ASC NULLS FIRST";
    private static final String[] STATS = {"ttft_stream", "ttft_non_stream", "e2e", "tpot"};

    private RollupRows() {
    }

    static byte[] row(MetricRollup rollup, long version) {
        MetricWindow w = rollup.window();
        try (JsonRow r = new JsonRow()) {
            r.str("pipeline", rollup.pipeline() == null ? "" : rollup.pipeline()).num("start_us", w.start())
                    .str("wire_api", w.wireApi()).str("model", w.model()).str("server_kind", w.serverKind())
                    .str("agent_kind", w.agentKind()).num("calls", w.calls()).num("stream_calls", w.streamCalls())
                    .num("errors_4xx", w.errors4xx()).num("errors_429", w.errors429())
                    .num("errors_5xx", w.errors5xx()).num("partial_calls", w.partialCalls())
                    .num("input_tokens", w.inputTokens()).num("input_token_calls", w.inputTokenCalls())
                    .num("output_tokens", w.outputTokens()).num("output_token_calls", w.outputTokenCalls())
                    .num("cache_read_tokens", w.cacheReadTokens()).num("cache_write_tokens", w.cacheWriteTokens())
                    .num("reasoning_tokens", w.reasoningTokens()).num("prompt_tokens", w.promptTokens())
                    .dbl("cost_usd", w.costUsd()).dbl("active_call_micros", w.activeCallMicros())
                    .num("active_calls_peak", w.activeCallsPeak());
            stats(r, STATS[0], w.ttftStream());
            stats(r, STATS[1], w.ttftNonStream());
            stats(r, STATS[2], w.e2e());
            stats(r, STATS[3], w.tpot());
            return r.num("version", version).finish();
        }
    }

    private static void stats(JsonRow r, String p, LatencyStats s) {
        long[] keys = new long[s.buckets().size()];
        long[] counts = new long[keys.length];
        int i = 0;
        for (Map.Entry<Long, Long> e : s.buckets().entrySet()) {
            keys[i] = e.getKey();
            counts[i++] = e.getValue();
        }
        r.num(p + "_count", s.count()).dbl(p + "_sum_ms", s.sumMs()).dbl(p + "_max_ms", s.maxMs())
                .dbl(p + "_p50_ms", s.p50Ms()).dbl(p + "_p95_ms", s.p95Ms()).dbl(p + "_p99_ms", s.p99Ms())
                .longs(p + "_bucket_keys", keys).longs(p + "_bucket_counts", counts);
    }

    static MetricRollup read(JsonNode row) {
        MetricWindow w = new MetricWindow(lng(row, "start_us"), MetricGranularity.ONE_MINUTE, str(row, "wire_api"),
                str(row, "model"), str(row, "server_kind"), str(row, "agent_kind"), lng(row, "calls"),
                lng(row, "stream_calls"), lng(row, "errors_4xx"), lng(row, "errors_429"), lng(row, "errors_5xx"),
                lng(row, "partial_calls"), lng(row, "input_tokens"), lng(row, "input_token_calls"),
                lng(row, "output_tokens"), lng(row, "output_token_calls"), lng(row, "cache_read_tokens"),
                lng(row, "cache_write_tokens"), lng(row, "reasoning_tokens"), lng(row, "prompt_tokens"),
                dbl(row, "cost_usd"), dbl(row, "active_call_micros"), lng(row, "active_calls_peak"),
                stats(row, STATS[0]), stats(row, STATS[1]), stats(row, STATS[2]), stats(row, STATS[3]));
        return new MetricRollup(str(row, "pipeline"), w);
    }

    private static LatencyStats stats(JsonNode row, String p) {
        long[] keys = JsonRows.longs(row, p + "_bucket_keys");
        long[] counts = JsonRows.longs(row, p + "_bucket_counts");
        TreeMap<Long, Long> buckets = new TreeMap<>();
        for (int i = 0; i < Math.min(keys.length, counts.length); i++) {
            buckets.put(keys[i], counts[i]);
        }
        return new LatencyStats(lng(row, p + "_count"), dbl(row, p + "_sum_ms"), dbl(row, p + "_max_ms"),
                dbl(row, p + "_p50_ms"), dbl(row, p + "_p95_ms"), dbl(row, p + "_p99_ms"), buckets);
    }
}
