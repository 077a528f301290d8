package org.egret.console.internal.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.egret.api.decode.LlmCall;
import org.egret.api.http.HttpExchange;
import org.egret.api.http.HttpResponse;
import org.egret.api.packet.SourceProgress;
import org.egret.api.pipeline.PipelineState;
import org.egret.api.pipeline.PipelineStatus;
import org.egret.api.storage.CallQuery;
import org.egret.api.storage.ExchangeRecord;
import org.egret.api.storage.SortOrder;
import org.egret.api.storage.StorageBackend;
import org.egret.api.storage.StorageStatus;
import org.egret.api.storage.TimeRange;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Requests through the router, as the servlet makes them, against the in-memory storage double. */
class ApiRouterTest {

    private static final long START_MILLIS = 1_767_000_000_000L;

    private final InMemoryStorage storage = new InMemoryStorage();
    private StorageBackend bound = storage;
    private final List<PipelineStatus> pipelines = new ArrayList<>();
    private ApiRouter router;
    private ApiResponse last;

    @BeforeEach
    void setUp() {
        Clock clock = Clock.fixed(Instant.ofEpochMilli(START_MILLIS + 42_900), ZoneOffset.UTC);
        router = new ApiRouter(() -> bound, () -> pipelines, new RuntimeInfo("1.2.3", START_MILLIS), clock);
    }

    private JsonNode get(String path) {
        return get(path, null);
    }

    private JsonNode get(String path, String query) {
        last = router.handle(path, query);
        return Fixtures.json(last.render());
    }

    private void assertError(JsonNode env, int status, int code) {
        assertThat(last.status()).isEqualTo(status);
        assertThat(SpanJsonTest.names(env)).containsExactly("code", "message", "data");
        assertThat(env.get("code").asInt()).isEqualTo(code);
        assertThat(env.get("data").isObject()).isTrue();
        assertThat(env.get("data").isEmpty()).isTrue();
    }

    private JsonNode data(JsonNode env) {
        assertThat(last.status()).isEqualTo(200);
        assertThat(SpanJsonTest.names(env)).containsExactly("code", "message", "data");
        assertThat(env.get("code").asInt()).isZero();
        assertThat(env.get("message").asText()).isEqualTo("ok");
        return env.get("data");
    }

    // health

    @Test
    void healthReportsPipelinesSourcesCountersAndStorage() {
        pipelines.add(new FixedPipeline("replay", PipelineState.DRAINED, null,
                Map.of("capture", new SourceProgress(1000, 1000, 42, 1, true)),
                Map.of("pkts_received", 42L, "calls_stored", 3L)));
        pipelines.add(new FixedPipeline("live", PipelineState.RUNNING, null,
                Map.of("eth0", new SourceProgress(500, -1, 7, 0, false)), Map.of()));
        storage.status = new StorageStatus("duckdb", "/data/egret.duckdb", true, 3, 9, 0, null);

        JsonNode h = data(get("/health"));
        assertThat(SpanJsonTest.names(h)).containsExactly("status", "version", "uptime_secs", "pipelines", "storage");
        assertThat(h.get("status").asText()).isEqualTo("ready");
        assertThat(h.get("version").asText()).isEqualTo("1.2.3");
        assertThat(h.get("uptime_secs").asLong()).isEqualTo(42);

        JsonNode live = h.get("pipelines").get(0);
        assertThat(SpanJsonTest.names(live))
                .containsExactly("name", "running", "state", "failure", "sources", "counters");
        assertThat(live.get("name").asText()).as("sorted by name").isEqualTo("live");
        assertThat(live.get("running").asBoolean()).isTrue();
        assertThat(live.get("state").asText()).isEqualTo("running");
        assertThat(live.get("sources").get(0).get("bytes_total").asLong()).isEqualTo(-1);

        JsonNode replay = h.get("pipelines").get(1);
        assertThat(replay.get("running").asBoolean()).as("flips false once drained").isFalse();
        assertThat(replay.get("state").asText()).isEqualTo("drained");
        assertThat(replay.get("failure").isNull()).isTrue();
        JsonNode source = replay.get("sources").get(0);
        assertThat(SpanJsonTest.names(source))
                .containsExactly("id", "bytes_read", "bytes_total", "packets", "damaged", "finished");
        assertThat(source.get("id").asText()).isEqualTo("capture");
        assertThat(source.get("packets").asLong()).isEqualTo(42);
        assertThat(source.get("damaged").asLong()).isEqualTo(1);
        assertThat(source.get("finished").asBoolean()).isTrue();
        assertThat(replay.get("counters").get("pkts_received").asLong()).isEqualTo(42);
        assertThat(replay.get("counters").get("calls_stored").asLong()).isEqualTo(3);

        JsonNode st = h.get("storage");
        assertThat(SpanJsonTest.names(st)).containsExactly("type", "location", "healthy", "calls_written",
                "exchanges_written", "write_errors", "last_error");
        assertThat(st.get("type").asText()).isEqualTo("duckdb");
        assertThat(st.get("location").asText()).isEqualTo("/data/egret.duckdb");
        assertThat(st.get("healthy").asBoolean()).isTrue();
        assertThat(st.get("calls_written").asLong()).isEqualTo(3);
        assertThat(st.get("exchanges_written").asLong()).isEqualTo(9);
    }

