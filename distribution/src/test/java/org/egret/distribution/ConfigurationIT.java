package org.egret.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pipelines from configuration: a -c file, and conf/ watched while the appliance runs. */
class ConfigurationIT {

    @TempDir
    Path work;

    private static String capture() {
        return EgretProcess.testdata().resolve("openai-chat-stream.pcap").toString();
    }

    @Test
    void aConfigFileDefinesPipelinesAndStorage() throws Exception {
        Path db = work.resolve("from-config.duckdb");
        Path config = Files.writeString(work.resolve("egret.json"), """
                { "egret.pricing": { "prices": ["gpt-4o-mini*  100 1000 10 0"] },
                  "egret.pipeline~lab": { "sources": ["pcap-file:%s?source_id=lab-tap"], "workers": 1 },
                  "egret.storage.duckdb": { "path": "%s", "retention_enabled": false } }
                """.formatted(capture(), db));
        EgretProcess.Result r = EgretProcess.run(work, 120, "-c", config.toString(), "--exit-after-drain");
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("pipeline lab drained").contains("1 LLM calls stored")
                .contains("price table: ").contains("(1 configured)");
        assertThat(db).exists();

        // the configured price, not the shipped one, costed the call
        try (EgretProcess api = EgretProcess.start(work, EgretProcess.freePort(), "--db", db.toString())) {
            api.awaitApi();
            JsonNode item = api.data("/api/spans?limit=1").get("items").get(0);
            JsonNode call = api.data("/api/spans/" + item.get("id").asText());
            long input = call.get("input_tokens").asLong();
            long cached = call.get("cache_read_input_tokens").asLong();
            long output = call.get("output_tokens").asLong();
            assertThat(call.get("cost_usd").asDouble())
                    .isCloseTo(((input - cached) * 100.0 + cached * 10.0 + output * 1000.0) / 1e6, within(1e-9));
        }
    }

    @Test
    void aPipelineFileDroppedIntoConfStartsAPipelineAndRemovingItStopsIt() throws Exception {
        Path home = EgretProcess.privateHome(work.resolve("home"));
        Path db = work.resolve("conf.duckdb");
        try (EgretProcess p = EgretProcess.start(work, home, EgretProcess.freePort(), "--db", db.toString())) {
            p.awaitApi();
            assertThat(p.data("/api/health").get("pipelines")).isEmpty();

            Path cfg = home.resolve("conf/egret.pipeline-watched.cfg");
            Files.writeString(cfg, "sources=pcap-file:" + capture() + "\nworkers=1\n");
            JsonNode pipeline = awaitPipeline(p, "watched", true);
            assertThat(pipeline.get("running").asBoolean()).isFalse();
            assertThat(pipeline.get("state").asText()).isEqualTo("drained");
            assertThat(p.data("/api/spans").get("total").asLong()).isEqualTo(1);

            Files.delete(cfg);
            awaitPipeline(p, "watched", false);
        }
    }

    /** Waits until the named pipeline has drained (present) or is gone (absent); returns its health entry. */
    private static JsonNode awaitPipeline(EgretProcess p, String name, boolean present) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            JsonNode found = null;
            for (JsonNode pl : p.data("/api/health").get("pipelines")) {
                if (name.equals(pl.get("name").asText())) {
                    found = pl;
                }
            }
            if (present && found != null && !found.get("running").asBoolean()) {
                return found;
            }
            if (!present && found == null) {
                return null;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("pipeline " + name + (present ? " did not drain" : " did not stop") + ":\n" + p.output());
    }
}
