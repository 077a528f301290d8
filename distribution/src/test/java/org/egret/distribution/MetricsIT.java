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

    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*(?:\\{[^}]*\\})?) (-?[0-9]+)");

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
            Map<String, Long> samples = new HashMap<>();
            for (String line : r.body().split("\n")) {
                if (line.startsWith("#")) {
                    assertThat(line).matches("# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .+");
                    continue;
                }
                Matcher m = SAMPLE.matcher(line);
                assertThat(m.matches()).as("a sample line: " + line).isTrue();
                samples.put(m.group(1), Long.parseLong(m.group(2)));
            }

            JsonNode health = egret.data("/api/health");
            JsonNode counters = health.get("pipelines").get(0).get("counters");
            for (String counter : new String[] {"pkts_received", "http_exchanges", "flushed_calls",
                    "wires_detected"}) {
                assertThat(samples.get("egret_pipeline_" + counter + "_total{pipeline=\"cli\"}"))
                        .as(counter).isEqualTo(counters.get(counter).asLong()).isPositive();
            }
            assertThat(samples.get("egret_pipeline_running{pipeline=\"cli\"}")).isZero();
            assertThat(samples.get("egret_storage_healthy{type=\"duckdb\"}")).isEqualTo(1);
            assertThat(samples.get("egret_storage_calls_written_total{type=\"duckdb\"}"))
                    .isEqualTo(egret.data("/api/spans?limit=1").get("total").asLong());
            assertThat(samples.get("egret_pipeline_decoder_selected_total{pipeline=\"cli\",wire_api=\"openai-chat\"}"))
                    .isEqualTo(2);
        }
    }
}
