package org.egret.storage.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.egret.storage.conformance.ConformanceTraffic.T0;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import org.egret.api.decode.LlmCall;
import org.egret.api.decode.ToolCall;
import org.egret.api.storage.CallQuery;
import org.egret.api.storage.ExchangeRecord;
import org.egret.api.storage.Page;
import org.egret.api.storage.SortOrder;
import org.egret.api.storage.StorageException;
import org.egret.api.storage.TimeRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Calls: every field written and read back, and every shape of {@link CallQuery}. */
public abstract class CallsConformance extends StorageConformance {
    private static final long SECOND = 1_000_000;

    @Test
    void aFullCallReadsBackFieldForField() throws Exception {
        LlmCall written = ConformanceTraffic.fullCall(1, T0);
        writeCalls(List.of(written));

        LlmCall read = storage.findCall(written.getId()).orElseThrow();

        assertThat(read).usingRecursiveComparison().isEqualTo(written);
        assertThat(read.getRequestBody()).contains(ConformanceTraffic.UNICODE);
        assertThat(read.getToolCalls()).extracting(ToolCall::arguments)
                .containsExactly("{\"city\":\"Zürich\",\"unit\":\"°C\"}", "{\"path\":\"/tmp/naïve.txt\"");
        assertThat(read.getRequestHeaders()).filteredOn(h -> h.name().equals("X-Trace")).hasSize(2);
        assertThat(read.getToolResults()).hasSize(2);
    }

    @Test
    void aBareCallKeepsItsNullsAndZeros() throws Exception {
        LlmCall written = ConformanceTraffic.bareCall(2, T0);
        writeCalls(List.of(written));

        LlmCall read = storage.findCall(written.getId()).orElseThrow();

        assertThat(read).usingRecursiveComparison().isEqualTo(written);
        assertThat(read.getInputTokens()).isNull();
        assertThat(read.getTtftMs()).isNull();
        assertThat(read.getCostUsd()).isNull();
        assertThat(read.getStatusCode()).isZero();
        assertThat(read.getResponseTime()).isZero();
        assertThat(read.getRequestBody()).isNull();
        assertThat(read.getToolCalls()).isEmpty();
        assertThat(read.getRequestHeaders()).isEmpty();
    }

    @Test
    void nullHeaderListsAndToolCallsReadBackEmpty() throws Exception {
        LlmCall written = ConformanceTraffic.bareCall(3, T0).setRequestHeaders(null).setResponseHeaders(null)
                .setToolCalls(null).setRequestTools(null).setToolResults(null);
        writeCalls(List.of(written));

        LlmCall read = storage.findCall(written.getId()).orElseThrow();

        assertThat(read.getRequestHeaders()).isEmpty();
        assertThat(read.getResponseHeaders()).isEmpty();
        assertThat(read.getToolCalls()).isEmpty();
        assertThat(read.getRequestTools()).isEmpty();
        assertThat(read.getToolResults()).isEmpty();
    }

    @Test
    void aListItemCarriesNoBodiesHeadersOrToolArguments() throws Exception {
        LlmCall written = ConformanceTraffic.fullCall(4, T0);
        writeCalls(List.of(written));

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
        assertThat(item.getRequestTools()).isEmpty();
        assertThat(item.getToolResults()).isEmpty();
    }

    /**
     * An agent resends its whole conversation on every call: however a backend stores that (once per block, say),
     * every body reads back byte for byte, from the call and from its exchange, written exchange first as a
     * pipeline does.
     */
    @Test
    void largeResentConversationsReadBackByteForByte() throws Exception {
        List<ExchangeRecord> exchanges = new ArrayList<>();
        List<LlmCall> calls = new ArrayList<>();
        int n = 100;
        for (int step = 0; step < 6; step++) {
            for (int session = 0; session < 2; session++) {
                LlmCall call = ConformanceTraffic.conversationCall(n, session, step, T0 + n * SECOND);
                calls.add(call);
                exchanges.add(ConformanceTraffic.exchangeOf(call, n));
                n++;
            }
        }
        assertThat(calls.get(0).getRequestBody().getBytes(StandardCharsets.UTF_8).length).isGreaterThan(4096);
        assertThat(calls.get(11).getRequestBody().getBytes(StandardCharsets.UTF_8).length).as("several blocks")
                .isGreaterThan(64 * 1024);
        for (int from = 0; from < calls.size(); from += 4) {
            storage.writeExchanges(exchanges.subList(from, from + 4));
            storage.writeCalls(calls.subList(from, from + 4));
        }
        storage.flush();

        for (int i = 0; i < calls.size(); i++) {
            LlmCall read = storage.findCall(calls.get(i).getId()).orElseThrow();
            assertThat(read).usingRecursiveComparison().isEqualTo(calls.get(i));
            ExchangeRecord x = storage.findExchange(exchanges.get(i).id()).orElseThrow();
            assertThat(x.exchange().request().body()).isEqualTo(exchanges.get(i).exchange().request().body());
            assertThat(x.exchange().response().body()).isEqualTo(exchanges.get(i).exchange().response().body());
        }
    }

