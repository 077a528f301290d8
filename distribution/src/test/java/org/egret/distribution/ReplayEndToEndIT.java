package org.egret.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every capture in testdata/pcaps, replayed by the built appliance, which keeps serving what it stored (the first
 * capture instead with --exit-after-drain, then read back by a second appliance serving the file), must match (1)
 * its golden, restricted to stable fields, (2) what the real client library observed when the capture was made
 * (*.observed.json) and (3) its cell of the matrix declared in corpus.json.
 * <p>
 * Regenerate goldens after an intended change: {@code EGRET_BLESS_GOLDENS=1 ./run-tests}.
 */
class ReplayEndToEndIT {
    private static final boolean BLESS = "1".equals(System.getenv("EGRET_BLESS_GOLDENS"));

    @TempDir
    Path work;

    @TestFactory
    Stream<DynamicTest> everyCaptureMatchesItsGoldenAndWhatTheClientSaw() throws Exception {
        List<Path> captures;
        try (Stream<Path> s = Files.list(EgretProcess.testdata())) {
            captures = s.filter(p -> p.toString().endsWith(".pcap") || p.toString().endsWith(".pcapng")).sorted()
                    .toList();
        }
        assertThat(captures).as("captures in testdata/pcaps").isNotEmpty();
        JsonNode corpus = EgretProcess.JSON.readTree(EgretProcess.testdata().resolve("corpus.json").toFile());
        List<String> declared = new ArrayList<>();
        // examples/ holds captures for decoders the default appliance does not ship (DeployIT replays those)
        corpus.get("captures").forEach(c -> {
            if (!c.get("file").asText().contains("/")) {
                declared.add(c.get("file").asText());
            }
        });
        assertThat(declared).as("top-level captures declared in corpus.json vs the files")
                .containsExactlyInAnyOrderElementsOf(captures.stream().map(c -> c.getFileName().toString()).toList());
        Path first = captures.get(0);
        return captures.stream().map(c -> DynamicTest.dynamicTest(c.getFileName().toString(),
                () -> replay(c, entry(corpus, c.getFileName().toString()), c.equals(first))));
    }

    private static JsonNode entry(JsonNode corpus, String file) {
        for (JsonNode c : corpus.get("captures")) {
            if (c.get("file").asText().equals(file)) {
                return c;
            }
        }
        throw new AssertionError(file + " is not in corpus.json");
    }

    /**
     * The corpus declares each capture's cell of the matrix (agent × wire API × scenarios) and its counts; the
     * appliance must find exactly that: the agents and wire APIs ("a+b" when a capture holds two) and the numbers
     * of LLM calls and HTTP exchanges.
     */
    private static void assertDeclaredCell(JsonNode declared, ObjectNode actual) {
        String file = declared.get("file").asText();
        assertThat(actual.get("call_count").asLong()).as(file + ": LLM calls (corpus.json expect.llm_calls)")
                .isEqualTo(declared.at("/expect/llm_calls").asLong());
        assertThat(actual.get("exchange_count").asLong()).as(file + ": HTTP exchanges (corpus.json)")
                .isEqualTo(declared.at("/expect/http_exchanges").asLong());
        if (actual.get("call_count").asLong() == 0) {
            return;
        }
        java.util.Set<String> agents = new java.util.TreeSet<>();
        java.util.Set<String> wires = new java.util.TreeSet<>();
        actual.get("calls").forEach(c -> {
            agents.add(c.get("agent_kind").asText());
            wires.add(c.get("wire_api").asText());
        });
        assertThat(agents).as(file + ": agent kinds (corpus.json agent)")
                .containsExactlyInAnyOrder(declared.get("agent").asText().split("\\+"));
        assertThat(wires).as(file + ": wire APIs (corpus.json wire_api)")
                .containsExactlyInAnyOrder(declared.get("wire_api").asText().split("\\+"));
    }

