package org.egret.console.internal.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.egret.api.decode.LlmCall;
import org.egret.api.decode.ToolCall;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /api/export/calls}: CSV parsed back cell by cell, Parquet read back with DuckDB. */
class CallExportTest extends RouterTestBase {

    private static final long S = 1_000_000;

    @TempDir
    Path dir;

    static final List<String> COLUMNS = List.of("id", "source_id", "request_time", "wire_api", "model",
            "request_model", "status_code", "is_stream", "finish_reason", "ttft_ms", "e2e_latency_ms", "tpot_ms",
            "input_tokens", "output_tokens", "total_tokens", "cache_read_input_tokens",
            "cache_creation_input_tokens", "reasoning_tokens", "cost_usd", "client_ip", "server_ip", "server_port",
            "request_path", "is_agent_request", "tool_call_count", "tool_names", "agent_kind", "server_kind",
            "model_substituted", "session_id", "subagent", "auxiliary", "partial");

    /** A call whose captured text tries every CSV trick. */
    private static LlmCall hostile() {
        return Conversations.call("c-evil", Fixtures.T0, null, null).setModel("=HYPERLINK(\"http://x\",\"y\")")
                .setRequestPath("/v1/chat,completions\r\nnext").setFinishReason("@SUM(A1)").setAgentKind("-2+3")
                .setSessionId("+cmd").setSubagent("\tx").setAuxiliary("say \"hi\"").setTtftMs(0.000125)
                .setE2eLatencyMs(1234.5).setInputTokens(10).setOutputTokens(5).setTotalTokens(15)
                .setCacheReadInputTokens(3).setCostUsd(0.0042).setStream(true)
                .setToolCalls(List.of(new ToolCall(0, "t1", "read", "{}"), new ToolCall(1, "t2", "write", "{}")));
    }