    @Test
    void aCallWhoseRequestDiffersFromItsExchangeKeepsItsOwn() throws Exception {
        LlmCall call = ConformanceTraffic.conversationCall(7, 1, 2, T0);
        ExchangeRecord exchange = ConformanceTraffic.withBodies(7, T0,
                ConformanceTraffic.conversationRequest(1, 3).getBytes(StandardCharsets.UTF_8), new byte[0]);
        writeTraffic(List.of(exchange), List.of(call));

        assertThat(storage.findCall(call.getId()).orElseThrow().getRequestBody()).isEqualTo(call.getRequestBody());
        assertThat(storage.findExchange(exchange.id()).orElseThrow().exchange().request().body())
                .isEqualTo(exchange.exchange().request().body());
    }

    @Test
    void unknownIdsAreEmpty() throws Exception {
        writeCalls(List.of(ConformanceTraffic.fullCall(12, T0)));

        assertThat(storage.findCall("no-such-id")).isEmpty();
        assertThat(storage.findCall("' OR 1=1 --")).isEmpty();
        assertThat(storage.findCall(null)).isEmpty();
    }

    @Test
    void aFailingBatchStoresNoneOfItsCallsAndTheNextBatchIsStored() throws Exception {
        List<LlmCall> batch = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            batch.add(ConformanceTraffic.fullCall(100 + i, T0 + i));
        }
        batch.add(ConformanceTraffic.fullCall(99, T0).setId(null));

        assertThatThrownBy(() -> {
            storage.writeCalls(batch);
            storage.flush();
        }).isInstanceOf(StorageException.class);
        assertThat(storage.status().writeErrors()).isPositive();

        writeCalls(List.of(ConformanceTraffic.fullCall(1, T0)));