    @Test
    void healthAnswersDegradedWithoutStorage() {
        bound = null;
        JsonNode h = data(get("/health"));
        assertThat(h.get("status").asText()).isEqualTo("degraded");
        assertThat(h.get("storage").get("type").isNull()).isTrue();
        assertThat(h.get("storage").get("healthy").asBoolean()).isFalse();
        assertThat(h.get("storage").get("last_error").asText()).isEqualTo("storage unavailable");
        assertThat(h.get("pipelines").isArray()).isTrue();
    }

    @Test
    void healthIsDegradedWhenStorageIsUnhealthyOrAPipelineFailed() {
        storage.status = new StorageStatus("duckdb", "f", false, 0, 0, 2, "disk full");
        assertThat(data(get("/health")).get("status").asText()).isEqualTo("degraded");

        storage.status = new StorageStatus("duckdb", "f", true, 0, 0, 0, null);
        pipelines.add(new FixedPipeline("p", PipelineState.FAILED, "capture.pcap: not a capture file", Map.of(),
                Map.of()));
        JsonNode h = data(get("/health"));
        assertThat(h.get("status").asText()).isEqualTo("degraded");
        assertThat(h.get("pipelines").get(0).get("failure").asText()).isEqualTo("capture.pcap: not a capture file");
        assertThat(h.get("pipelines").get(0).get("state").asText()).isEqualTo("failed");
    }

    // envelopes and errors

    @Test
    void dataRoutesAnswer503WithoutStorage() {
        bound = null;
        for (String path : List.of("/spans", "/spans/x", "/llm-calls", "/traces", "/traces/x", "/traces/x/spans",
                "/http-exchanges", "/http-exchanges/x")) {
            JsonNode env = get(path);
            assertError(env, 503, 5003);
            assertThat(env.get("message").asText()).as(path).isEqualTo("storage unavailable");
        }
    }

    @Test
    void unknownRoutesAre404Envelopes() {
        for (String path : List.of("/nope", "", "/", "/spans/a/b", "//spans", "/traces/x/calls",
                "/agent-turns/x/spans", "/health/extra")) {
            assertError(get(path), 404, 2001);
        }
        assertError(get(null), 404, 2001);
    }

    @Test
    void unknownIdsAre404Envelopes() {
        assertError(get("/spans/missing"), 404, 2001);
        assertThat(get("/spans/missing").get("message").asText()).isEqualTo("span not found: missing");
        assertError(get("/traces/missing"), 404, 2001);
        assertError(get("/traces/missing/spans"), 404, 2001);
        assertError(get("/http-exchanges/missing"), 404, 2001);
    }

