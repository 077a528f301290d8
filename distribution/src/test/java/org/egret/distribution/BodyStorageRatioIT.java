package org.egret.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.duckdb.DuckDBDriver;
import org.egret.bodyblocks.BlockRef;
import org.egret.bodyblocks.BlockedBody;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What body storage costs on the agent captures of the corpus (agent loops and multi-turn sessions, where every call
 * re-sends the conversation): the appliance replays them twice, with body blocks (the default) and with every body
 * in its row (the layout before schema v8), and the two files are compared: stored body bytes over captured body
 * bytes, per capture and overall, printed; and every body read back through the REST API is the same in both.
 */
class BodyStorageRatioIT {
    /**
     * Measured 0.350 overall (0.349 with every body in its row). The fixtures are short conversations: of their
     * request bodies only a few reach 4 KiB, none re-sends enough to share a block (a body shorter than a few
     * blocks is one or two blocks, and its last block is cut anew on every call), so blocks win nothing here and
     * LZ4 does the work (SSE streams shrink several-fold). The bound leaves room for a changed fixture, not for
     * bodies stored whole and uncompressed again; long agent sessions, where blocks pay, are BodyBlocksTest's.
     */
    private static final double MAX_RATIO = 0.40;
    /** What blocks may cost over rows-only where nothing is shared: their lists and LZ4 per block, not per body. */
    private static final double MAX_BLOCKS_OVERHEAD = 1.01;

    @TempDir
    Path work;

    private static List<String> agentCaptures() throws Exception {
        JsonNode corpus = EgretProcess.JSON.readTree(EgretProcess.testdata().resolve("corpus.json").toFile());
        List<String> files = new ArrayList<>();
        for (JsonNode c : corpus.get("captures")) {
            String file = c.get("file").asText();
            String scenarios = c.get("scenarios").toString();
            if (!file.contains("/") && (scenarios.contains("\"agent-loop\"") || scenarios.contains("\"multi-turn\""))
                    && c.at("/expect/llm_calls").asInt() >= 2) {
                files.add(file);
            }
        }
        return files;
    }

    /** Replays the captures in one pipeline, one source each (named after the capture), into {@code db}. */
    private void replay(List<String> captures, Path db, int blocksFromBytes) throws Exception {
        List<String> sources = new ArrayList<>();
        for (String file : captures) {
            sources.add("\"pcap-file:" + EgretProcess.testdata().resolve(file) + "?source_id=" + name(file) + "\"");
        }
        Path config = Files.writeString(work.resolve("ratio-" + blocksFromBytes + ".json"), """
                { "egret.pipeline~ratio": { "sources": [%s], "workers": 1 },
                  "egret.storage.duckdb": { "path": "%s", "retention_enabled": false,
                                            "body_blocks_min_bytes": %d } }
                """.formatted(String.join(", ", sources), db, blocksFromBytes));
        EgretProcess.Result r = EgretProcess.run(work, 300, "-c", config.toString(), "--exit-after-drain");
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("pipeline ratio drained").doesNotContain("Exception");
    }

    private static String name(String file) {
        return file.substring(0, file.lastIndexOf('.'));
    }

    /** Body bytes of one capture: captured (on the wire) and stored (rows, block lists, distinct blocks). */
    private record Bytes(long captured, long inRows, long lists, long blocks) {
        long stored() {
            return inRows + lists + blocks;
        }

        double ratio() {
            return captured == 0 ? 0 : stored() / (double) captured;
        }
    }

    private static final String EXCHANGE_ROW_BYTES = "coalesce(octet_length(request_body), 0) "
            + "+ coalesce(octet_length(response_body), 0) + coalesce(octet_length(request_body_lz4), 0) "
            + "+ coalesce(octet_length(response_body_lz4), 0) + coalesce(octet_length(request_body_deflated), 0) "
            + "+ coalesce(octet_length(response_body_deflated), 0)";
    private static final String SPAN_ROW_BYTES = "coalesce(strlen(request_body), 0) "
            + "+ coalesce(strlen(response_body), 0)";

