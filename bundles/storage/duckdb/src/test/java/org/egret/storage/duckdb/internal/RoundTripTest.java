package org.egret.storage.duckdb.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.egret.storage.conformance.ConformanceTraffic.T0;

import java.util.ArrayList;
import java.util.List;
import org.egret.api.decode.LlmCall;
import org.egret.api.decode.ToolCall;
import org.egret.api.http.HttpHeader;
import org.egret.api.http.HttpResponse;
import org.egret.api.storage.CallQuery;
import org.egret.api.storage.ExchangeQuery;
import org.egret.api.storage.ExchangeRecord;
import org.egret.api.storage.StorageException;
import org.egret.storage.conformance.ConformanceTraffic;
import org.junit.jupiter.api.Test;

class RoundTripTest extends DuckDbStorageTestBase {

    @Test
    void aFullCallReadsBackFieldForField() throws Exception {
        DuckDbStorage storage = open();
        LlmCall written = ConformanceTraffic.fullCall(1, T0);
        storage.writeCalls(List.of(written));

        LlmCall read = storage.findCall(written.getId()).orElseThrow();

        assertThat(read).usingRecursiveComparison().isEqualTo(written);
        assertThat(read.getRequestBody()).contains(ConformanceTraffic.UNICODE);
        assertThat(read.getToolCalls()).extracting(ToolCall::arguments)
                .containsExactly("{\"city\":\"Zürich\",\"unit\":\"°C\"}", "{\"path\":\"/tmp/naïve.txt\"");
        assertThat(read.getRequestHeaders()).filteredOn(h -> h.name().equals("X-Trace")).hasSize(2);
    }

    @Test
    void aBareCallKeepsItsNullsAndZeros() throws Exception {
        DuckDbStorage storage = open();
        LlmCall written = ConformanceTraffic.bareCall(2, T0);
        storage.writeCalls(List.of(written));

        LlmCall read = storage.findCall(written.getId()).orElseThrow();

        assertThat(read).usingRecursiveComparison().isEqualTo(written);
        assertThat(read.getInputTokens()).isNull();
        assertThat(read.getTtftMs()).isNull();
        assertThat(read.getStatusCode()).isZero();
        assertThat(read.getResponseTime()).isZero();
        assertThat(read.getToolCalls()).isEmpty();
        assertThat(read.getRequestHeaders()).isEmpty();
    }

    @Test
    void nullHeaderListsAndToolCallsReadBackEmpty() throws Exception {
        DuckDbStorage storage = open();
        LlmCall written = ConformanceTraffic.bareCall(3, T0).setRequestHeaders(null).setResponseHeaders(null)
                .setToolCalls(null);
        storage.writeCalls(List.of(written));

        LlmCall read = storage.findCall(written.getId()).orElseThrow();

        assertThat(read.getRequestHeaders()).isEmpty();
        assertThat(read.getResponseHeaders()).isEmpty();
        assertThat(read.getToolCalls()).isEmpty();
    }

    @Test
    void aCallListItemCarriesNoBodiesHeadersOrToolArguments() throws Exception {
        DuckDbStorage storage = open();
        LlmCall written = ConformanceTraffic.fullCall(4, T0);
        storage.writeCalls(List.of(written));

        LlmCall item = storage.queryCalls(CallQuery.all(0, 10)).items().get(0);

        assertThat(item).usingRecursiveComparison()
                .ignoringFields("requestHeaders", "responseHeaders", "requestBody", "responseBody", "toolCalls",
                        "requestTools", "toolResults")
                .isEqualTo(written);
        assertThat(item.getRequestBody()).isNull();
        assertThat(item.getResponseBody()).isNull();
        assertThat(item.getRequestHeaders()).isEmpty();
        assertThat(item.getResponseHeaders()).isEmpty();
        assertThat(item.getToolCalls()).containsExactly(new ToolCall(0, null, "get_weather", null),
                new ToolCall(1, null, "read_file", null));
        assertThat(item.getToolCallCount()).isEqualTo(2);
        assertThat(item.getRequestTools()).isEmpty();
        assertThat(item.getToolResults()).isEmpty();
        assertThat(item.getAgentKind()).isEqualTo("generic");
        assertThat(item.isModelSubstituted()).isTrue();
    }