    @Test
    void storageFailuresAre500WithoutLeakingTheCause() {
        storage.calls.add(Fixtures.call("a", Fixtures.T0));
        storage.failure = "IO Error: /secret/path/egret.duckdb is locked";
        for (String path : List.of("/spans", "/spans/a", "/traces", "/traces/a", "/http-exchanges")) {
            JsonNode env = get(path);
            assertError(env, 500, 5001);
            assertThat(env.get("message").asText()).isEqualTo("internal server error");
            assertThat(new String(last.render())).doesNotContain("secret");
        }
    }

    @Test
    void invalidParametersAre400EnvelopesNamingTheParameter() {
        JsonNode env = get("/spans", "sort_by=model");
        assertError(env, 400, 1001);
        assertThat(env.get("message").asText()).startsWith("sort_by:");
        assertError(get("/traces", "sort_by=request_time"), 400, 1001);
        assertError(get("/http-exchanges", "sort_by=uri"), 400, 1001);
        JsonNode ms = get("/spans", "start=1767323045678");
        assertError(ms, 400, 1001);
        assertThat(ms.get("message").asText()).contains("milliseconds");
        assertError(get("/traces", "status=done"), 400, 1001);
        assertError(get("/traces/a/spans", "lite=yes"), 400, 1001);
    }

    // spans

    @Test
    void spansListPagesNewestFirstWithTotal() {
        for (int i = 0; i < 5; i++) {
            storage.calls.add(Fixtures.call("c" + i, Fixtures.T0 + i * 1_000_000L));
        }
        JsonNode d = data(get("/spans", "limit=2"));
        assertThat(SpanJsonTest.names(d)).containsExactly("total", "items");
        assertThat(d.get("total").asLong()).isEqualTo(5);
        assertThat(d.get("items")).extracting(n -> n.get("id").asText()).containsExactly("c4", "c3");

        JsonNode p2 = data(get("/spans", "page=2&page_size=2&sort_order=asc"));
        assertThat(p2.get("items")).extracting(n -> n.get("id").asText()).containsExactly("c2", "c3");
        assertThat(SpanJsonTest.names(p2.get("items").get(0))).containsExactlyElementsOf(
                concat(SpanJsonTest.HERON_LIST_FIELDS, SpanJsonTest.EGRET_LIST_FIELDS));
    }

    @Test
    void spansFiltersReachTheStorageQuery() {
        data(get("/spans", "start=1700000000&end=1800000000&wire_api=openai-chat,%20anthropic&model=m1"
                + "&server_ip=10.0.0.9&client_ip=10.0.0.5&server_port=8000,11434&status_code=200,429"
                + "&finish_reason=stop,,length&request_path=chat&is_stream=non-stream&sort_by=ttft_ms"
                + "&sort_order=asc&page=3&page_size=10"));
        CallQuery q = storage.callQueries.get(storage.callQueries.size() - 1);
        assertThat(q.range()).isEqualTo(new TimeRange(1_700_000_000_000_000L, 1_800_000_000_000_000L));
        assertThat(q.wireApis()).containsExactly("openai-chat", "anthropic");
        assertThat(q.models()).containsExactly("m1");
        assertThat(q.serverIps()).containsExactly("10.0.0.9");
        assertThat(q.clientIps()).containsExactly("10.0.0.5");
        assertThat(q.serverPorts()).containsExactly(8000, 11434);
        assertThat(q.statusCodes()).containsExactly(200, 429);
        assertThat(q.finishReasons()).containsExactly("stop", "length");
        assertThat(q.requestPathContains()).isEqualTo("chat");
        assertThat(q.stream()).isFalse();
        assertThat(q.sortBy()).isEqualTo("ttft_ms");
        assertThat(q.order()).isEqualTo(SortOrder.ASC);
        assertThat(q.offset()).isEqualTo(20);
        assertThat(q.limit()).isEqualTo(10);
    }

