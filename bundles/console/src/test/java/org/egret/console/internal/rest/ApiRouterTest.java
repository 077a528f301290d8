package org.egret.console.internal.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.egret.api.http.HttpExchange;
import org.egret.api.http.HttpResponse;
import org.egret.api.packet.SourceProgress;
import org.egret.api.pipeline.PipelineState;
import org.egret.api.pipeline.PipelineStatus;
import org.egret.api.pipeline.StorageWriterStatus;
import org.egret.api.storage.CallQuery;
import org.egret.api.storage.ExchangeRecord;
import org.egret.api.storage.SortOrder;
import org.egret.api.storage.StorageStatus;
import org.egret.api.storage.TimeRange;
import org.junit.jupiter.api.Test;

/** The health route, envelopes and errors, spans and HTTP exchanges through the router. */
class ApiRouterTest extends RouterTestBase {

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
                "exchanges_written", "write_errors", "last_error", "buffered_rows", "buffered_bytes");
        assertThat(st.get("type").asText()).isEqualTo("duckdb");
        assertThat(st.get("location").asText()).isEqualTo("/data/egret.duckdb");
        assertThat(st.get("healthy").asBoolean()).isTrue();
        assertThat(st.get("calls_written").asLong()).isEqualTo(3);
        assertThat(st.get("exchanges_written").asLong()).isEqualTo(9);
    }

    @Test
    void healthShowsEachPipelinesStorageWriterAndIsDegradedWhileOneCannotWrite() {
        FixedPipeline base = new FixedPipeline("tap", PipelineState.RUNNING, null, Map.of(), Map.of());
        StorageWriterStatus[] writer = {new StorageWriterStatus("clickhouse", false, false,
                "no clickhouse storage backend bound", 16, 40, 16_384, 131_072, 9, 4, 1, 0, 0)};
        pipelines.add(new PipelineStatus() {
            @Override
            public String name() {
                return base.name();
            }

            @Override
            public PipelineState state() {
                return base.state();
            }

            @Override
            public String failure() {
                return null;
            }

            @Override
            public Map<String, SourceProgress> sources() {
                return Map.of();
            }

            @Override
            public Map<String, Long> counters() {
                return Map.of("storage_dropped_exchanges", 9L);
            }

            @Override
            public StorageWriterStatus storageWriter() {
                return writer[0];
            }
        });
        storage.status = new StorageStatus("clickhouse", "http://ch:8123", true, 3, 9, 0, null, 120, 65_536);

        JsonNode h = data(get("/health"));
        assertThat(h.get("status").asText()).as("a pipeline cannot write").isEqualTo("degraded");
        JsonNode w = h.get("pipelines").get(0).get("storage");
        assertThat(SpanJsonTest.names(w)).containsExactly("backend", "bound", "healthy", "last_error",
                "queued_rows", "queued_kb", "capacity_rows", "capacity_kb", "dropped_exchanges", "dropped_calls",
                "dropped_metric_records", "backend_buffered_rows", "backend_buffered_bytes");
        assertThat(w.get("backend").asText()).isEqualTo("clickhouse");
        assertThat(w.get("bound").asBoolean()).isFalse();
        assertThat(w.get("last_error").asText()).isEqualTo("no clickhouse storage backend bound");
        assertThat(w.get("queued_rows").asLong()).isEqualTo(16);
        assertThat(w.get("capacity_kb").asLong()).isEqualTo(131_072);
        assertThat(w.get("dropped_exchanges").asLong()).isEqualTo(9);
        assertThat(w.get("dropped_calls").asLong()).isEqualTo(4);
        assertThat(h.get("storage").get("buffered_rows").asLong()).isEqualTo(120);
        assertThat(h.get("storage").get("buffered_bytes").asLong()).isEqualTo(65_536);

        writer[0] = new StorageWriterStatus("clickhouse", true, true, null, 0, 0, 16_384, 131_072, 9, 4, 1, 120,
                65_536);
        JsonNode ok = data(get("/health"));
        assertThat(ok.get("status").asText()).isEqualTo("ready");
        assertThat(ok.get("pipelines").get(0).get("storage").get("backend_buffered_rows").asLong()).isEqualTo(120);
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
                "/agent-turns", "/agent-sessions", "/agent-sessions/x", "/agent-sessions/x/traces",
                "/http-exchanges", "/http-exchanges/x")) {
            JsonNode env = get(path);
            assertError(env, 503, 5003);
            assertThat(env.get("message").asText()).as(path).isEqualTo("storage unavailable");
        }
    }

    @Test
    void unknownRoutesAre404Envelopes() {
        for (String path : List.of("/nope", "", "/", "/spans/a/b", "//spans", "/traces/x/calls",
                "/agent-turns/x/spans", "/health/extra", "/agent-sessions/x/turns", "/agent-sessions/x/traces/y")) {
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
        assertThat(get("/traces/missing").get("message").asText()).isEqualTo("trace not found: missing");
        assertError(get("/agent-sessions/missing"), 404, 2001);
        assertThat(get("/agent-sessions/missing").get("message").asText()).isEqualTo("session not found: missing");
        assertError(get("/http-exchanges/missing"), 404, 2001);
    }

    @Test
    void storageFailuresAre500WithoutLeakingTheCause() {
        storage.calls.add(Fixtures.call("a", Fixtures.T0));
        storage.turns.add(Fixtures.fullTurn());
        storage.failure = "IO Error: /secret/path/egret.duckdb is locked";
        for (String path : List.of("/spans", "/spans/a", "/traces", "/traces/" + Fixtures.fullTurn().getTurnId(),
                "/agent-sessions", "/agent-sessions/s", "/agent-sessions/s/traces", "/http-exchanges")) {
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
        assertError(get("/agent-sessions", "sort_by=duration_ms"), 400, 1001);
        assertError(get("/agent-sessions/s/traces", "sort_by=turn_count"), 400, 1001);
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
}