    @Test
    void theStoredColumnsAreHeronShaped() throws Exception {
        DuckDbStorage storage = open();
        storage.writeCalls(List.of(ConformanceTraffic.fullCall(5, T0)));
        close(storage);

        try (var c = jdbc(dir.resolve("egret.duckdb")); var s = c.createStatement();
                var rs = s.executeQuery("SELECT request_headers, tool_calls, tool_names, tool_call_count, kind, "
                        + "epoch_us(request_time), status_code FROM spans")) {
            rs.next();
            assertThat(rs.getString(1)).startsWith("[[\"Host\",\"llm-gateway.internal.test\"],");
            assertThat(rs.getString(2)).startsWith("[{\"index\":0,\"id\":\"call_5a\",\"name\":\"get_weather\","
                    + "\"arguments\":\"{\\\"city\\\":");
            assertThat(rs.getString(3)).isEqualTo("[\"get_weather\",\"read_file\"]");
            assertThat(rs.getInt(4)).isEqualTo(2);
            assertThat(rs.getString(5)).isEqualTo("llm");
            assertThat(rs.getLong(6)).isEqualTo(T0);
            assertThat(rs.getInt(7)).isEqualTo(200);
        }
    }

    @Test
    void anSseExchangeReadsBackWithItsStreamTextAndWithoutEvents() throws Exception {
        DuckDbStorage storage = open();
        ExchangeRecord written = ConformanceTraffic.sseExchange(6, T0);
        storage.writeExchanges(List.of(written));

        ExchangeRecord read = storage.findExchange(written.id()).orElseThrow();

        assertThat(read).usingRecursiveComparison().ignoringFields("exchange.response.events").isEqualTo(written);
        assertThat(read.exchange().response().events()).isEmpty();
        assertThat(new String(read.exchange().response().body(), java.nio.charset.StandardCharsets.UTF_8))
                .contains("event: content_block_delta").contains("Grüße 🦅");
        assertThat(read.exchange().response().isEventStream()).isTrue();
        assertThat(read.exchange().isComplete()).isTrue();
    }

    @Test
    void anUnansweredExchangeHasNoResponse() throws Exception {
        DuckDbStorage storage = open();
        ExchangeRecord written = ConformanceTraffic.unansweredExchange(7, T0);
        storage.writeExchanges(List.of(written));

        ExchangeRecord read = storage.findExchange(written.id()).orElseThrow();

        assertThat(read).usingRecursiveComparison().isEqualTo(written);
        assertThat(read.exchange().response()).isNull();
        assertThat(read.callId()).isNull();
        assertThat(read.exchange().request().bodyTruncated()).isTrue();
        assertThat(read.exchange().request().bodyLength()).isEqualTo(70_000);
    }

    @Test
    void binaryAndEmptyBodiesSurvive() throws Exception {
        DuckDbStorage storage = open();
        ExchangeRecord written = ConformanceTraffic.plainExchange(8, T0, "GET", "/healthz", 503);
        storage.writeExchanges(List.of(written));

        ExchangeRecord read = storage.findExchange(written.id()).orElseThrow();

        assertThat(read).usingRecursiveComparison().isEqualTo(written);
        assertThat(read.exchange().request().body()).isEmpty();
        assertThat(read.exchange().response().body()).containsExactly(0, 1, 2, 0xff, 0xfe, 'x');
        assertThat(read.exchange().response().complete()).isFalse();
        assertThat(read.exchange().problem()).isEqualTo("response cut off by the capture");
    }

    @Test
    void anExchangeListItemCarriesNoBodiesAndOnlyTheContentType() throws Exception {
        DuckDbStorage storage = open();
        ExchangeRecord written = ConformanceTraffic.sseExchange(9, T0);
        storage.writeExchanges(List.of(written));

        ExchangeRecord item = storage.queryExchanges(ExchangeQuery.all(0, 10)).items().get(0);

        assertThat(item).usingRecursiveComparison()
                .ignoringFields("exchange.request.headers", "exchange.request.body", "exchange.response.headers",
                        "exchange.response.body", "exchange.response.events")
                .isEqualTo(written);
        HttpResponse response = item.exchange().response();
        assertThat(item.exchange().request().headers()).isEmpty();
        assertThat(item.exchange().request().body()).isNull();
        assertThat(response.body()).isNull();
        assertThat(response.headers()).containsExactly(new HttpHeader("content-type", "text/event-stream"));
        assertThat(response.isEventStream()).isTrue();
        assertThat(response.bodyLength()).isEqualTo(written.exchange().response().bodyLength());
    }