    @Test
    void spansWithoutTimeRangeAskForEverything() {
        data(get("/spans"));
        CallQuery q = storage.callQueries.get(0);
        assertThat(q.range().isAll()).isTrue();
        assertThat(q.sortBy()).isEqualTo("request_time");
        assertThat(q.order()).isEqualTo(SortOrder.DESC);
        assertThat(q.limit()).isEqualTo(50);
    }

    @Test
    void spanDetailServesTheFullCall() {
        storage.calls.add(Fixtures.fullCall());
        JsonNode d = data(get("/spans/0195f3a2-0000-7000-8000-000000000001"));
        assertThat(SpanJsonTest.names(d)).containsExactlyElementsOf(
                concat(SpanJsonTest.HERON_DETAIL_FIELDS, SpanJsonTest.EGRET_DETAIL_FIELDS));
        assertThat(d.get("request_body").asText()).contains("What is <b>2+2</b>?");
        assertThat(last.headers()).isEmpty();
    }

    @Test
    void llmCallsIsADeprecatedAliasOfSpans() {
        storage.calls.add(Fixtures.fullCall());
        JsonNode viaSpans = get("/spans");
        JsonNode viaAlias = get("/llm-calls");
        assertThat(viaAlias).isEqualTo(viaSpans);
        assertThat(last.headers()).containsEntry("Deprecation", "true")
                .containsEntry("Link", "</api/spans>; rel=\"successor-version\"");
        data(get("/llm-calls/0195f3a2-0000-7000-8000-000000000001"));
        assertThat(last.headers()).containsEntry("Deprecation", "true");
        get("/llm-calls/missing");
        assertThat(last.status()).isEqualTo(404);
        assertThat(last.headers()).containsEntry("Deprecation", "true");
    }

    // traces

