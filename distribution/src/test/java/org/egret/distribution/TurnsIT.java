package org.egret.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Turns through the API of a running appliance: open ones while they run, then stored, and sessions. */
class TurnsIT {

    @TempDir
    Path work;

    @Test
    void aTurnIsServedInProgressWhileItRunsAndStoredUnderTheSameIdWhenItCloses() throws Exception {
        // paced to about 40 packets a second, the capture's second turn stays open for seconds
        String capture = EgretProcess.testdata().resolve("openai-responses-unfinished.pcap").toString();
        Path db = work.resolve("paced.duckdb");
        Path config = Files.writeString(work.resolve("egret.json"), """
                { "egret.pipeline~paced": { "sources": ["pcap-file:%s?rate_pps=40"], "workers": 1 },
                  "egret.storage.duckdb": { "path": "%s", "retention_enabled": false } }
                """.formatted(capture, db));
        try (EgretProcess egret = EgretProcess.start(work, EgretProcess.freePort(), "-c", config.toString())) {
            egret.awaitApi();
            Set<String> seenOpen = new HashSet<>();
            JsonNode openDetail = null;
            long deadline = System.currentTimeMillis() + 60_000;
            while (System.currentTimeMillis() < deadline && !egret.output().contains("pipeline paced drained")) {
                JsonNode open = egret.data("/api/traces?status=in_progress&page_size=50");
                for (JsonNode t : open.get("items")) {
                    assertThat(t.get("status").asText()).isEqualTo("in_progress");
                    if (seenOpen.add(t.get("turn_id").asText())) {
                        openDetail = egret.data("/api/traces/" + t.get("turn_id").asText());
                    }
                }
                Thread.sleep(100);
            }
            egret.awaitOutput("pipeline paced drained", 60);
            assertThat(seenOpen).as("turns seen in progress").isNotEmpty();
            assertThat(openDetail.get("status").asText()).isEqualTo("in_progress");
            assertThat(openDetail.get("user_input").asText()).isNotEmpty();

            JsonNode stored = egret.data("/api/traces?page_size=50&sort_by=start_time&sort_order=asc");
            assertThat(stored.get("total").asInt()).isEqualTo(2);
            Set<String> storedIds = new HashSet<>();
            stored.get("items").forEach(t -> storedIds.add(t.get("turn_id").asText()));
            assertThat(storedIds).as("a turn keeps the id it had in progress").containsAll(seenOpen);
            JsonNode unfinished = stored.get("items").get(1);
            assertThat(unfinished.get("status").asText()).isEqualTo("incomplete");
            assertThat(unfinished.get("no_submit").asBoolean()).isTrue();
            assertThat(egret.data("/api/traces?status=in_progress").get("total").asInt())
                    .as("nothing is open after the drain").isZero();
        }
    }

    @Test
    void aSessionSumsItsTurns() throws Exception {
        String capture = EgretProcess.testdata().resolve("anthropic-multi-turn-session.pcap").toString();
        try (EgretProcess egret = EgretProcess.start(work, EgretProcess.freePort(), "--pcap-file", capture,
                "--no-retention", "--db", work.resolve("session.duckdb").toString())) {
            egret.awaitApi();
            egret.awaitOutput("pipeline cli drained", 120);
            JsonNode turns = egret.data("/api/traces?page_size=50&sort_by=start_time&sort_order=asc");
            assertThat(turns.get("total").asInt()).isEqualTo(2);
            String session = turns.get("items").get(0).get("session_id").asText();
            assertThat(turns.get("items").get(1).get("session_id").asText()).isEqualTo(session);

            JsonNode sessions = egret.data("/api/agent-sessions");
            assertThat(sessions.get("total").asInt()).isEqualTo(1);
            JsonNode s = sessions.get("items").get(0);
            assertThat(s.get("session_id").asText()).isEqualTo(session);
            assertThat(s.get("turn_count").asInt()).isEqualTo(2);
            long calls = 0;
            long output = 0;
            double cost = 0;
            for (JsonNode t : turns.get("items")) {
                calls += t.get("call_count").asLong();
                output += t.get("total_output_tokens").asLong();
                cost += t.get("total_cost_usd").asDouble();
            }
            assertThat(s.get("call_count").asLong()).isEqualTo(calls);
            assertThat(s.get("total_output_tokens").asLong()).isEqualTo(output);
            assertThat(s.get("total_cost_usd").asDouble()).isCloseTo(cost,
                    org.assertj.core.api.Assertions.within(1e-9));

            JsonNode detail = egret.data("/api/agent-sessions/" + session);
            assertThat(detail.toString()).contains(turns.get("items").get(1).get("turn_id").asText());
        }
    }
}
