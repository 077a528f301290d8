package org.egret.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The settings routes on a running appliance: the runtime configuration with its secrets redacted, a price table
 * PUT through Config Admin that the pipelines then cost with, the live event stream and the internal metrics.
 */
class SettingsIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path work;

    @Test
    void pricesPutThroughTheApiCostTheNextCallsAndSecretsAreNeverServed() throws Exception {
        Path home = EgretProcess.privateHome(work.resolve("home"));
        Path db = work.resolve("settings.duckdb");
        Path config = Files.writeString(work.resolve("egret.json"), """
                { "egret.storage.duckdb": { "path": "%s", "retention_enabled": false, "token": "s3cret-xyz" } }
                """.formatted(db));
        int port = EgretProcess.freePort();
        try (EgretProcess p = EgretProcess.start(work, home, port, "-c", config.toString())) {
            p.awaitApi();

            JsonNode rc = p.data("/api/runtime-config");
            assertThat(rc.get("config_path").asText()).isEqualTo(config.toAbsolutePath().normalize().toString());
            JsonNode duck = rc.get("config").get("storage").get("egret.storage.duckdb");
            assertThat(duck.get("path").asText()).isEqualTo(db.toString());
            assertThat(duck.get("token").asText()).isEqualTo("[redacted]");
            assertThat(rc.toString()).doesNotContain("s3cret-xyz");

            JsonNode settings = p.data("/api/settings");
            assertThat(settings.get("storage").get("type").asText()).isEqualTo("duckdb");
            assertThat(settings.get("retention").get("enabled").asBoolean()).isFalse();
            List<String> shipped = models(p.data("/api/settings/prices"));
            assertThat(shipped).contains("gpt-4o-mini*").hasSizeGreaterThan(20);

            HttpResponse<String> put = send(port, "PUT", "/api/settings/prices", "application/json", """
                    {"prices":[{"model":"gpt-4o-mini*","input_per_mtok":100,"output_per_mtok":1000,
                                "cache_read_per_mtok":10,"cache_write_per_mtok":0}]}""");
            assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
            assertThat(send(port, "PUT", "/api/settings/prices", "text/plain", "{}").statusCode()).isEqualTo(415);
            HttpResponse<String> bad = send(port, "PUT", "/api/settings/prices", "application/json",
                    "{\"prices\":[{\"model\":\"x\",\"input_per_mtok\":-1,\"output_per_mtok\":0}]}");
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.body()).contains("input_per_mtok must be a finite number");
            awaitPrices(p, List.of("gpt-4o-mini*"));

            // a pipeline started after the PUT costs its call with the table that was PUT
            Path cfg = home.resolve("conf/egret.pipeline-priced.cfg");
            Files.writeString(cfg, "sources=pcap-file:"
                    + EgretProcess.testdata().resolve("openai-chat-stream.pcap") + "\nworkers=1\n");
            awaitStoredCall(p);
            JsonNode item = p.data("/api/spans?limit=1").get("items").get(0);
            JsonNode call = p.data("/api/spans/" + item.get("id").asText());
            long input = call.get("input_tokens").asLong();
            long cached = call.get("cache_read_input_tokens").asLong();
            long output = call.get("output_tokens").asLong();
            assertThat(call.get("cost_usd").asDouble())
                    .isCloseTo(((input - cached) * 100.0 + cached * 10.0 + output * 1000.0) / 1e6, within(1e-9));

            JsonNode metrics = p.data("/api/internal-metrics");
            JsonNode priced = null;
            for (JsonNode pl : metrics.get("pipelines")) {
                if (pl.get("name").asText().equals("priced")) {
                    priced = pl;
                }
            }
            assertThat(priced).as(metrics.toString()).isNotNull();
            assertThat(priced.get("metrics").toString()).contains("\"name\":\"pkts_received\"")
                    .contains("\"capacity\":");
            assertThat(p.data("/api/internal-metrics/series?since=0&metrics=flushed_calls").get("series").toString())
                    .contains("\"pipeline\":\"priced\"");

            assertLiveStreams(port, p);
            // the table PUT is kept in conf/, which FileInstall loads at every start
            assertThat(home.resolve("conf/egret.pricing.config")).content().contains("gpt-4o-mini*");
            Files.delete(cfg);
        }
        int again = EgretProcess.freePort();
        try (EgretProcess p = EgretProcess.start(work, home, again, "-c", config.toString())) {
            p.awaitApi();
            awaitPrices(p, List.of("gpt-4o-mini*"));
            JsonNode row = p.data("/api/settings/prices").get("prices").get(0);
            assertThat(row.get("input_per_mtok").asDouble()).isEqualTo(100.0);
            assertThat(row.get("cache_read_per_mtok").asDouble()).isEqualTo(10.0);
        }
    }

    /**
     * A stream opens with the retry and a status naming the pipeline, the JSON API answers meanwhile; 16 streams at
     * most (a 17th closes the oldest), and one that goes away frees its slot once a write to it fails.
     */
    private static void assertLiveStreams(int port, EgretProcess p) throws Exception {
        List<HttpResponse<InputStream>> open = new ArrayList<>();
        try {
            HttpResponse<InputStream> first = live(port);
            open.add(first);
            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(first.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
            BufferedReader r = new BufferedReader(new InputStreamReader(first.body(), StandardCharsets.UTF_8));
            assertThat(r.readLine()).isEqualTo("retry: 3000");
            assertThat(r.readLine()).isEmpty();
            assertThat(r.readLine()).isEqualTo("event: status");
            String data = r.readLine();
            assertThat(data).startsWith("data: {\"ts\":");
            JsonNode status = EgretProcess.JSON.readTree(data.substring("data: ".length()));
            assertThat(status.get("calls_total").asLong()).isEqualTo(1);
            assertThat(status.get("pipelines").get(0).get("name").asText()).isEqualTo("priced");
            assertThat(p.data("/api/health").get("status").asText()).isNotEmpty();

            for (int i = 1; i < 16; i++) {
                HttpResponse<InputStream> s = live(port);
                assertThat(s.statusCode()).as("stream " + i).isEqualTo(200);
                assertThat(new String(s.body().readNBytes(5), StandardCharsets.UTF_8)).isEqualTo("retry");
                open.add(s);
            }
            // a 17th stream makes room by closing the oldest, which then reads to its end
            HttpResponse<InputStream> newest = live(port);
            assertThat(newest.statusCode()).isEqualTo(200);
            open.add(newest);
            assertThat(new String(newest.body().readNBytes(5), StandardCharsets.UTF_8)).isEqualTo("retry");
            CompletableFuture<Boolean> ended = CompletableFuture.supplyAsync(() -> {
                try {
                    while (r.readLine() != null) {
                        // what was sent before the close
                    }
                } catch (IOException e) {
                    // a reset connection has ended too
                }
                return true;
            });
            assertThat(ended.get(20, TimeUnit.SECONDS)).as("the oldest stream ended").isTrue();
        } finally {
            for (HttpResponse<InputStream> s : open) {
                s.body().close();
            }
        }
    }

    private static HttpResponse<InputStream> live(int port) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/live")).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
    }

    private static HttpResponse<String> send(int port, String method, String path, String contentType, String body)
            throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", contentType)
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> models(JsonNode prices) {
        List<String> out = new ArrayList<>();
        prices.get("prices").forEach(r -> out.add(r.get("model").asText()));
        return out;
    }

    /** Config Admin delivers the change to the pricing component asynchronously. */
    private static void awaitPrices(EgretProcess p, List<String> expected) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        List<String> now = null;
        while (System.currentTimeMillis() < deadline) {
            now = models(p.data("/api/settings/prices"));
            if (now.equals(expected)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the price table did not become " + expected + ", still " + now);
    }

    private static void awaitStoredCall(EgretProcess p) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            if (p.data("/api/spans").get("total").asLong() == 1) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the capture's call was not stored:\n" + p.output());
    }
}