    @Test
    void exchangeColumnsKeepTheStreamFacts() throws Exception {
        DuckDbStorage storage = open();
        storage.writeExchanges(List.of(ConformanceTraffic.sseExchange(10, T0), ConformanceTraffic.unansweredExchange(11, T0)));
        close(storage);

        try (var c = jdbc(dir.resolve("egret.duckdb")); var s = c.createStatement();
                var rs = s.executeQuery("SELECT is_sse, sse_event_count, duration_ms, status, complete "
                        + "FROM http_exchanges ORDER BY id")) {
            rs.next();
            assertThat(rs.getBoolean(1)).isTrue();
            assertThat(rs.getInt(2)).isEqualTo(3);
            assertThat(rs.getDouble(3)).isEqualTo(900.25);
            assertThat(rs.getInt(4)).isEqualTo(200);
            assertThat(rs.getBoolean(5)).isTrue();
            rs.next();
            assertThat(rs.getBoolean(1)).isFalse();
            assertThat(rs.getObject(2)).isNull();
            assertThat(rs.getObject(3)).isNull();
            assertThat(rs.getObject(4)).isNull();
        }
    }

    @Test
    void unknownIdsAreEmpty() throws Exception {
        DuckDbStorage storage = open();
        storage.writeCalls(List.of(ConformanceTraffic.fullCall(12, T0)));

        assertThat(storage.findCall("no-such-id")).isEmpty();
        assertThat(storage.findCall("' OR 1=1 --")).isEmpty();
        assertThat(storage.findExchange("no-such-id")).isEmpty();
    }

    @Test
    void aFailingCallBatchStoresNothing() throws Exception {
        DuckDbStorage storage = open();
        List<LlmCall> batch = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            batch.add(ConformanceTraffic.fullCall(100 + i, T0 + i));
        }
        batch.add(ConformanceTraffic.fullCall(99, T0).setId(null));

        assertThatThrownBy(() -> storage.writeCalls(batch)).isInstanceOf(StorageException.class)
                .hasMessageContaining("writing a batch of 3001 calls").hasMessageContaining("NOT NULL");

        assertThat(storage.queryCalls(CallQuery.all(0, 10)).total()).isZero();
        assertThat(storage.status().healthy()).isFalse();
        assertThat(storage.status().writeErrors()).isEqualTo(1);
        assertThat(storage.status().callsWritten()).isZero();
        assertThat(storage.status().lastError()).contains("NOT NULL");

        storage.writeCalls(batch.subList(0, 3000));

        assertThat(storage.queryCalls(CallQuery.all(0, 10)).total()).isEqualTo(3000);
        assertThat(storage.status().healthy()).isTrue();
        assertThat(storage.status().callsWritten()).isEqualTo(3000);
    }

    @Test
    void aFailingExchangeBatchStoresNothing() throws Exception {
        DuckDbStorage storage = open();
        List<ExchangeRecord> batch = List.of(ConformanceTraffic.sseExchange(1, T0),
                new ExchangeRecord("x-broken", null, null));

        assertThatThrownBy(() -> storage.writeExchanges(batch)).isInstanceOf(StorageException.class)
                .hasMessageContaining("exchange record x-broken has no request");

        assertThat(storage.queryExchanges(ExchangeQuery.all(0, 10)).total()).isZero();
        assertThat(storage.status().exchangesWritten()).isZero();
    }

    @Test
    void statusTellsTypeLocationAndCounters() throws Exception {
        DuckDbStorage storage = open();
        storage.writeCalls(List.of(ConformanceTraffic.fullCall(1, T0), ConformanceTraffic.bareCall(2, T0)));
        storage.writeExchanges(List.of(ConformanceTraffic.sseExchange(1, T0)));

        assertThat(storage.status()).satisfies(s -> {
            assertThat(s.type()).isEqualTo("duckdb");
            assertThat(s.location()).isEqualTo(dir.resolve("egret.duckdb").toAbsolutePath().toString());
            assertThat(s.healthy()).isTrue();
            assertThat(s.callsWritten()).isEqualTo(2);
            assertThat(s.exchangesWritten()).isEqualTo(1);
            assertThat(s.writeErrors()).isZero();
            assertThat(s.lastError()).isNull();
        });
    }
}