    private void replay(Path capture, JsonNode declared, boolean viaExitAfterDrain) throws Exception {
        String file = capture.getFileName().toString();
        String name = file.substring(0, file.lastIndexOf('.'));
        Path db = work.resolve(name + ".duckdb");
        if (viaExitAfterDrain) {
            // the batch way: replay, exit 0 once drained, then a second appliance serves the file it left
            EgretProcess.Result r = EgretProcess.run(work, 120, "--pcap-file", capture.toString(), "--no-retention",
                    "--exit-after-drain", "--db", db.toString());
            assertThat(r.exitCode()).as("exit code; output:\n%s", r.output()).isZero();
            assertThat(r.output()).contains("pipeline cli drained").doesNotContain("Exception");
            try (EgretProcess api = EgretProcess.start(work, EgretProcess.freePort(), "--db", db.toString())) {
                api.awaitApi();
                check(capture, name, declared, api);
            }
            return;
        }
        // the README's way: one appliance replays the capture and keeps serving what it stored
        try (EgretProcess egret = EgretProcess.start(work, EgretProcess.freePort(), "--pcap-file",
                capture.toString(), "--no-retention", "--db", db.toString())) {
            egret.awaitApi();
            egret.awaitOutput("pipeline cli drained", 120);
            assertThat(egret.output()).doesNotContain("Exception");
            check(capture, name, declared, egret);
        }
    }

    private void check(Path capture, String name, JsonNode declared, EgretProcess api) throws Exception {
        JsonNode spans = api.data("/api/spans?page_size=200&sort_by=request_time&sort_order=asc");
        List<JsonNode> details = new ArrayList<>();
        for (JsonNode item : spans.get("items")) {
            details.add(api.data("/api/spans/" + item.get("id").asText()));
        }
        JsonNode exchanges = api.data("/api/http-exchanges?page_size=200&sort_by=request_time&sort_order=asc");
        JsonNode traces = api.data("/api/traces?page_size=200&sort_by=start_time&sort_order=asc"
                + "&include_proxy_hops=true");
        List<JsonNode> turns = new ArrayList<>();
        for (JsonNode item : traces.get("items")) {
            turns.add(api.data("/api/traces/" + item.get("turn_id").asText()));
        }
        ObjectNode actual = project(spans, details, exchanges);
        actual.set("turns", projectTurns(details, turns));
        assertDeclaredCell(declared, actual);
        assertDeclaredTurns(declared, turns);
        compareWithGolden(name, actual);
        compareWithObserved(capture.resolveSibling(name + ".observed.json"), details);
        compareTurnsWithObserved(capture.resolveSibling(name + ".observed.json"), turns);
        assertSecretsRedacted(details);
    }

    /** Stable fields only: no ids, ports or timings, which change with every capture. */
    private static ObjectNode project(JsonNode spans, List<JsonNode> details, JsonNode exchanges) {
        ObjectNode out = EgretProcess.JSON.createObjectNode();
        out.put("call_count", spans.get("total").asLong());
        out.put("exchange_count", exchanges.get("total").asLong());
        ArrayNode calls = out.putArray("calls");
        for (JsonNode d : details) {
            ObjectNode c = calls.addObject();
            for (String f : List.of("wire_api", "request_path", "status_code", "is_stream", "request_model", "model",
                    "finish_reason", "input_tokens", "output_tokens", "total_tokens", "cache_read_input_tokens",
                    "reasoning_tokens", "cache_creation_input_tokens", "error_type", "partial", "server_kind",
                    "agent_kind", "model_substituted", "request_tools", "cost_usd", "subagent", "auxiliary")) {
                c.set(f, d.get(f));
            }
            ArrayNode results = c.putArray("tool_results");
            for (JsonNode t : d.path("tool_results")) {
                results.addObject().put("tool_call_id", t.path("tool_call_id").asText())
                        .put("name", t.path("name").asText()).put("is_error", t.path("is_error").asBoolean())
                        .put("content_present", !t.path("content").asText().isEmpty());
            }
            ArrayNode tools = c.putArray("tool_calls");
            for (JsonNode t : d.path("tool_calls")) {
                tools.addObject().put("name", t.path("name").asText()).put("arguments", t.path("arguments").asText());
            }
            c.put("response_body_present", !d.path("response_body").isNull() && !d.path("response_body").asText().isEmpty());
            c.put("ttft_present", d.path("ttft_ms").isNumber());
            c.put("e2e_present", d.path("e2e_latency_ms").isNumber());
        }
        ArrayNode ex = out.putArray("exchanges");
        for (JsonNode e : exchanges.get("items")) {
            ex.addObject().put("method", e.path("method").asText()).put("uri", e.path("uri").asText())
                    .put("status", e.path("status").asInt()).put("is_sse", e.path("is_sse").asBoolean())
                    .put("llm_call", !e.path("call_id").isNull() && !e.path("call_id").isMissingNode());
        }
        return out;
    }

