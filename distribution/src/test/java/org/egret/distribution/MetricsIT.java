package org.egret.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /metrics} of a running appliance: Prometheus text that says what /api/health says; and the metric windows
 * of a replay of the whole corpus (two pipelines, merged by the API) against the values recomputed from the calls
 * stored.
 */
class MetricsIT {

    private static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*(?:\\{[^}]*\\})?) (-?[0-9]+(?:\\.[0-9]+)?(?:E-?[0-9]+)?|\\+Inf)");

    @TempDir
    Path work;

    @Test
    void aReplayedCapturesCountersAreScrapableAsPrometheusText() throws Exception {
        Path capture = EgretProcess.testdata().resolve("openai-chat-tools.pcap");
        try (EgretProcess egret = EgretProcess.start(work, EgretProcess.freePort(), "--pcap-file",
                capture.toString(), "--no-retention", "--db", work.resolve("m.duckdb").toString())) {
            egret.awaitApi();
            egret.awaitOutput("pipeline cli drained", 120);

            HttpResponse<String> r = egret.getText("/metrics");
            assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("text/plain; version=0.0.4");
            Map<String, Double> samples = new HashMap<>();
            for (String line : r.body().split("\n")) {
                if (line.startsWith("#")) {
                    assertThat(line).matches("# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .+");
                    continue;
                }
                Matcher m = SAMPLE.matcher(line);
                assertThat(m.matches()).as("a sample line: " + line).isTrue();
                samples.put(m.group(1), m.group(2).equals("+Inf") ? Double.POSITIVE_INFINITY
                        : Double.parseDouble(m.group(2)));
            }

            JsonNode health = egret.data("/api/health");
            JsonNode counters = health.get("pipelines").get(0).get("counters");
            for (String counter : new String[] {"pkts_received", "http_exchanges", "flushed_calls",
                    "wires_detected"}) {
                assertThat(samples.get("egret_pipeline_" + counter + "_total{pipeline=\"cli\"}"))
                        .as(counter).isEqualTo(counters.get(counter).asDouble()).isPositive();
            }
            assertThat(samples.get("egret_pipeline_running{pipeline=\"cli\"}")).isZero();
            assertThat(samples.get("egret_storage_healthy{type=\"duckdb\"}")).isEqualTo(1);
            assertThat(samples.get("egret_storage_calls_written_total{type=\"duckdb\"}"))
                    .isEqualTo(egret.data("/api/spans?limit=1").get("total").asDouble());
            assertThat(samples.get("egret_pipeline_decoder_selected_total{pipeline=\"cli\",wire_api=\"openai-chat\"}"))
                    .isEqualTo(2);

            // the call metrics agree with the calls stored
            String series = "{pipeline=\"cli\",wire_api=\"openai-chat\",model=\"gpt-4o-mini-2024-07-18\","
                    + "server_kind=\"openai\",agent_kind=\"generic\"";
            double tokensIn = 0;
            double cost = 0;
            for (JsonNode item : egret.data("/api/spans?limit=50").get("items")) {
                JsonNode d = egret.data("/api/spans/" + item.get("id").asText());
                tokensIn += d.get("input_tokens").asDouble();
                cost += d.get("cost_usd").asDouble();
            }
            assertThat(samples.get("egret_calls_total" + series + "}")).isEqualTo(2);
            assertThat(samples.get("egret_input_tokens_total" + series + "}")).isEqualTo(tokensIn);
            assertThat(samples.get("egret_cost_usd_total" + series + "}")).isCloseTo(cost,
                    org.assertj.core.api.Assertions.within(1e-12));
            assertThat(samples.get("egret_call_ttft_seconds_count" + series + "}")).isEqualTo(2);
            assertThat(samples.get("egret_call_ttft_seconds_bucket" + series + ",le=\"+Inf\"}")).isEqualTo(2);
        }
    }

    /** What the stored calls of one window and series add up to, recomputed here. */
    private static final class Expected {
        long calls;
        long streams;
        long errors4xx;
        long errors429;
        long errors5xx;
        long partial;
        long input;
        long output;
        long cacheRead;
        double cost;
        final List<Double> ttft = new ArrayList<>();
        final List<Double> e2e = new ArrayList<>();
    }

    private static final String[] FIELDS = {"call_count", "stream_count", "error_4xx_count", "error_429_count",
        "error_5xx_count", "partial_count", "total_input_tokens", "total_output_tokens",
        "total_cache_read_input_tokens", "cost_usd", "ttft_count", "ttft_avg", "ttft_max", "ttft_p50", "ttft_p95",
        "ttft_p99", "e2e_count", "e2e_avg", "e2e_max", "e2e_p50", "e2e_p95", "e2e_p99"};

    @Test
    void metricWindowsOfAReplayedCorpusEqualWhatTheStoredCallsGive() throws Exception {
        List<Path> captures;
        try (var s = Files.list(EgretProcess.testdata())) {
            captures = s.filter(p -> p.toString().endsWith(".pcap") || p.toString().endsWith(".pcapng")).sorted()
                    .toList();
        }
        ObjectNode config = EgretProcess.JSON.createObjectNode();
        for (int half = 0; half < 2; half++) {
            ObjectNode pipeline = config.putObject("egret.pipeline~half" + half);
            var sources = pipeline.putArray("sources");
            for (int i = half; i < captures.size(); i += 2) {
                sources.add("pcap-file:" + captures.get(i));
            }
            pipeline.put("workers", 2);
        }
        config.putObject("egret.storage.duckdb").put("path", work.resolve("corpus.duckdb").toString())
                .put("retention_enabled", false);
        Path file = Files.writeString(work.resolve("corpus.json"), config.toString());
        try (EgretProcess egret = EgretProcess.start(work, EgretProcess.freePort(), "-c", file.toString())) {
            egret.awaitApi();
            egret.awaitOutput("pipeline half0 drained", 180);
            egret.awaitOutput("pipeline half1 drained", 180);
            List<JsonNode> calls = storedCalls(egret);
            assertThat(calls).as("calls stored from the corpus").hasSizeGreaterThan(30);
            for (String granularity : new String[] {"10s", "1m", "1h"}) {
                assertTimeseries(egret, granularity, expected(retained(calls, granularity), granularity));
            }
            // a call either is in the 10 s windows, or came after its window was dropped (late), or aged out
            long late = 0;
            for (JsonNode p : egret.data("/api/health").get("pipelines")) {
                late += p.get("counters").get("metric_late_calls").asLong();
            }
            assertThat(late).as("late calls").isLessThanOrEqualTo(
                    calls.size() - retained(calls, "10s").size());

            Expected all = new Expected();
            retained(calls, "1h").forEach(c -> add(all, c));
            JsonNode summary = egret.data("/api/metrics/summary");
            assertThat(summary.get("granularity").asText()).as("the finest holding everything").isEqualTo("1h");
            assertFields(summary, all, "summary");
            assertAgentLayer(egret);
        }
    }

    /** The agent layer per agent kind equals what the stored turns (client legs only) add up to. */
    private static void assertAgentLayer(EgretProcess egret) throws Exception {
        Map<String, long[]> expected = new TreeMap<>();
        Map<String, Long> maxDuration = new HashMap<>();
        for (int page = 1;; page++) {
            JsonNode items = egret.data("/api/traces?page_size=200&page=" + page).get("items");
            for (JsonNode t : items) {
                long[] e = expected.computeIfAbsent(t.get("agent_kind").asText(), k -> new long[9]);
                e[0]++;
                e[1] += "complete".equals(t.get("status").asText()) ? 1 : 0;
                e[2] += t.get("call_count").asLong();
                e[3] += t.get("tool_call_count").asLong();
                e[4] += t.get("tool_result_count").asLong();
                e[5] += t.get("tool_error_count").asLong();
                e[6] += t.get("plan_loop").isObject() ? 1 : 0;
                e[7] += t.get("no_submit").asBoolean() ? 1 : 0;
                e[8] += t.get("total_output_tokens").asLong();
                maxDuration.merge(t.get("agent_kind").asText(), t.get("duration_ms").asLong(), Math::max);
            }
            if (items.size() < 200) {
                break;
            }
        }
        assertThat(expected).as("stored turns of the corpus").isNotEmpty().containsKeys("claude-cli", "generic");
        Map<String, JsonNode> served = new HashMap<>();
        egret.data("/api/metrics/agents").get("summary").forEach(a -> served.put(a.get("agent_kind").asText(), a));
        assertThat(served.keySet()).as("agent kinds with turns").isEqualTo(expected.keySet());
        expected.forEach((kind, e) -> {
            JsonNode a = served.get(kind);
            String what = "agent layer of " + kind + ": ";
            assertThat(a.get("turn_count").asLong()).as(what + "turns").isEqualTo(e[0]);
            assertThat(a.get("complete_turn_count").asLong()).as(what + "complete turns").isEqualTo(e[1]);
            assertThat(a.get("call_count").asLong()).as(what + "calls").isEqualTo(e[2]);
            assertThat(a.get("tool_call_count").asLong()).as(what + "tool calls").isEqualTo(e[3]);
            assertThat(a.get("tool_result_count").asLong()).as(what + "tool results").isEqualTo(e[4]);
            assertThat(a.get("tool_error_count").asLong()).as(what + "tool errors").isEqualTo(e[5]);
            if (e[4] > 0) {
                assertThat(a.get("tool_success_rate").asDouble()).as(what + "tool success rate")
                        .isCloseTo((e[4] - e[5]) / (double) e[4], within(1e-9));
            }
            assertThat(a.get("plan_loop_turns").asLong()).as(what + "plan-loop turns").isEqualTo(e[6]);
            assertThat(a.get("no_submit_turns").asLong()).as(what + "no-submit turns").isEqualTo(e[7]);
            assertThat(a.get("total_output_tokens").asLong()).as(what + "output tokens").isEqualTo(e[8]);
            assertThat(a.get("duration_max_ms").asDouble()).as(what + "longest turn")
                    .isCloseTo(maxDuration.get(kind), within(1.0));
        });
    }

    /** Every stored call in full, read back through /api/spans. */
    private static List<JsonNode> storedCalls(EgretProcess egret) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (int page = 1;; page++) {
            JsonNode items = egret.data("/api/spans?page_size=200&page=" + page).get("items");
            for (JsonNode item : items) {
                out.add(egret.data("/api/spans/" + item.get("id").asText()));
            }
            if (items.size() < 200) {
                return out;
            }
        }
    }

    private static long widthMillis(String granularity) {
        return switch (granularity) {
            case "10s" -> 10_000;
            case "1m" -> 60_000;
            default -> 3_600_000;
        };
    }

    /**
     * The calls a granularity's windows still hold: each pipeline keeps the windows that start at or after its
     * newest request time less the retention (10 s windows 6 h, 1 min 2 days, 1 h 30 days).
     */
    private static List<JsonNode> retained(List<JsonNode> calls, String granularity) {
        long retention = switch (granularity) {
            case "10s" -> 6 * 3_600_000L;
            case "1m" -> 2 * 86_400_000L;
            default -> 30 * 86_400_000L;
        };
        long width = widthMillis(granularity);
        Map<String, Long> newest = new HashMap<>();
        calls.forEach(c -> newest.merge(c.get("pipeline").asText(), c.get("request_time").asLong(), Math::max));
        return calls.stream().filter(c -> c.get("request_time").asLong() >= Math.floorDiv(
                newest.get(c.get("pipeline").asText()) - retention, width) * width).toList();
    }

    /** Window start (Unix seconds) and wire API and model → what its stored calls add up to. */
    private static Map<String, Expected> expected(List<JsonNode> calls, String granularity) {
        long width = widthMillis(granularity);
        Map<String, Expected> out = new TreeMap<>();
        for (JsonNode c : calls) {
            long start = Math.floorDiv(c.get("request_time").asLong(), width) * width / 1000;
            add(out.computeIfAbsent(start + " " + c.get("wire_api").asText() + " " + c.get("model").asText(),
                    k -> new Expected()), c);
        }
        return out;
    }

    private static void add(Expected e, JsonNode c) {
        e.calls++;
        e.streams += c.get("is_stream").asBoolean() ? 1 : 0;
        int status = c.get("status_code").asInt(0);
        e.errors4xx += status >= 400 && status < 500 ? 1 : 0;
        e.errors429 += status == 429 ? 1 : 0;
        e.errors5xx += status >= 500 ? 1 : 0;
        e.partial += c.get("partial").asBoolean() ? 1 : 0;
        e.input += c.get("input_tokens").asLong(0);
        e.output += c.get("output_tokens").asLong(0);
        e.cacheRead += c.get("cache_read_input_tokens").asLong(0);
        e.cost += c.get("cost_usd").asDouble(0);
        if (!c.get("ttft_ms").isNull()) {
            e.ttft.add(c.get("ttft_ms").asDouble());
        }
        if (!c.get("e2e_latency_ms").isNull()) {
            e.e2e.add(c.get("e2e_latency_ms").asDouble());
        }
    }

    private static void assertTimeseries(EgretProcess egret, String granularity, Map<String, Expected> expected)
            throws Exception {
        JsonNode d = egret.data("/api/metrics/timeseries?granularity=" + granularity
                + "&group_by=wire_api,model&fields=" + String.join(",", FIELDS));
        List<Long> timestamps = new ArrayList<>();
        d.get("timestamps").forEach(t -> timestamps.add(t.asLong()));
        // window and series → field → value, only where the series had calls
        Map<String, ObjectNode> served = new TreeMap<>();
        for (JsonNode s : d.get("series")) {
            String series = s.get("labels").get("wire_api").asText() + " " + s.get("labels").get("model").asText();
            for (int i = 0; i < timestamps.size(); i++) {
                ObjectNode row = served.computeIfAbsent(timestamps.get(i) + " " + series,
                        k -> EgretProcess.JSON.createObjectNode());
                row.set(s.get("name").asText(), s.get("values").get(i));
            }
        }
        served.values().removeIf(row -> row.get("call_count").asLong() == 0);
        assertThat(served.keySet()).as(granularity + " windows with calls").containsExactlyElementsOf(
                expected.keySet());
        expected.forEach((key, e) -> assertFields(served.get(key), e, granularity + " " + key));
    }

    private static void assertFields(JsonNode row, Expected e, String what) {
        assertThat(row.get("call_count").asLong()).as(what + " calls").isEqualTo(e.calls);
        assertThat(row.get("stream_count").asLong()).as(what + " streams").isEqualTo(e.streams);
        assertThat(row.get("error_4xx_count").asLong()).as(what + " 4xx").isEqualTo(e.errors4xx);
        assertThat(row.get("error_429_count").asLong()).as(what + " 429").isEqualTo(e.errors429);
        assertThat(row.get("error_5xx_count").asLong()).as(what + " 5xx").isEqualTo(e.errors5xx);
        assertThat(row.get("partial_count").asLong()).as(what + " partial").isEqualTo(e.partial);
        assertThat(row.get("total_input_tokens").asLong()).as(what + " input").isEqualTo(e.input);
        assertThat(row.get("total_output_tokens").asLong()).as(what + " output").isEqualTo(e.output);
        assertThat(row.get("total_cache_read_input_tokens").asLong()).as(what + " cache").isEqualTo(e.cacheRead);
        assertThat(row.get("cost_usd").asDouble()).as(what + " cost")
                .isCloseTo(e.cost, org.assertj.core.api.Assertions.within(1e-12));
        assertLatency(row, "ttft", e.ttft, what);
        assertLatency(row, "e2e", e.e2e, what);
    }

    /** Count, maximum and average exact (but for the order of a floating sum); percentiles within 1 %. */
    private static void assertLatency(JsonNode row, String name, List<Double> values, String what) {
        assertThat(row.get(name + "_count").asLong()).as(what + " " + name + " count").isEqualTo(values.size());
        if (values.isEmpty()) {
            assertThat(row.get(name + "_max").isNull()).as(what + " " + name + " max").isTrue();
            return;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double sum = values.stream().mapToDouble(Double::doubleValue).sum();
        assertThat(row.get(name + "_max").asDouble()).as(what + " " + name + " max")
                .isEqualTo(sorted[sorted.length - 1]);
        assertThat(row.get(name + "_avg").asDouble()).as(what + " " + name + " avg")
                .isCloseTo(sum / sorted.length, org.assertj.core.api.Assertions.within(1e-9 * (1 + sum)));
        for (int p : new int[] {50, 95, 99}) {
            int rank = (int) Math.max(1, Math.ceil(p / 100.0 * sorted.length));
            double exact = sorted[rank - 1];
            assertThat(row.get(name + "_p" + p).asDouble()).as(what + " " + name + " p" + p)
                    .isCloseTo(exact, org.assertj.core.api.Assertions.within(Math.max(exact * 0.01, 0.001)));
        }
    }
}
