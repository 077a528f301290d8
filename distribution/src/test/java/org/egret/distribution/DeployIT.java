package org.egret.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A decoder bundle hot-deployed into a running appliance: its jar dropped into deploy/ is live within seconds, as the
 * replay of a capture of its wire API shows through the REST API; deleted, the same requests are HTTP exchanges
 * only. The example Ollama decoder is not shipped, so its captures decode only while the jar is there.
 */
class DeployIT {
    /** FileInstall polls deploy/ every second and installs a jar once it has stopped changing: two polls. */
    private static final long PICKUP_LIMIT_MILLIS = 10_000;

    @TempDir
    Path work;

    @Test
    void aDecoderJarDroppedIntoDeployIsUsedAndRemovingItStopsThat() throws Exception {
        Path home = EgretProcess.privateHome(work.resolve("home"));
        Path capture = EgretProcess.testdata().resolve("examples/ollama-chat-stream.pcap");
        JsonNode observed = EgretProcess.JSON.readTree(
                EgretProcess.testdata().resolve("examples/ollama-chat-stream.observed.json").toFile()).get("llm_calls");
        try (EgretProcess p = EgretProcess.start(work, home, EgretProcess.freePort(), "--db",
                work.resolve("deploy.duckdb").toString())) {
            p.awaitApi();
            // a pipeline whose decoder count shows when the bundle is bound; drained, it still binds decoders
            int shipped = shippedDecoders();
            drop(home, "egret.pipeline-probe.cfg", "sources=pcap-file:" + capture + "\nworkers=1\n");
            awaitPipeline(p, "probe", shipped);
            assertThat(spans(p, "ollama-native")).as("not shipped: nothing decodes Ollama's native API").isEmpty();

            Path jar = home.resolve("deploy/egret-example-decoder-ollama-native.jar");
            long dropped = System.nanoTime();
            Files.copy(exampleJar(), home.resolve("deploy/.incoming"));
            Files.move(home.resolve("deploy/.incoming"), jar, StandardCopyOption.ATOMIC_MOVE);
            awaitDecoders(p, "probe", shipped + 1);
            long pickupMillis = (System.nanoTime() - dropped) / 1_000_000;
            assertThat(pickupMillis).as("deploy/ pickup").isLessThan(PICKUP_LIMIT_MILLIS);

            long replayed = System.nanoTime();
            drop(home, "egret.pipeline-ollama.cfg", "sources=pcap-file:" + capture + "\nworkers=1\n");
            awaitPipeline(p, "ollama", shipped + 1);
            List<JsonNode> calls = spans(p, "ollama-native");
            long replayMillis = (System.nanoTime() - replayed) / 1_000_000;
            assertThat(calls).hasSize(observed.size());
            for (int i = 0; i < calls.size(); i++) {
                JsonNode d = p.data("/api/spans/" + calls.get(i).get("id").asText());
                JsonNode o = observed.get(i);
                assertThat(d.get("request_path").asText()).isEqualTo("/api/chat");
                assertThat(d.get("model").asText()).isEqualTo(o.get("model").asText());
                assertThat(d.get("finish_reason").asText()).isEqualTo(o.get("finish_reason").asText());
                assertThat(d.get("input_tokens").asInt()).isEqualTo(o.get("input_tokens").asInt());
                assertThat(d.get("output_tokens").asInt()).isEqualTo(o.get("output_tokens").asInt());
                assertThat(d.get("is_stream").asBoolean()).isTrue();
                assertThat(d.get("partial").asBoolean()).isFalse();
                assertThat(d.get("tool_calls")).hasSize(o.get("tool_calls").size());
            }
            assertThat(rawOllamaExchanges(p)).as("the probe's replay, before the bundle").isEqualTo(2);

            Files.delete(jar);
            long removed = System.nanoTime();
            awaitDecoders(p, "probe", shipped);
            long unloadMillis = (System.nanoTime() - removed) / 1_000_000;
            assertThat(unloadMillis).as("deploy/ removal").isLessThan(PICKUP_LIMIT_MILLIS);

            drop(home, "egret.pipeline-again.cfg", "sources=pcap-file:" + capture + "\nworkers=1\n");
            awaitPipeline(p, "again", shipped);
            assertThat(spans(p, "ollama-native")).as("no new Ollama calls without the bundle").hasSize(2);
            assertThat(rawOllamaExchanges(p)).as("the same requests, now HTTP exchanges only").isEqualTo(4);
            System.out.printf("deploy/: bundle bound %d ms after the drop, its capture's calls in the API %d ms "
                    + "after the pipeline file, unbound %d ms after the delete%n", pickupMillis, replayMillis,
                    unloadMillis);
        }
    }

    /** The decoder bundles the appliance ships, each registering one decoder. */
    private static int shippedDecoders() throws Exception {
        try (var files = Files.list(EgretProcess.home().resolve("bundle"))) {
            int n = (int) files.filter(f -> f.getFileName().toString().startsWith("egret-decoder-")).count();
            assertThat(n).as("decoder bundles in bundle/").isPositive();
            return n;
        }
    }

    private static Path exampleJar() {
        Path jar = Path.of(System.getProperty("egret.example.decoder")).toAbsolutePath();
        assertThat(jar).exists();
        return jar;
    }

    /** Writes a conf/ file in one step, so FileInstall never reads half of it. */
    private static void drop(Path home, String name, String content) throws Exception {
        Path tmp = Files.writeString(home.resolve("conf/.incoming"), content);
        Files.move(tmp, home.resolve("conf").resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    private static List<JsonNode> spans(EgretProcess p, String wireApi) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode s : p.data("/api/spans?page_size=200&sort_by=request_time&sort_order=asc").get("items")) {
            if (wireApi.equals(s.path("wire_api").asText())) {
                out.add(s);
            }
        }
        return out;
    }

    private static int rawOllamaExchanges(EgretProcess p) throws Exception {
        int n = 0;
        for (JsonNode e : p.data("/api/http-exchanges?page_size=200").get("items")) {
            if (e.path("uri").asText().startsWith("/api/chat") && e.path("call_id").isNull()) {
                n++;
            }
        }
        return n;
    }

    private static JsonNode pipeline(EgretProcess p, String name) throws Exception {
        for (JsonNode pl : p.data("/api/health").get("pipelines")) {
            if (name.equals(pl.get("name").asText())) {
                return pl;
            }
        }
        return null;
    }

    /** Waits until the pipeline has drained with this many decoders bound. */
    private static void awaitPipeline(EgretProcess p, String name, int decoders) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            JsonNode pl = pipeline(p, name);
            if (pl != null && "drained".equals(pl.get("state").asText())
                    && pl.path("counters").path("decoders").asInt() == decoders) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("pipeline " + name + " did not drain with " + decoders + " decoders:\n" + p.output());
    }

    private static void awaitDecoders(EgretProcess p, String name, int decoders) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            JsonNode pl = pipeline(p, name);
            if (pl != null && pl.path("counters").path("decoders").asInt() == decoders) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("pipeline " + name + " never had " + decoders + " decoders:\n" + p.output());
    }
}
