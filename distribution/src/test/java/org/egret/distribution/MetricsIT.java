package org.egret.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /metrics} of a running appliance: Prometheus text that says what /api/health says. */
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
}