        assertThat(storage.queryCalls(CallQuery.all(0, 100)).items()).extracting(LlmCall::getId)
                .containsExactly(ConformanceTraffic.id(1));
        assertThat(storage.status().healthy()).as("the next batch succeeded").isTrue();
    }

    @Test
    void statusCountsWhatWasWritten() throws Exception {
        writeTraffic(List.of(ConformanceTraffic.sseExchange(1, T0)),
                List.of(ConformanceTraffic.fullCall(1, T0), ConformanceTraffic.bareCall(2, T0)));

        assertThat(storage.status()).satisfies(s -> {
            assertThat(s.type()).isNotBlank();
            assertThat(s.location()).isNotBlank();
            assertThat(s.healthy()).isTrue();
            assertThat(s.callsWritten()).isEqualTo(2);
            assertThat(s.exchangesWritten()).isEqualTo(1);
            assertThat(s.writeErrors()).isZero();
            assertThat(s.lastError()).isNull();
            assertThat(s.bufferedRows()).as("nothing left after flush").isZero();
        });
    }

    @Test
    void flushWithNothingToWriteIsHarmless() throws Exception {
        storage.flush();
        storage.flush();
        assertThat(storage.queryCalls(CallQuery.all(0, 10)).total()).isZero();
        assertThat(storage.status().healthy()).isTrue();
    }

    // ---- queries ----

    private List<LlmCall> calls;

    /** Twelve calls, one second apart, with attributes spread so every filter selects a known subset. */
    private static List<LlmCall> twelveCalls() {
        String[] wireApis = {"openai-chat", "anthropic", "openai-responses", "gemini-aistudio"};
        String[] models = {"gpt-4o", "claude-sonnet-4", "o4-mini", "gemini-2.5-pro"};
        String[] paths = {"/v1/chat/completions", "/v1/messages", "/v1/responses", "/proxy/100%_done/x"};
        int[] statuses = {200, 200, 429, 0, 500, 200, 200, 0, 200, 429, 200, 200};
        Integer[] inputTokens = {10, 20, 30, null, 50, 20, 70, null, 90, 20, 110, 120};
        List<LlmCall> twelve = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            twelve.add(ConformanceTraffic.fullCall(i, T0 + i * SECOND)
                    .setWireApi(wireApis[i % 4])
                    .setModel(models[i % 4])
                    .setRequestPath(paths[i % 4])
                    .setServerIp(i < 6 ? "10.0.0.8" : "10.0.0.9")
                    .setServerPort(i % 3 == 0 ? 443 : 8080)
                    .setClientIp("10.20.30." + (i % 2))
                    .setStatusCode(statuses[i])
                    .setFinishReason(statuses[i] == 200 ? (i % 2 == 0 ? "stop" : "tool_calls") : null)
                    .setStream(i % 2 == 0)
                    .setInputTokens(inputTokens[i])
                    .setOutputTokens(i * 7 % 5)
                    .setTtftMs(i % 5 == 4 ? null : 100.0 + (i * 37 % 11))
                    .setE2eLatencyMs(i == 3 || i == 7 ? null : 1000.0 + i % 3));
        }
        return twelve;
    }

    private void storeTwelve() throws Exception {
        calls = twelveCalls();
        // written out of order, in several batches
        List<LlmCall> shuffled = new ArrayList<>(calls);
        Collections.rotate(shuffled, 5);
        writeCalls(shuffled);
    }

    private List<String> ids(CallQuery q) throws StorageException {
        return storage.queryCalls(q).items().stream().map(LlmCall::getId).toList();
    }

    private List<String> expected(Predicate<LlmCall> p) {
        return calls.stream().filter(p).sorted(Comparator.comparing(LlmCall::getRequestTime).reversed())
                .map(LlmCall::getId).toList();
    }

    @Test
    void noFilterListsEverythingNewestFirst() throws Exception {
        storeTwelve();
        Page<LlmCall> page = storage.queryCalls(CallQuery.all(0, 100));

        assertThat(page.total()).isEqualTo(12);
        assertThat(page.items()).extracting(LlmCall::getId).containsExactlyElementsOf(expected(c -> true));
    }

    @Test
    void filtersByEachFieldAlone() throws Exception {
        storeTwelve();
        assertThat(ids(q(b -> b.wireApis(List.of("anthropic", "gemini-aistudio")))))
                .containsExactlyElementsOf(expected(c -> c.getWireApi().equals("anthropic")
                        || c.getWireApi().equals("gemini-aistudio"))).hasSize(6);
        assertThat(ids(q(b -> b.models(List.of("o4-mini")))))
                .containsExactlyElementsOf(expected(c -> c.getModel().equals("o4-mini"))).hasSize(3);
        assertThat(ids(q(b -> b.serverIps(List.of("10.0.0.9")))))
                .containsExactlyElementsOf(expected(c -> c.getServerIp().equals("10.0.0.9"))).hasSize(6);
        assertThat(ids(q(b -> b.clientIps(List.of("10.20.30.1")))))
                .containsExactlyElementsOf(expected(c -> c.getClientIp().equals("10.20.30.1"))).hasSize(6);
        assertThat(ids(q(b -> b.serverPorts(List.of(443)))))
                .containsExactlyElementsOf(expected(c -> c.getServerPort() == 443)).hasSize(4);
        assertThat(ids(q(b -> b.statusCodes(List.of(429, 500)))))
                .containsExactlyElementsOf(expected(c -> c.getStatusCode() == 429 || c.getStatusCode() == 500))
                .hasSize(3);
        assertThat(ids(q(b -> b.finishReasons(List.of("tool_calls")))))
                .containsExactlyElementsOf(expected(c -> "tool_calls".equals(c.getFinishReason()))).hasSize(3);
        assertThat(ids(q(b -> b.path("chat"))))
                .containsExactlyElementsOf(expected(c -> c.getRequestPath().contains("chat"))).hasSize(3);
        assertThat(ids(q(b -> b.stream(true)))).containsExactlyElementsOf(expected(LlmCall::isStream)).hasSize(6);
    }

    @Test
    void statusZeroMeansNoResponse() throws Exception {
        storeTwelve();
        assertThat(ids(q(b -> b.statusCodes(List.of(0)))))
                .containsExactlyElementsOf(expected(c -> c.getStatusCode() == 0)).hasSize(2);
        assertThat(ids(q(b -> b.statusCodes(List.of(0, 500)))))
                .containsExactlyElementsOf(expected(c -> c.getStatusCode() == 0 || c.getStatusCode() == 500))
                .hasSize(3);
    }

    @Test
    void filtersCombineWithAnd() throws Exception {
        storeTwelve();
        assertThat(ids(q(b -> b.serverIps(List.of("10.0.0.8")).statusCodes(List.of(200)).stream(true))))
                .containsExactlyElementsOf(expected(c -> c.getServerIp().equals("10.0.0.8")
                        && c.getStatusCode() == 200 && c.isStream()))
                .isNotEmpty();
        TimeRange range = new TimeRange(T0 + 2 * SECOND, T0 + 11 * SECOND);
        assertThat(ids(q(b -> b.range(range).wireApis(List.of("openai-chat", "anthropic"))
                .models(List.of("gpt-4o", "claude-sonnet-4")).serverIps(List.of("10.0.0.9"))
                .clientIps(List.of("10.20.30.0")).serverPorts(List.of(443, 8080)).statusCodes(List.of(200, 0))
                .finishReasons(List.of("stop")).stream(true).path("/v1/"))))
                .containsExactlyElementsOf(expected(c -> c.getRequestTime() >= range.fromMicros()
                        && c.getRequestTime() < range.toMicros()
                        && List.of("openai-chat", "anthropic").contains(c.getWireApi())
                        && List.of("gpt-4o", "claude-sonnet-4").contains(c.getModel())
                        && c.getServerIp().equals("10.0.0.9") && c.getClientIp().equals("10.20.30.0")
                        && List.of(443, 8080).contains(c.getServerPort())
                        && List.of(200, 0).contains(c.getStatusCode()) && "stop".equals(c.getFinishReason())
                        && c.isStream() && c.getRequestPath().contains("/v1/")))
                .hasSize(1);
        assertThat(ids(q(b -> b.wireApis(List.of("anthropic")).models(List.of("gpt-4o"))))).as("disjoint")
                .isEmpty();
    }

    @Test
    void streamIsTriState() throws Exception {
        storeTwelve();
        assertThat(ids(q(b -> b.stream(true)))).containsExactlyElementsOf(expected(LlmCall::isStream));
        assertThat(ids(q(b -> b.stream(false)))).containsExactlyElementsOf(expected(c -> !c.isStream()));
        assertThat(ids(q(b -> b.stream(null)))).hasSize(12);
    }

    @Test
    void pathSubstringIsCaseSensitiveAndTakesWildcardsLiterally() throws Exception {
        storeTwelve();
        assertThat(ids(q(b -> b.path("100%_")))).containsExactlyElementsOf(
                expected(c -> c.getRequestPath().contains("100%_"))).hasSize(3);
        assertThat(ids(q(b -> b.path("_")))).hasSize(3);
        assertThat(ids(q(b -> b.path("%")))).hasSize(3);
        assertThat(ids(q(b -> b.path("/V1/")))).isEmpty();
        assertThat(ids(q(b -> b.path("")))).as("empty means no filter").hasSize(12);
    }

    @Test
    void userInputIsNeverQueryText() throws Exception {
        storeTwelve();
        assertThat(ids(q(b -> b.models(List.of("x' OR '1'='1"))))).isEmpty();
        assertThat(ids(q(b -> b.models(List.of("x\\' OR 1=1 --"))))).isEmpty();
        assertThat(ids(q(b -> b.path("' OR 1=1 --")))).isEmpty();
        assertThat(ids(q(b -> b.wireApis(List.of("a\"); DROP TABLE spans; --"))))).isEmpty();
        assertThat(storage.queryCalls(CallQuery.all(0, 1)).total()).isEqualTo(12);
    }

    @Test
    void timeRangeIsHalfOpen() throws Exception {
        storeTwelve();
        long from = T0 + 3 * SECOND;
        long to = T0 + 7 * SECOND;
        assertThat(ids(q(b -> b.range(new TimeRange(from, to)))))
                .containsExactlyElementsOf(expected(c -> c.getRequestTime() >= from && c.getRequestTime() < to))
                .as("from is a request time: in; to is one: out").hasSize(4);
        assertThat(ids(q(b -> b.range(new TimeRange(from - 1, to + 1))))).hasSize(5);
        assertThat(ids(q(b -> b.range(new TimeRange(from + 1, to))))).hasSize(3);
        assertThat(ids(q(b -> b.range(new TimeRange(from, Long.MAX_VALUE))))).hasSize(9);
        assertThat(ids(q(b -> b.range(new TimeRange(Long.MIN_VALUE, to))))).hasSize(7);
        assertThat(ids(q(b -> b.range(new TimeRange(T0 + 1, T0 + 2))))).isEmpty();
        assertThat(ids(q(b -> b.range(new TimeRange(from, from))))).as("empty range").isEmpty();
        assertThat(ids(q(b -> b.range(new TimeRange(from, from + 1))))).containsExactly(ConformanceTraffic.id(3));
        assertThat(ids(q(b -> b.range(TimeRange.ALL)))).hasSize(12);
        assertThat(ids(q(b -> b.range(null)))).hasSize(12);
    }

    @ParameterizedTest
    @EnumSource(SortOrder.class)
    void sortsByEveryFieldWithIdTieBreakAndNullsLast(SortOrder order) throws Exception {
        storeTwelve();
        for (String field : CallQuery.SORT_FIELDS) {
            assertThat(ids(q(b -> b.sort(field, order)))).as("sorted by %s %s", field, order)
                    .containsExactlyElementsOf(sortedInJava(field, order));
        }
    }

    @ParameterizedTest
    @EnumSource(SortOrder.class)
    void pagesOfEverySortAddUpToTheWholeList(SortOrder order) throws Exception {
        storeTwelve();
        for (String field : CallQuery.SORT_FIELDS) {
            List<String> paged = new ArrayList<>();
            for (int offset = 0; offset < 12; offset += 5) {
                int from = offset;
                Page<LlmCall> page = storage.queryCalls(q(b -> b.sort(field, order).page(from, 5)));
                assertThat(page.total()).isEqualTo(12);
                assertThat(page.items()).hasSize(Math.min(5, 12 - offset));
                page.items().forEach(c -> paged.add(c.getId()));
            }
            assertThat(new HashSet<>(paged)).as("no duplicates by %s %s", field, order).hasSize(12);
            assertThat(paged).as("pages by %s %s", field, order)
                    .containsExactlyElementsOf(sortedInJava(field, order));
        }
    }

    private List<String> sortedInJava(String field, SortOrder order) {
        Function<LlmCall, Comparable<?>> key = switch (field) {
            case "request_time" -> LlmCall::getRequestTime;
            case "status_code" -> c -> c.getStatusCode() == 0 ? null : c.getStatusCode();
            case "ttft_ms" -> LlmCall::getTtftMs;
            case "e2e_latency_ms" -> LlmCall::getE2eLatencyMs;
            case "input_tokens" -> LlmCall::getInputTokens;
            case "output_tokens" -> LlmCall::getOutputTokens;
            default -> throw new IllegalArgumentException(field);
        };
        return ExpectedOrder.sorted(calls, key, LlmCall::getId, order).stream().map(LlmCall::getId).toList();
    }

    @Test
    void theSortFieldsHaveTiesAndNulls() {
        // without them the tie-break and the nulls-last rule would go untested
        List<LlmCall> twelve = twelveCalls();
        assertThat(twelve.stream().filter(c -> Integer.valueOf(20).equals(c.getInputTokens()))).hasSize(3);
        assertThat(twelve.stream().filter(c -> c.getInputTokens() == null)).hasSize(2);
        assertThat(twelve.stream().filter(c -> c.getTtftMs() == null)).hasSize(2);
        assertThat(twelve.stream().filter(c -> c.getE2eLatencyMs() == null)).hasSize(2);
        assertThat(twelve.stream().filter(c -> c.getStatusCode() == 200)).hasSizeGreaterThan(1);
    }

    @Test
    void totalCountsTheFilterNotThePage() throws Exception {
        storeTwelve();
        Page<LlmCall> page = storage.queryCalls(q(b -> b.statusCodes(List.of(200)).page(1, 2)));
        assertThat(page.total()).isEqualTo(expected(c -> c.getStatusCode() == 200).size());
        assertThat(page.items()).extracting(LlmCall::getId)
                .containsExactlyElementsOf(expected(c -> c.getStatusCode() == 200).subList(1, 3));

        Page<LlmCall> beyond = storage.queryCalls(q(b -> b.page(50, 10)));
        assertThat(beyond.total()).isEqualTo(12);
        assertThat(beyond.items()).isEmpty();

        Page<LlmCall> countOnly = storage.queryCalls(q(b -> b.page(0, 0)));
        assertThat(countOnly.total()).isEqualTo(12);
        assertThat(countOnly.items()).isEmpty();

        Page<LlmCall> last = storage.queryCalls(q(b -> b.page(11, 10)));
        assertThat(last.items()).extracting(LlmCall::getId).containsExactly(ConformanceTraffic.id(0));
    }

    @Test
    void nullSortAndOrderMeanNewestFirst() throws Exception {
        storeTwelve();
        assertThat(ids(q(b -> b.sort(null, null)))).containsExactlyElementsOf(expected(c -> true));
    }

    @Test
    void nullListsMeanNoFilter() throws Exception {
        storeTwelve();
        CallQuery q = new CallQuery(null, null, null, null, null, null, null, null, null, null, null, null, 0, 100);
        assertThat(storage.queryCalls(q).total()).isEqualTo(12);
    }

    @Test
    void anUnknownSortFieldOrANegativePageIsRefusedClearly() throws Exception {
        storeTwelve();
        assertThatThrownBy(() -> storage.queryCalls(q(b -> b.sort("request_body", SortOrder.ASC))))
                .isInstanceOf(StorageException.class).hasMessageContaining("request_body")
                .hasMessageContaining("request_time");
        assertThatThrownBy(() -> storage.queryCalls(q(b -> b.sort("id; DROP TABLE spans", SortOrder.ASC))))
                .isInstanceOf(StorageException.class);
        assertThatThrownBy(() -> storage.queryCalls(q(b -> b.page(-1, 10)))).isInstanceOf(StorageException.class);
        assertThatThrownBy(() -> storage.queryCalls(q(b -> b.page(0, -1)))).isInstanceOf(StorageException.class);
        assertThat(storage.queryCalls(CallQuery.all(0, 1)).total()).isEqualTo(12);
    }

    private static CallQuery q(Function<Builder, Builder> filters) {
        return filters.apply(new Builder()).build();
    }

    /** Fills a {@link CallQuery}; everything unset means no filter. */
    private static final class Builder {
        private TimeRange range = TimeRange.ALL;
        private List<String> wireApis = List.of();
        private List<String> models = List.of();
        private List<String> serverIps = List.of();
        private List<String> clientIps = List.of();
        private List<Integer> serverPorts = List.of();
        private List<Integer> statusCodes = List.of();
        private List<String> finishReasons = List.of();
        private Boolean stream;
        private String path;
        private String sortBy = "request_time";
        private SortOrder order = SortOrder.DESC;
        private int offset;
        private int limit = 100;

        Builder range(TimeRange v) {
            range = v;
            return this;
        }

        Builder wireApis(List<String> v) {
            wireApis = v;
            return this;
        }

        Builder models(List<String> v) {
            models = v;
            return this;
        }

        Builder serverIps(List<String> v) {
            serverIps = v;
            return this;
        }

        Builder clientIps(List<String> v) {
            clientIps = v;
            return this;
        }

        Builder serverPorts(List<Integer> v) {
            serverPorts = v;
            return this;
        }

        Builder statusCodes(List<Integer> v) {
            statusCodes = v;
            return this;
        }

        Builder finishReasons(List<String> v) {
            finishReasons = v;
            return this;
        }

        Builder stream(Boolean v) {
            stream = v;
            return this;
        }

        Builder path(String v) {
            path = v;
            return this;
        }

        Builder sort(String field, SortOrder o) {
            sortBy = field;
            order = o;
            return this;
        }

        Builder page(int off, int lim) {
            offset = off;
            limit = lim;
            return this;
        }

        CallQuery build() {
            return new CallQuery(range, wireApis, models, serverIps, clientIps, serverPorts, statusCodes,
                    finishReasons, stream, path, sortBy, order, offset, limit);
        }
    }
}
