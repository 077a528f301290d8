package org.egret.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.egret.storage.clickhouse.internal.ClickHouseServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet case, with the built appliance and two real ClickHouse servers as the two shards of a cluster: two tap
 * boxes each replay half of the corpus into their own node, through the Distributed tables; a third appliance
 * serving only the API then answers every list and detail route with the union, exactly as one appliance that
 * replayed both halves into one DuckDB file answers them. Ids are made afresh by each replay, so the two are
 * compared by content: every route's items with their id fields left out, as multisets, and the list order by time.
 * Fractional numbers are compared to 12 significant digits: ClickHouse 18.16 parses a Float64 from text to within
 * an ulp, not always to the nearest double ({@code 1.503} may come back as {@code 1.5030000000000001}).
 */
class ClickHouseFleetIT {
    private static final String DATABASE = "fleet";
    /** Fields that name a row by an id this replay made; all else must be equal between the backends. */
    private static final Set<String> KEPT_IDS = Set.of("session_id", "source_id", "response_id", "tool_call_id");

    @TempDir
    Path work;

    @Test
    void twoTapBoxesThroughTwoShardsServeWhatOneDuckDbFileServes() throws Exception {
        List<List<Path>> halves = halves();
        List<ClickHouseServer> shards = ClickHouseServer.startShards();
        try {
            List<EgretProcess> boxes = new ArrayList<>();
            for (int box = 0; box < 2; box++) {
                ObjectNode config = pipelines(halves, box, box + 1, "clickhouse");
                config.putObject("egret.storage.clickhouse").put("url", shards.get(box).url())
                        .put("database", DATABASE).put("cluster", ClickHouseServer.CLUSTER)
                        .put("retention_enabled", false);
                boxes.add(EgretProcess.start(work, EgretProcess.freePort(), "-c", write("box" + box, config),
                        "--exit-after-drain"));
            }
            for (EgretProcess box : boxes) {
                try (box) {
                    assertThat(box.process.waitFor(300, TimeUnit.SECONDS)).as("box drained").isTrue();
                    assertThat(box.process.exitValue()).as(box.output()).isZero();
                }
            }
            long[] perShard = new long[2];
            for (int i = 0; i < 2; i++) {
                perShard[i] = Long.parseLong(shards.get(i).sql("SELECT count() FROM " + DATABASE + ".spans_local")
                        .trim());
            }
            assertThat(perShard[0]).as("calls on shard 1").isPositive();
            assertThat(perShard[1]).as("calls on shard 2").isPositive();

            ObjectNode reference = pipelines(halves, 0, 2, "duckdb");
            reference.putObject("egret.storage.duckdb").put("path", work.resolve("reference.duckdb").toString())
                    .put("retention_enabled", false);
            ObjectNode reader = EgretProcess.JSON.createObjectNode();
            reader.putObject("egret.storage.clickhouse").put("url", shards.get(0).url()).put("database", DATABASE)
                    .put("cluster", ClickHouseServer.CLUSTER).put("retention_enabled", false);
            try (EgretProcess duck = EgretProcess.start(work, EgretProcess.freePort(), "-c",
                    write("reference", reference));
                    EgretProcess fleet = EgretProcess.start(work, EgretProcess.freePort(), "-c",
                            write("reader", reader))) {
                duck.awaitApi();
                duck.awaitOutput("pipeline box0 drained", 300);
                duck.awaitOutput("pipeline box1 drained", 300);
                fleet.awaitApi();

                List<JsonNode> calls = compareList(duck, fleet, "/api/spans", "request_time");
                assertThat(calls).as("calls of the corpus").hasSizeGreaterThan(30);
                assertThat((long) calls.size()).isEqualTo(perShard[0] + perShard[1]);
                compareDetails(duck, fleet, "/api/spans/", "id", calls);
                compareDetails(duck, fleet, "/api/http-exchanges/", "id",
                        compareList(duck, fleet, "/api/http-exchanges", "request_time"));
                List<JsonNode> turns = compareList(duck, fleet, "/api/traces", "start_time");
                assertThat(turns).as("turns of the corpus").hasSizeGreaterThan(10);
                compareDetails(duck, fleet, "/api/traces/", "turn_id", turns);
                List<JsonNode> sessions = compareList(duck, fleet, "/api/agent-sessions", "end_time");
                assertThat(sessions).as("sessions").isNotEmpty();
                for (String filter : new String[] {"/api/spans?wire_api=anthropic", "/api/spans?stream=true",
                    "/api/spans?sort_by=output_tokens&sort_order=asc", "/api/traces?agent_kind=claude-cli",
                    "/api/traces?sort_by=call_count"}) {
                    compareList(duck, fleet, filter, null);
                }
            }
        } finally {
            for (ClickHouseServer s : shards) {
                s.close();
            }
        }
    }