    private static long single(Connection c, String sql, String source) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, source);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The block lists of one capture's rows, as (day, list) pairs. */
    private static List<Map.Entry<Integer, byte[]>> lists(Connection c, String source) throws SQLException {
        List<Map.Entry<Integer, byte[]>> out = new ArrayList<>();
        for (String sql : List.of(
                "SELECT CAST(CAST(request_time AS DATE) - DATE '1970-01-01' AS INTEGER), request_body_blocks, "
                        + "response_body_blocks FROM http_exchanges WHERE source_id = ?",
                "SELECT CAST(CAST(request_time AS DATE) - DATE '1970-01-01' AS INTEGER), request_body_blocks, "
                        + "response_body_blocks FROM spans WHERE source_id = ?")) {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, source);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        for (int col = 2; col <= 3; col++) {
                            byte[] list = rs.getBytes(col);
                            if (list != null) {
                                out.add(Map.entry(rs.getInt(1), list));
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    /** Stored bytes of each (day, block id): the block's data as stored (LZ4 or not). */
    private static Map<String, Long> blockSizes(Connection c) throws SQLException {
        Map<String, Long> sizes = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT CAST(day - DATE '1970-01-01' AS INTEGER), id, "
                + "octet_length(data) FROM body_blocks"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                sizes.putIfAbsent(rs.getInt(1) + "/" + HexFormat.of().formatHex(rs.getBytes(2)), rs.getLong(3));
            }
        }
        return sizes;
    }

    private static Bytes measure(Connection c, String source, Map<String, Long> blockSizes, Set<String> seen)
            throws SQLException {
        long captured = single(c, "SELECT coalesce(sum(coalesce(request_body_length, 0) "
                + "+ coalesce(response_body_length, 0)), 0) FROM http_exchanges WHERE source_id = ?", source);
        long inRows = single(c, "SELECT coalesce(sum(" + EXCHANGE_ROW_BYTES + "), 0) FROM http_exchanges "
                + "WHERE source_id = ?", source)
                + single(c, "SELECT coalesce(sum(" + SPAN_ROW_BYTES + "), 0) FROM spans WHERE source_id = ?", source);
        long lists = 0;
        long blocks = 0;
        for (Map.Entry<Integer, byte[]> list : lists(c, source)) {
            lists += list.getValue().length;
            for (BlockRef ref : BlockedBody.decode(list.getValue()).blocks()) {
                String key = list.getKey() + "/" + ref.id().hex();
                Long size = blockSizes.get(key);
                assertThat(size).as("block %s of %s is stored", key, source).isNotNull();
                if (seen.add(key)) {
                    blocks += size;
                }
            }
        }
        return new Bytes(captured, inRows, lists, blocks);
    }

    private static Connection jdbc(Path db) throws SQLException {
        return new DuckDBDriver().connect("jdbc:duckdb:" + db + ";access_mode=READ_ONLY", new Properties());
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static byte[] body(JsonNode item, String field) {
        JsonNode text = item.get(field);
        if (text == null || text.isNull()) {
            return null;
        }
        return "base64".equals(item.path(field + "_encoding").asText())
                ? Base64.getDecoder().decode(text.asText()) : text.asText().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The bodies of every exchange and call as the API serves them, by source and hash (ids differ between two
     * replays): source → sorted "kind size sha-256" lines.
     */
    private TreeMap<String, List<String>> bodiesThroughTheApi(Path db, int[] fromBlocks) throws Exception {
        TreeMap<String, List<String>> out = new TreeMap<>();
        try (EgretProcess api = EgretProcess.start(work, EgretProcess.freePort(), "--db",
                db.toString())) {
            api.awaitApi();
            for (JsonNode item : api.data("/api/http-exchanges?page_size=1000").get("items")) {
                JsonNode x = api.data("/api/http-exchanges/" + item.get("id").asText());
                assertThat(x.path("problem").asText("")).doesNotContain("_body_");
                for (String field : List.of("request_body", "response_body")) {
                    byte[] b = body(x, field);
                    if (b != null) {
                        out.computeIfAbsent(x.get("source_id").asText(), k -> new ArrayList<>())
                                .add("exchange " + field + " " + b.length + " " + sha256(b));
                        if (b.length >= 4096) {
                            fromBlocks[0]++;
                        }
                    }
                }
            }
            for (JsonNode item : api.data("/api/spans?page_size=1000").get("items")) {
                JsonNode call = api.data("/api/spans/" + item.get("id").asText());
                assertThat(call.path("partial_reason").asText("")).doesNotContain("_body_");
                for (String field : List.of("request_body", "response_body")) {
                    byte[] b = body(call, field);
                    if (b != null) {
                        out.computeIfAbsent(call.get("source_id").asText(), k -> new ArrayList<>())
                                .add("call " + field + " " + b.length + " " + sha256(b));
                    }
                }
            }
        }
        out.values().forEach(list -> list.sort(null));
        return out;
    }

    @Test
    void agentCapturesStoreFewerBodyBytesThanCapturedAndReadBackByteForByte() throws Exception {
        List<String> captures = agentCaptures();
        assertThat(captures).as("agent-loop and multi-turn captures in corpus.json").hasSizeGreaterThanOrEqualTo(8);
        Path blocked = work.resolve("blocks.duckdb");
        Path inRows = work.resolve("rows.duckdb");
        replay(captures, blocked, 4096);
        replay(captures, inRows, 0);

        long captured = 0;
        long stored = 0;
        long storedInRows = 0;
        System.out.printf("%-36s %12s %12s %12s %8s %8s%n", "capture", "captured", "stored", "rows-only",
                "ratio", "before");
        try (Connection b = jdbc(blocked); Connection r = jdbc(inRows)) {
            Map<String, Long> blockSizes = blockSizes(b);
            assertThat(blockSizes).as("bodies of 4 KiB and more were stored as blocks").isNotEmpty();
            assertThat(blockSizes(r)).isEmpty();
            Set<String> seen = new HashSet<>();
            for (String file : captures) {
                Bytes with = measure(b, name(file), blockSizes, seen);
                Bytes without = measure(r, name(file), Map.of(), new HashSet<>());
                assertThat(with.captured()).as(file).isEqualTo(without.captured()).isPositive();
                System.out.printf("%-36s %12d %12d %12d %8.3f %8.3f%n", name(file), with.captured(), with.stored(),
                        without.stored(), with.ratio(), without.ratio());
                captured += with.captured();
                stored += with.stored();
                storedInRows += without.stored();
            }
        }
        double ratio = stored / (double) captured;
        double before = storedInRows / (double) captured;
        System.out.printf("%-36s %12d %12d %12d %8.3f %8.3f%n", "all agent captures", captured, stored,
                storedInRows, ratio, before);
        assertThat(ratio).as("stored / captured body bytes, with blocks").isLessThan(MAX_RATIO)
                .isLessThan(before * MAX_BLOCKS_OVERHEAD);

        int[] fromBlocks = {0};
        TreeMap<String, List<String>> withBlocks = bodiesThroughTheApi(blocked, fromBlocks);
        TreeMap<String, List<String>> withoutBlocks = bodiesThroughTheApi(inRows, new int[1]);
        assertThat(fromBlocks[0]).as("exchange bodies rebuilt from blocks").isPositive();
        assertThat(withBlocks.keySet()).containsExactlyInAnyOrderElementsOf(
                captures.stream().map(BodyStorageRatioIT::name).toList());
        assertThat(withBlocks).isEqualTo(withoutBlocks);
    }
}