    /**
     * Turns, stable fields only: calls by their position in the capture's call list and sessions by order of first
     * appearance, since ids change with every replay.
     */
    private static ArrayNode projectTurns(List<JsonNode> calls, List<JsonNode> turns) {
        List<String> callIds = calls.stream().map(c -> c.get("id").asText()).toList();
        List<String> sessions = new ArrayList<>();
        List<String> turnIds = turns.stream().map(t -> t.get("turn_id").asText()).toList();
        ArrayNode out = EgretProcess.JSON.createArrayNode();
        for (JsonNode t : turns) {
            ObjectNode o = out.addObject();
            String session = t.path("session_id").asText();
            if (!sessions.contains(session)) {
                sessions.add(session);
            }
            o.put("session", sessions.indexOf(session));
            for (String f : List.of("agent_kind", "wire_api", "status", "end_reason", "call_count", "models_used",
                    "subagents_used", "total_input_tokens", "total_output_tokens", "total_cache_read_input_tokens",
                    "total_cache_creation_input_tokens", "total_cost_usd", "error_calls", "tool_call_count",
                    "tool_result_count", "tool_error_count", "plan_loop", "no_submit", "model_substituted",
                    "final_finish_reason")) {
                o.set(f, t.get(f));
            }
            ArrayNode positions = o.putArray("calls");
            t.path("span_ids").forEach(id -> positions.add(callIds.indexOf(id.asText())));
            o.put("user_call", callIds.indexOf(t.path("user_call_id").asText()));
            o.put("final_call", callIds.indexOf(t.path("final_call_id").asText()));
            o.put("user_input_present", hasText(t.path("user_input")));
            o.put("final_answer_present", hasText(t.path("final_answer")));
            JsonNode proxy = t.path("metadata").path("proxy");
            o.put("proxy_role", proxy.path("role").isMissingNode() ? null : proxy.path("role").asText());
            o.put("proxy_peer", proxy.path("peer_turn_id").isMissingNode() ? -1
                    : turnIds.indexOf(proxy.path("peer_turn_id").asText()));
        }
        return out;
    }

    private static boolean hasText(JsonNode n) {
        return n.isTextual() && !n.asText().isEmpty();
    }

    /** The corpus may declare how many turns (proxy legs counted apart) and sessions a capture holds. */
    private static void assertDeclaredTurns(JsonNode declared, List<JsonNode> turns) {
        String file = declared.get("file").asText();
        if (declared.at("/expect/turns").isNumber()) {
            assertThat(turns).as(file + ": stored turns (corpus.json expect.turns)")
                    .hasSize(declared.at("/expect/turns").asInt());
        }
        if (declared.at("/expect/sessions").isNumber()) {
            assertThat(turns.stream().map(t -> t.path("session_id").asText()).distinct().count())
                    .as(file + ": sessions (corpus.json expect.sessions)").isEqualTo(declared.at("/expect/sessions")
                            .asLong());
        }
        for (JsonNode t : turns) {
            assertThat(t.path("status").asText()).as(file + ": a drained replay leaves no turn open")
                    .isIn("complete", "incomplete");
        }
    }