    /** RFC 4180 rows: quoted cells, doubled quotes, CRLF line ends. */
    static List<List<String>> parseCsv(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                row.add(cell.toString());
                cell.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                i++;
            } else {
                assertThat(c).as("a bare line break outside quotes").isNotIn('\r', '\n');
                cell.append(c);
            }
        }
        assertThat(cell).as("the file ends with CRLF").isEmpty();
        assertThat(row).isEmpty();
        return rows;
    }

    private List<List<String>> csv(String query) {
        byte[] body = download("/export/calls", query);
        return parseCsv(new String(body, StandardCharsets.UTF_8));
    }

    @Test
    void csvHasTheSpanColumnsQuotedAndFormulaSafe() {
        storage.calls.add(hostile());
        storage.calls.add(Conversations.call("c-plain", Fixtures.T0 + S, null, null).setStatusCode(0));

        List<List<String>> rows = csv("format=csv");

        assertThat(last.streamed().contentType()).isEqualTo("text/csv; charset=utf-8");
        assertThat(last.headers()).containsEntry("Content-Disposition", "attachment; filename=\"calls.csv\"")
                .containsEntry("x-export-total", "2");
        assertThat(rows.get(0)).containsExactlyElementsOf(COLUMNS);
        assertThat(rows).hasSize(3);
        assertThat(rows.get(1).get(0)).as("newest first").isEqualTo("c-plain");
        assertThat(rows.get(1).get(COLUMNS.indexOf("status_code"))).as("no response: empty").isEmpty();
        List<String> evil = rows.get(2);
        assertThat(evil).hasSize(COLUMNS.size());
        assertThat(evil.get(COLUMNS.indexOf("model"))).isEqualTo("'=HYPERLINK(\"http://x\",\"y\")");
        assertThat(evil.get(COLUMNS.indexOf("finish_reason"))).isEqualTo("'@SUM(A1)");
        assertThat(evil.get(COLUMNS.indexOf("agent_kind"))).isEqualTo("'-2+3");
        assertThat(evil.get(COLUMNS.indexOf("session_id"))).isEqualTo("'+cmd");
        assertThat(evil.get(COLUMNS.indexOf("subagent"))).isEqualTo("'\tx");
        assertThat(evil.get(COLUMNS.indexOf("request_path"))).isEqualTo("/v1/chat,completions\r\nnext");
        assertThat(evil.get(COLUMNS.indexOf("auxiliary"))).isEqualTo("say \"hi\"");
        assertThat(evil.get(COLUMNS.indexOf("request_time"))).isEqualTo(Long.toString(Fixtures.T0 / 1000));
        assertThat(evil.get(COLUMNS.indexOf("ttft_ms"))).as("no exponent").isEqualTo("0.000125");
        assertThat(evil.get(COLUMNS.indexOf("e2e_latency_ms"))).isEqualTo("1234.5");
        assertThat(evil.get(COLUMNS.indexOf("total_tokens"))).isEqualTo("15");
        assertThat(evil.get(COLUMNS.indexOf("cost_usd"))).isEqualTo("0.0042");
        assertThat(evil.get(COLUMNS.indexOf("is_stream"))).isEqualTo("true");
        assertThat(evil.get(COLUMNS.indexOf("is_agent_request"))).isEqualTo("true");
        assertThat(evil.get(COLUMNS.indexOf("tool_call_count"))).isEqualTo("2");
        assertThat(evil.get(COLUMNS.indexOf("tool_names"))).isEqualTo("[\"read\",\"write\"]");
        assertThat(evil.get(COLUMNS.indexOf("reasoning_tokens"))).as("null: empty").isEmpty();
    }

    @Test
    void csvIsTheDefaultFormatTakesTheSpanFiltersAndPagesUpToTheLimit() {
        for (int i = 0; i < 2500; i++) {
            storage.calls.add(Conversations.call(String.format("c%04d", i), Fixtures.T0 + i * S, null, null)
                    .setModel(i % 2 == 0 ? "even" : "odd"));
        }

        List<List<String>> rows = csv("model=even&sort_order=asc&limit=1100");

        assertThat(rows).hasSize(1101);
        assertThat(rows.get(1).get(0)).isEqualTo("c0000");
        assertThat(rows.get(1100).get(0)).isEqualTo("c2198");
        assertThat(last.headers()).containsEntry("x-export-total", "1100");
        assertThat(storage.callQueries).as("pages of at most 1000").allMatch(q -> q.limit() <= 1000)
                .allMatch(q -> q.models().equals(List.of("even")));

        assertThat(csv(null)).as("default limit 10000, here every call").hasSize(2501);
    }

    @Test
    void badExportParametersAre400() {
        for (String bad : List.of("format=xml", "limit=0", "limit=100001", "limit=x", "sort_by=cost",
                "status_code=abc", "is_stream=maybe")) {
            assertError(get("/export/calls", bad), 400, ApiException.INVALID_PARAMETER);
        }
        assertThat(get("/export/calls", "format=xml").get("message").asText())
                .isEqualTo("format: 'xml' is not one of csv, parquet");
        assertThat(get("/export/calls", "limit=100001").get("message").asText())
                .isEqualTo("limit: '100001' is not a row count from 1 to 100000");
        assertError(get("/export/nope"), 404, ApiException.NOT_FOUND);
        bound = null;
        assertError(get("/export/calls"), 503, ApiException.STORAGE_UNAVAILABLE);
    }

    @Test
    void aStorageFailureBeforeTheFirstByteIsAnEnvelope() {
        storage.failure = "disk gone";
        assertError(get("/export/calls", "format=csv"), 500, ApiException.INTERNAL);
        assertError(get("/export/calls", "format=parquet"), 500, ApiException.INTERNAL);
        assertError(get("/export/trajectories"), 500, ApiException.INTERNAL);
    }

    @Test
    void parquetReadsBackWithDuckDb() throws Exception {
        storage.calls.add(hostile());
        for (int i = 0; i < 1500; i++) {
            storage.calls.add(Conversations.call(String.format("c%04d", i), Fixtures.T0 + (i + 1) * S, null, null));
        }

        // other tests and processes share the temporary directory: only this export's spool must be gone
        List<Path> spoolsBefore = spools();
        byte[] body = download("/export/calls", "format=PARQUET&limit=1200&sort_order=asc");

        assertThat(last.streamed().contentType()).isEqualTo("application/vnd.apache.parquet");
        assertThat(last.headers()).containsEntry("Content-Disposition", "attachment; filename=\"calls.parquet\"")
                .containsEntry("x-export-total", "1200");
        assertThat(new String(body, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("PAR1");
        Path file = dir.resolve("calls.parquet");
        Files.write(file, body);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            List<String> names = new ArrayList<>();
            try (ResultSet r = st.executeQuery("SELECT column_name FROM (DESCRIBE SELECT * FROM read_parquet('"
                    + file + "'))")) {
                while (r.next()) {
                    names.add(r.getString(1));
                }
            }
            assertThat(names).containsExactlyElementsOf(COLUMNS);
            try (ResultSet r = st.executeQuery("SELECT count(*), count(DISTINCT id) FROM read_parquet('" + file
                    + "')")) {
                r.next();
                assertThat(r.getLong(1)).isEqualTo(1200);
                assertThat(r.getLong(2)).isEqualTo(1200);
            }
            try (ResultSet r = st.executeQuery("SELECT model, request_time, ttft_ms, input_tokens, cost_usd, "
                    + "tool_names, is_stream, reasoning_tokens, typeof(tool_names) FROM read_parquet('" + file
                    + "') WHERE id = 'c-evil'")) {
                assertThat(r.next()).isTrue();
                assertThat(r.getString(1)).as("Parquet keeps text as sent: no spreadsheet runs it")
                        .isEqualTo("=HYPERLINK(\"http://x\",\"y\")");
                assertThat(r.getLong(2)).isEqualTo(Fixtures.T0 / 1000);
                assertThat(r.getDouble(3)).isEqualTo(0.000125);
                assertThat(r.getInt(4)).isEqualTo(10);
                assertThat(r.getDouble(5)).isEqualTo(0.0042);
                assertThat(r.getString(6)).isEqualTo("[read, write]");
                assertThat(r.getBoolean(7)).isTrue();
                assertThat(r.getObject(8)).isNull();
                assertThat(r.getString(9)).isEqualTo("VARCHAR[]");
            }
        }
        assertThat(spools()).as("the spool is deleted once sent").isSubsetOf(spoolsBefore);
    }

    private static List<Path> spools() throws java.io.IOException {
        try (var stream = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return stream.filter(p -> p.getFileName().toString().startsWith("egret-export-")).toList();
        }
    }
}