    /** The captures of the corpus dealt into two halves. */
    private static List<List<Path>> halves() throws Exception {
        List<Path> captures;
        try (var s = Files.list(EgretProcess.testdata())) {
            captures = s.filter(p -> p.toString().endsWith(".pcap") || p.toString().endsWith(".pcapng")).sorted()
                    .toList();
        }
        List<List<Path>> halves = List.of(new ArrayList<>(), new ArrayList<>());
        for (int i = 0; i < captures.size(); i++) {
            halves.get(i % 2).add(captures.get(i));
        }
        return halves;
    }

    /** Pipelines box{from} to box{to - 1}, each replaying its half into the backend named. */
    private static ObjectNode pipelines(List<List<Path>> halves, int from, int to, String backend) {
        ObjectNode config = EgretProcess.JSON.createObjectNode();
        for (int box = from; box < to; box++) {
            ObjectNode pipeline = config.putObject("egret.pipeline~box" + box);
            ArrayNode sources = pipeline.putArray("sources");
            halves.get(box).forEach(p -> sources.add("pcap-file:" + p));
            pipeline.put("workers", 1).put("storage.backend", backend);
        }
        return config;
    }

    private String write(String name, ObjectNode config) throws Exception {
        return Files.writeString(work.resolve(name + ".json"), config.toString()).toString();
    }

    /**
     * Reads a whole list route from both appliances in small pages and checks they hold the same items and the same
     * order of their {@code timeField}; returns the DuckDB side's items and the fleet's, side by side per position.
     */
    private static List<JsonNode> compareList(EgretProcess duck, EgretProcess fleet, String route, String timeField)
            throws Exception {
        List<JsonNode> expected = readAll(duck, route);
        List<JsonNode> actual = readAll(fleet, route);
        assertThat(actual).as(route + " size").hasSameSizeAs(expected);
        assertThat(canonical(actual)).as(route).containsExactlyInAnyOrderElementsOf(canonical(expected));
        if (timeField != null) {
            assertThat(actual).extracting(n -> n.path(timeField).asText()).as(route + " order")
                    .containsExactlyElementsOf(expected.stream().map(n -> n.path(timeField).asText()).toList());
        }
        List<JsonNode> pairs = new ArrayList<>();
        for (int i = 0; i < expected.size(); i++) {
            ObjectNode pair = EgretProcess.JSON.createObjectNode();
            pair.set("duck", expected.get(i));
            pair.set("fleet", actual.get(i));
            pairs.add(pair);
        }
        return pairs;
    }

    /** Every item's detail route, whole (bodies and headers too), equal but for ids. */
    private static void compareDetails(EgretProcess duck, EgretProcess fleet, String route, String idField,
            List<JsonNode> pairs) throws Exception {
        List<JsonNode> expected = new ArrayList<>();
        List<JsonNode> actual = new ArrayList<>();
        for (JsonNode pair : pairs) {
            expected.add(duck.data(route + pair.get("duck").get(idField).asText()));
            actual.add(fleet.data(route + pair.get("fleet").get(idField).asText()));
        }
        assertThat(canonical(actual)).as(route + "{id}").containsExactlyInAnyOrderElementsOf(canonical(expected));
    }

    private static List<JsonNode> readAll(EgretProcess egret, String route) throws Exception {
        List<JsonNode> items = new ArrayList<>();
        String sep = route.contains("?") ? "&" : "?";
        long total = -1;
        for (int page = 1;; page++) {
            JsonNode data = egret.data(route + sep + "page_size=7&page=" + page);
            total = data.get("total").asLong();
            data.get("items").forEach(items::add);
            if (data.get("items").size() < 7) {
                break;
            }
        }
        assertThat((long) items.size()).as(route + " total").isEqualTo(total);
        return items;
    }

    private static List<String> canonical(List<JsonNode> items) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : items) {
            JsonNode copy = n.deepCopy();
            stripIds(copy);
            out.add(copy.toString());
        }
        return out;
    }

    /** Leaves out the ids a replay made and rounds fractional numbers (see the class comment), in place. */
    private static void stripIds(JsonNode n) {
        if (n instanceof ObjectNode o) {
            Iterator<Map.Entry<String, JsonNode>> fields = o.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                String name = f.getKey();
                boolean id = name.equals("id") || name.endsWith("_id") || name.endsWith("_ids");
                if (id && !KEPT_IDS.contains(name)) {
                    fields.remove();
                } else if (f.getValue().isDouble()) {
                    f.setValue(EgretProcess.JSON.getNodeFactory().textNode(
                            new BigDecimal(f.getValue().doubleValue()).round(new MathContext(12)).toString()));
                } else {
                    stripIds(f.getValue());
                }
            }
        } else if (n instanceof ArrayNode a) {
            a.forEach(ClickHouseFleetIT::stripIds);
        }
    }
}