    /**
     * What the client knew of its turns: per turn (the client's leg of a proxied one), the calls it made, whether it
     * got a final answer, the tool calls it ran and which of them failed, and a plan loop when it made one.
     */
    private static void compareTurnsWithObserved(Path observedFile, List<JsonNode> turns) throws Exception {
        if (!Files.exists(observedFile)) {
            return;
        }
        JsonNode observed = EgretProcess.JSON.readTree(observedFile.toFile()).path("turns");
        if (!observed.isArray()) {
            return;
        }
        List<JsonNode> clientTurns = turns.stream()
                .filter(t -> !"proxy_out".equals(t.path("metadata").path("proxy").path("role").asText()))
                .toList();
        String file = observedFile.getFileName().toString();
        assertThat(clientTurns).as(file + ": turns the client made").hasSize(observed.size());
        for (int i = 0; i < observed.size(); i++) {
            JsonNode o = observed.get(i);
            JsonNode t = clientTurns.get(i);
            String what = file + " turn " + i + ": ";
            assertThat(t.path("call_count").asInt()).as(what + "calls").isEqualTo(o.path("calls").asInt());
            assertThat(t.path("user_input").asText()).as(what + "user input").isEqualTo(o.path("user_input").asText());
            assertThat(hasText(t.path("final_answer"))).as(what + "final answer")
                    .isEqualTo(o.path("final_answer").asBoolean());
            assertThat(t.path("status").asText()).as(what + "status")
                    .isEqualTo(o.path("final_answer").asBoolean() ? "complete" : "incomplete");
            assertThat(t.path("tool_call_count").asInt()).as(what + "tool calls")
                    .isEqualTo(o.path("tool_calls").size());
            long sent = 0;
            for (JsonNode tc : o.path("tool_calls")) {
                sent += tc.path("result_sent").asBoolean() ? 1 : 0;
            }
            assertThat(t.path("tool_result_count").asLong()).as(what + "tool results sent back").isEqualTo(sent);
            JsonNode loop = o.path("plan_loop");
            if (loop.isObject()) {
                assertThat(t.path("plan_loop").path("tool").asText()).as(what + "plan loop tool")
                        .isEqualTo(loop.path("tool").asText());
                assertThat(t.path("plan_loop").path("repeats").asInt()).as(what + "plan loop repeats")
                        .isEqualTo(loop.path("repeats").asInt());
            } else {
                assertThat(t.path("plan_loop").isNull() || t.path("plan_loop").isMissingNode())
                        .as(what + "no plan loop").isTrue();
            }
        }
    }

    private static void compareWithGolden(String name, ObjectNode actual) throws Exception {
        Path golden = EgretProcess.testdata().resolve("golden").resolve(name + ".json");
        String text = EgretProcess.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(actual) + "\n";
        if (BLESS) {
            Files.createDirectories(golden.getParent());
            Files.writeString(golden, text, StandardCharsets.UTF_8);
            return;
        }
        assertThat(golden).as("golden for %s (bless with EGRET_BLESS_GOLDENS=1)", name).exists();
        assertThat(EgretProcess.JSON.readTree(text)).as("API output of %s vs its golden", name)
                .isEqualTo(EgretProcess.JSON.readTree(Files.readString(golden)));
    }