    @Test
    void eachCallIsItsOwnTrace() {
        storage.calls.add(Fixtures.fullCall());
        JsonNode item = data(get("/traces")).get("items").get(0);
        assertThat(SpanJsonTest.names(item)).containsExactly("turn_id", "source_id", "session_id", "start_time",
                "end_time", "duration_ms", "wire_api", "agent_kind", "client_ip", "server_ip", "primary_model",
                "models_used", "call_count", "total_input_tokens", "total_output_tokens", "status",
                "final_finish_reason", "user_input_preview", "final_answer_preview", "tool_surfaces",
                "tool_call_total", "agent_topology", "suspicious_skills");
        assertThat(item.get("turn_id").asText()).isEqualTo("0195f3a2-0000-7000-8000-000000000001");
        assertThat(item.get("session_id").isNull()).isTrue();
        assertThat(item.get("agent_kind").isNull()).isTrue();
        assertThat(item.get("start_time").asLong()).isEqualTo(1_767_323_045_678L);
        assertThat(item.get("end_time").asLong()).isEqualTo(1_767_323_046_929L);
        assertThat(item.get("duration_ms").isIntegralNumber()).isTrue();
        assertThat(item.get("duration_ms").asLong()).isEqualTo(1250);
        assertThat(item.get("primary_model").asText()).isEqualTo("gpt-4o-2024-08-06");
        assertThat(item.get("models_used")).extracting(JsonNode::asText).containsExactly("gpt-4o-2024-08-06");
        assertThat(item.get("call_count").asInt()).isEqualTo(1);
        assertThat(item.get("total_input_tokens").asLong()).isEqualTo(120);
        assertThat(item.get("total_output_tokens").asLong()).isEqualTo(30);
        assertThat(item.get("status").asText()).as("partial call").isEqualTo("incomplete");
        assertThat(item.get("final_finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(item.get("user_input_preview").isNull()).isTrue();
        assertThat(item.get("tool_surfaces").isEmpty()).isTrue();
        assertThat(item.get("tool_call_total").asInt()).isEqualTo(2);
        assertThat(item.get("suspicious_skills").isEmpty()).isTrue();
    }

    @Test
    void traceDetailExtractsTheQuestionAndTheAnswer() {
        storage.calls.add(Fixtures.fullCall());
        JsonNode d = data(get("/traces/0195f3a2-0000-7000-8000-000000000001"));
        assertThat(SpanJsonTest.names(d)).containsExactly("turn_id", "source_id", "session_id", "wire_api",
                "agent_kind", "client_ip", "server_ip", "start_time", "end_time", "duration_ms", "call_count",
                "models_used", "subagents_used", "total_input_tokens", "total_output_tokens",
                "total_cache_read_input_tokens", "total_cache_creation_input_tokens", "total_cost_usd", "status",
                "final_finish_reason", "user_call_id", "user_input", "final_call_id", "final_answer", "span_ids",
                "metadata", "tool_surfaces", "tool_call_total", "agent_topology", "suspicious_skills");
        assertThat(d.get("user_input").asText()).isEqualTo("What is <b>2+2</b>?");
        assertThat(d.get("final_answer").asText()).isEqualTo("4");
        assertThat(d.get("span_ids")).extracting(JsonNode::asText)
                .containsExactly("0195f3a2-0000-7000-8000-000000000001");
        assertThat(d.get("user_call_id").asText()).isEqualTo("0195f3a2-0000-7000-8000-000000000001");
        assertThat(d.get("metadata").isObject()).isTrue();
        assertThat(d.get("total_cache_read_input_tokens").asLong()).isEqualTo(64);
        assertThat(d.get("total_cache_creation_input_tokens").asLong()).isEqualTo(8);
        assertThat(d.get("total_cost_usd").isNull()).isTrue();
        assertThat(d.get("subagents_used").isArray()).isTrue();
    }

    @Test
    void traceSpansIsABareArrayAndLiteDropsBodies() {
        storage.calls.add(Fixtures.fullCall());
        JsonNode spans = data(get("/traces/0195f3a2-0000-7000-8000-000000000001/spans"));
        assertThat(spans.isArray()).isTrue();
        assertThat(spans.size()).isEqualTo(1);
        assertThat(spans.get(0).get("sequence").asInt()).isEqualTo(1);
        assertThat(spans.get(0).get("request_body").asText()).contains("messages");

        JsonNode lite = data(get("/traces/0195f3a2-0000-7000-8000-000000000001/spans", "lite=1"));
        assertThat(lite.get(0).get("request_body").isNull()).isTrue();
        assertThat(lite.get(0).get("response_headers").isNull()).isTrue();
        assertThat(data(get("/traces/0195f3a2-0000-7000-8000-000000000001/spans", "lite=0")).get(0)
                .get("request_body").isNull()).isFalse();
    }

    @Test
    void agentTurnsIsADeprecatedAliasOfTraces() {
        storage.calls.add(Fixtures.fullCall());
        assertThat(get("/agent-turns")).isEqualTo(get("/traces"));
        get("/agent-turns");
        assertThat(last.headers()).containsEntry("Deprecation", "true")
                .containsEntry("Link", "</api/traces>; rel=\"successor-version\"");
        JsonNode calls = data(get("/agent-turns/0195f3a2-0000-7000-8000-000000000001/calls", "lite=1"));
        assertThat(calls.get(0).get("id").asText()).isEqualTo("0195f3a2-0000-7000-8000-000000000001");
        assertThat(last.headers()).containsEntry("Deprecation", "true");
    }

    @Test
    void traceStatusFilterWalksCallsAcrossStorageBatches() {
        int n = TraceRoutes.SCAN_BATCH * 2 + 37;
        for (int i = 0; i < n; i++) {
            LlmCall c = Fixtures.call(String.format("c%05d", i), Fixtures.T0 + i * 1_000L);
            if (i % 3 == 0) {
                c.setStatusCode(500);
            }
            storage.calls.add(c);
        }
        long incomplete = (n + 2) / 3;
        JsonNode d = data(get("/traces", "status=incomplete&sort_order=asc&page=2&page_size=100"));
        assertThat(d.get("total").asLong()).isEqualTo(incomplete);
        assertThat(d.get("items").size()).isEqualTo(100);
        assertThat(d.get("items").get(0).get("turn_id").asText()).isEqualTo(String.format("c%05d", 300));
        assertThat(d.get("items")).allSatisfy(i -> assertThat(i.get("status").asText()).isEqualTo("incomplete"));

        JsonNode complete = data(get("/traces", "status=complete&limit=5"));
        assertThat(complete.get("total").asLong()).isEqualTo(n - incomplete);
        assertThat(complete.get("items")).allSatisfy(i -> assertThat(i.get("status").asText()).isEqualTo("complete"));

        assertThat(data(get("/traces", "status=complete,incomplete")).get("total").asLong()).isEqualTo(n);
        assertThat(data(get("/traces", "status=in_progress")).get("total").asLong()).isZero();
    }

    @Test
    void callTracesHaveNoAgentKindSoAgentKindFiltersMatchNothing() {
        storage.calls.add(Fixtures.call("a", Fixtures.T0));
        JsonNode d = data(get("/traces", "agent_kind=claude-cli"));
        assertThat(d.get("total").asLong()).isZero();
        assertThat(d.get("items").isEmpty()).isTrue();
    }

    @Test
    void traceSortFieldsMapOntoCallColumns() {
        Map<String, String> expected = Map.of("start_time", "request_time", "end_time", "request_time",
                "duration_ms", "e2e_latency_ms", "call_count", "request_time", "total_input_tokens", "input_tokens",
                "total_output_tokens", "output_tokens");
        expected.forEach((traceField, callField) -> {
            data(get("/traces", "sort_by=" + traceField + "&wire_api=anthropic&server_port=443"));
            CallQuery q = storage.callQueries.get(storage.callQueries.size() - 1);
            assertThat(q.sortBy()).as(traceField).isEqualTo(callField);
            assertThat(q.wireApis()).containsExactly("anthropic");
            assertThat(q.serverPorts()).containsExactly(443);
        });
    }

    // http exchanges

    @Test
    void exchangeListItemsAndFilters() {
        storage.exchanges.add(Fixtures.sseExchange("x1", Fixtures.T0));
        storage.exchanges.add(Fixtures.binaryExchange("x2", Fixtures.T0 + 1_000_000));
        JsonNode d = data(get("/http-exchanges"));
        assertThat(d.get("total").asLong()).isEqualTo(2);
        JsonNode binary = d.get("items").get(0);
        assertThat(SpanJsonTest.names(binary)).containsExactly("id", "source_id", "request_time", "method", "uri",
                "client_ip", "server_ip", "server_port", "status", "is_sse", "duration_ms", "call_id", "complete",
                "problem");
        assertThat(binary.get("id").asText()).isEqualTo("x2");
        assertThat(binary.get("status").asInt()).isEqualTo(404);
        assertThat(binary.get("call_id").isNull()).isTrue();
        assertThat(binary.get("complete").asBoolean()).isFalse();
        assertThat(binary.get("problem").asText()).isEqualTo("no response before connection closed");
        JsonNode sse = d.get("items").get(1);
        assertThat(sse.get("is_sse").asBoolean()).as("from the events; list items carry no headers").isTrue();
        assertThat(sse.get("duration_ms").asDouble()).isEqualTo(300.5);
        assertThat(sse.get("request_time").asLong()).isEqualTo(1_767_323_045_678L);
        assertThat(sse.get("uri").asText()).isEqualTo("/v1/chat/completions?trace=1");
        assertThat(sse.get("call_id").asText()).isEqualTo("call-x1");

        data(get("/http-exchanges", "method=post&status=200,404&uri=chat&is_sse=1&server_ip=10.0.0.9"
                + "&client_ip=10.0.0.5&sort_by=duration_ms&sort_order=asc&limit=3"));
        var q = storage.lastExchangeQuery;
        assertThat(q.methods()).containsExactly("POST");
        assertThat(q.statuses()).containsExactly(200, 404);
        assertThat(q.uriContains()).isEqualTo("chat");
        assertThat(q.sse()).isTrue();
        assertThat(q.serverIps()).containsExactly("10.0.0.9");
        assertThat(q.clientIps()).containsExactly("10.0.0.5");
        assertThat(q.sortBy()).isEqualTo("duration_ms");
        assertThat(q.order()).isEqualTo(SortOrder.ASC);
        assertThat(q.limit()).isEqualTo(3);
        assertThat(q.range().isAll()).isTrue();
    }

    @Test
    void exchangeDetailServesUtf8BodiesAsTextAndOthersAsBase64() {
        storage.exchanges.add(Fixtures.sseExchange("x1", Fixtures.T0));
        storage.exchanges.add(Fixtures.binaryExchange("x2", Fixtures.T0));
        JsonNode sse = data(get("/http-exchanges/x1"));
        assertThat(SpanJsonTest.names(sse)).startsWith("id", "source_id", "client_ip", "client_port", "server_ip",
                "server_port", "method", "uri", "request_headers", "request_body", "request_body_encoding", "status",
                "response_headers", "response_body", "response_body_encoding", "is_sse", "sse_event_count",
                "sse_data_bytes", "request_time", "response_first_byte_time", "response_complete_time");
        assertThat(sse.get("request_body").asText()).isEqualTo("{\"q\":\"é\"}");
        assertThat(sse.get("request_body_encoding").asText()).isEqualTo("utf-8");
        assertThat(Fixtures.json(sse.get("request_headers").asText()).get(0).get(0).asText()).isEqualTo("Host");
        assertThat(sse.get("is_sse").asBoolean()).isTrue();
        assertThat(sse.get("sse_event_count").asInt()).isEqualTo(2);
        assertThat(sse.get("sse_data_bytes").asLong()).isEqualTo(13);
        assertThat(sse.get("response_first_byte_time").asLong()).isEqualTo(1_767_323_045_828L);
        assertThat(sse.get("response_complete_time").asLong()).isEqualTo(1_767_323_045_979L);
        assertThat(sse.get("client_port").asInt()).isEqualTo(40000);

        JsonNode bin = data(get("/http-exchanges/x2"));
        assertThat(bin.get("response_body").asText()).isEqualTo("/wD+");
        assertThat(bin.get("response_body_encoding").asText()).isEqualTo("base64");
        assertThat(bin.get("request_body").asText()).isEmpty();
        assertThat(bin.get("response_body_truncated").asBoolean()).isTrue();
        assertThat(bin.get("is_sse").asBoolean()).isFalse();
        assertThat(bin.get("sse_event_count").asInt()).isZero();
    }

    @Test
    void sseCountsComeFromTheStreamTextWhenStorageKeptNoEventList() {
        ExchangeRecord full = Fixtures.sseExchange("x3", Fixtures.T0);
        HttpResponse r = full.exchange().response();
        HttpResponse withoutEvents = new HttpResponse(r.status(), r.reason(), r.version(), r.headers(), r.body(),
                r.bodyLength(), r.bodyTruncated(), List.of(), r.startMicros(), r.endMicros(), r.complete());
        HttpExchange x = full.exchange();
        storage.exchanges.add(new ExchangeRecord("x3", new HttpExchange(x.sourceId(), x.client(), x.server(),
                x.request(), withoutEvents, x.problem()), full.callId()));
        JsonNode d = data(get("/http-exchanges/x3"));
        assertThat(d.get("is_sse").asBoolean()).isTrue();
        assertThat(d.get("sse_event_count").asInt()).isEqualTo(2);
        assertThat(d.get("sse_data_bytes").asLong()).isEqualTo(13);
        assertThat(d.get("response_body").asText()).startsWith("data: ");
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