    /** The independent oracle: what the client library itself reported for each call, in order. */
    private static void compareWithObserved(Path observedFile, List<JsonNode> details) throws Exception {
        JsonNode observed = EgretProcess.JSON.readTree(observedFile.toFile()).get("llm_calls");
        List<JsonNode> byTime = new ArrayList<>(details);
        byTime.sort(Comparator.comparingLong(d -> d.get("request_time").asLong()));
        assertThat(byTime).as("LLM calls in %s", observedFile.getFileName()).hasSize(observed.size());
        for (int i = 0; i < observed.size(); i++) {
            JsonNode o = observed.get(i);
            JsonNode d = byTime.get(i);
            String where = observedFile.getFileName() + " call " + i;
            assertThat(d.get("status_code").asInt()).as(where + " status").isEqualTo(o.get("status").asInt());
            assertThat(d.get("request_model").asText()).as(where + " requested model")
                    .isEqualTo(o.get("model_requested").asText());
            // A provider error event inside a 200 stream: the SDK saw the error, and the call is partial.
            boolean streamError = o.get("status").asInt() == 200 && o.path("error_type").isTextual();
            if (o.get("status").asInt() == 200 && !streamError) {
                assertThat(d.get("model").asText()).as(where + " model").isEqualTo(o.get("model").asText());
                assertThat(d.get("is_stream").asBoolean()).as(where + " stream").isEqualTo(o.get("stream").asBoolean());
                assertThat(d.get("finish_reason").asText()).as(where + " finish").isEqualTo(o.get("finish_reason").asText());
                assertThat(d.get("input_tokens").asInt()).as(where + " input tokens").isEqualTo(o.get("input_tokens").asInt());
                assertThat(d.get("output_tokens").asInt()).as(where + " output tokens").isEqualTo(o.get("output_tokens").asInt());
                assertThat(d.get("cache_read_input_tokens").asInt()).as(where + " cached").isEqualTo(o.get("cached_tokens").asInt());
                assertThat(d.get("reasoning_tokens").asInt()).as(where + " reasoning").isEqualTo(o.get("reasoning_tokens").asInt());
                if (o.has("cache_creation_tokens")) {
                    assertThat(d.get("cache_creation_input_tokens").asInt()).as(where + " cache written")
                            .isEqualTo(o.get("cache_creation_tokens").asInt());
                }
                assertThat(d.get("partial").asBoolean()).as(where + " partial").isFalse();
                assertThat(d.get("ttft_ms").asDouble()).as(where + " ttft").isPositive();
                assertThat(d.get("e2e_latency_ms").asDouble()).as(where + " e2e")
                        .isGreaterThanOrEqualTo(d.get("ttft_ms").asDouble());
            } else {
                assertThat(d.get("error_type").asText()).as(where + " error")
                        .isIn(o.get("error_code").asText(), o.get("error_type").asText());
                assertThat(d.get("error_message").asText()).as(where + " error message")
                        .isEqualTo(o.get("error_message").asText());
                if (streamError) {
                    assertThat(d.get("partial").asBoolean()).as(where + " partial").isTrue();
                    assertThat(d.get("model").asText()).as(where + " model").isEqualTo(o.get("model").asText());
                }
            }
            JsonNode tools = d.get("tool_calls");
            assertThat(tools).as(where + " tool calls").hasSize(o.get("tool_calls").size());
            for (int t = 0; t < tools.size(); t++) {
                JsonNode ot = o.get("tool_calls").get(t);
                assertThat(tools.get(t).get("id").asText()).isEqualTo(ot.get("id").asText());
                assertThat(tools.get(t).get("name").asText()).isEqualTo(ot.get("name").asText());
                assertSameArguments(where + " tool call " + t, tools.get(t).get("arguments").asText(),
                        ot.get("arguments").asText());
            }
        }
    }

    /**
     * Arguments are compared as JSON when both sides parse: an SDK that hands back objects (Anthropic's tool_use
     * input) re-serializes them with its own spacing. Text that is not JSON must match exactly.
     */
    private static void assertSameArguments(String where, String actual, String observed) throws Exception {
        JsonNode a = parseOrNull(actual);
        JsonNode o = parseOrNull(observed);
        if (a != null && o != null) {
            assertThat(a).as(where + " arguments").isEqualTo(o);
        } else {
            assertThat(actual).as(where + " arguments").isEqualTo(observed);
        }
    }

    private static JsonNode parseOrNull(String text) {
        try {
            return text == null || text.isBlank() ? null : EgretProcess.JSON.readTree(text);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static void assertSecretsRedacted(List<JsonNode> details) {
        for (JsonNode d : details) {
            String headers = d.get("request_headers").asText();
            assertThat(headers).contains("[redacted sha256:").doesNotContain("FIXTUREKEY");
        }
    }
}
