package org.egret.storage.duckdb.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.egret.storage.conformance.ConformanceTraffic.T0;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import org.egret.api.decode.LlmCall;
import org.egret.api.storage.CallQuery;
import org.egret.api.storage.Page;
import org.egret.api.storage.SortOrder;
import org.egret.api.storage.StorageException;
import org.egret.api.storage.TimeRange;
import org.egret.storage.conformance.ConformanceTraffic;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CallQueryTest extends DuckDbStorageTestBase {
    private static final long SECOND = 1_000_000;

    private DuckDbStorage storage;
    private final List<LlmCall> calls = new ArrayList<>();

    /** Twelve calls, one second apart, with attributes spread so every filter selects a known subset. */
    @BeforeEach
    void store() throws Exception {
        storage = open();
        String[] wireApis = {"openai-chat", "anthropic", "openai-responses", "gemini-aistudio"};
        String[] models = {"gpt-4o", "claude-sonnet-4", "o4-mini", "gemini-2.5-pro"};
        String[] paths = {"/v1/chat/completions", "/v1/messages", "/v1/responses", "/proxy/100%_done/x"};
        int[] statuses = {200, 200, 429, 0, 500, 200, 200, 0, 200, 429, 200, 200};
        Integer[] inputTokens = {10, 20, 30, null, 50, 20, 70, null, 90, 20, 110, 120};
        for (int i = 0; i < 12; i++) {
            LlmCall c = ConformanceTraffic.fullCall(i, T0 + i * SECOND)
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
                    .setE2eLatencyMs(1000.0 + i);
            calls.add(c);
        }
        // two batches, so the rows span more than one append
        storage.writeCalls(calls.subList(0, 5));
        storage.writeCalls(calls.subList(5, 12));
    }

    private static CallQuery query(Function<Builder, Builder> filters) {
        return filters.apply(new Builder()).build();
    }

    private List<String> ids(CallQuery q) throws StorageException {
        return storage.queryCalls(q).items().stream().map(LlmCall::getId).toList();
    }

    private List<String> expected(java.util.function.Predicate<LlmCall> p) {
        return calls.stream().filter(p).sorted(Comparator.comparing(LlmCall::getRequestTime).reversed())
                .map(LlmCall::getId).toList();
    }

    @Test
    void noFilterListsEverythingNewestFirst() throws Exception {
        Page<LlmCall> page = storage.queryCalls(CallQuery.all(0, 100));

        assertThat(page.total()).isEqualTo(12);
        assertThat(page.items()).extracting(LlmCall::getId).containsExactlyElementsOf(expected(c -> true));
    }

    @Test
    void filtersByEveryList() throws Exception {
        assertThat(ids(query(b -> b.wireApis(List.of("anthropic", "gemini-aistudio")))))
                .containsExactlyElementsOf(expected(c -> c.getWireApi().equals("anthropic")
                        || c.getWireApi().equals("gemini-aistudio")));
        assertThat(ids(query(b -> b.models(List.of("o4-mini")))))
                .containsExactlyElementsOf(expected(c -> c.getModel().equals("o4-mini")));
        assertThat(ids(query(b -> b.serverIps(List.of("10.0.0.9")))))
                .containsExactlyElementsOf(expected(c -> c.getServerIp().equals("10.0.0.9")));
        assertThat(ids(query(b -> b.clientIps(List.of("10.20.30.1")))))
                .containsExactlyElementsOf(expected(c -> c.getClientIp().equals("10.20.30.1")));
        assertThat(ids(query(b -> b.serverPorts(List.of(443)))))
                .containsExactlyElementsOf(expected(c -> c.getServerPort() == 443));
        assertThat(ids(query(b -> b.statusCodes(List.of(429, 500)))))
                .containsExactlyElementsOf(expected(c -> c.getStatusCode() == 429 || c.getStatusCode() == 500));
        assertThat(ids(query(b -> b.finishReasons(List.of("tool_calls")))))
                .containsExactlyElementsOf(expected(c -> "tool_calls".equals(c.getFinishReason())));
    }

    @Test
    void statusZeroMeansNoResponse() throws Exception {
        assertThat(ids(query(b -> b.statusCodes(List.of(0)))))
                .containsExactlyElementsOf(expected(c -> c.getStatusCode() == 0)).hasSize(2);
        assertThat(ids(query(b -> b.statusCodes(List.of(0, 500)))))
                .containsExactlyElementsOf(expected(c -> c.getStatusCode() == 0 || c.getStatusCode() == 500));
    }

    @Test
    void filtersCombineWithAnd() throws Exception {
        assertThat(ids(query(b -> b.serverIps(List.of("10.0.0.8")).statusCodes(List.of(200)).stream(true))))
                .containsExactlyElementsOf(expected(c -> c.getServerIp().equals("10.0.0.8")
                        && c.getStatusCode() == 200 && c.isStream()))
                .isNotEmpty();
    }

    @Test
    void streamIsTriState() throws Exception {
        assertThat(ids(query(b -> b.stream(true)))).containsExactlyElementsOf(expected(LlmCall::isStream));
        assertThat(ids(query(b -> b.stream(false)))).containsExactlyElementsOf(expected(c -> !c.isStream()));
        assertThat(ids(query(b -> b.stream(null)))).hasSize(12);
    }

    @Test
    void pathSubstringTreatsLikeWildcardsLiterally() throws Exception {
        assertThat(ids(query(b -> b.path("chat")))).containsExactlyElementsOf(
                expected(c -> c.getRequestPath().contains("chat")));
        assertThat(ids(query(b -> b.path("100%_")))).containsExactlyElementsOf(
                expected(c -> c.getRequestPath().contains("100%_"))).hasSize(3);
        assertThat(ids(query(b -> b.path("_")))).hasSize(3);
        assertThat(ids(query(b -> b.path("%")))).hasSize(3);
        assertThat(ids(query(b -> b.path("/V1/")))).isEmpty();
    }

    @Test
    void userInputIsNeverSql() throws Exception {
        assertThat(ids(query(b -> b.models(List.of("x' OR '1'='1"))))).isEmpty();
        assertThat(ids(query(b -> b.path("' OR 1=1 --")))).isEmpty();
        assertThat(storage.queryCalls(CallQuery.all(0, 1)).total()).isEqualTo(12);
    }

    @Test
    void timeRangeIsHalfOpen() throws Exception {
        long from = T0 + 3 * SECOND;
        long to = T0 + 7 * SECOND;
        assertThat(ids(query(b -> b.range(new TimeRange(from, to)))))
                .containsExactlyElementsOf(expected(c -> c.getRequestTime() >= from && c.getRequestTime() < to))
                .hasSize(4);
        assertThat(ids(query(b -> b.range(new TimeRange(from, Long.MAX_VALUE))))).hasSize(9);
        assertThat(ids(query(b -> b.range(new TimeRange(Long.MIN_VALUE, to))))).hasSize(7);
        assertThat(ids(query(b -> b.range(new TimeRange(T0 + 1, T0 + 2))))).isEmpty();
        assertThat(ids(query(b -> b.range(TimeRange.ALL)))).hasSize(12);
    }

    @ParameterizedTest
    @EnumSource(SortOrder.class)
    void sortsByEveryFieldWithIdTieBreakAndNullsLast(SortOrder order) throws Exception {
        for (String field : CallQuery.SORT_FIELDS) {
            List<String> got = ids(query(b -> b.sort(field, order)));
            assertThat(got).as("sorted by %s %s", field, order)
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
        @SuppressWarnings({"unchecked", "rawtypes"})
        Comparator<LlmCall> byValue = (a, b) -> ((Comparable) key.apply(a)).compareTo(key.apply(b));
        Comparator<LlmCall> byId = Comparator.comparing(LlmCall::getId);
        Comparator<LlmCall> direction = order == SortOrder.ASC ? byValue.thenComparing(byId)
                : byValue.reversed().thenComparing(byId.reversed());
        Comparator<LlmCall> nullsLast = (a, b) -> {
            boolean an = key.apply(a) == null;
            boolean bn = key.apply(b) == null;
            if (an || bn) {
                return an && bn ? (order == SortOrder.ASC ? byId.compare(a, b) : byId.compare(b, a))
                        : (an ? 1 : -1);
            }
            return direction.compare(a, b);
        };
        return calls.stream().sorted(nullsLast).map(LlmCall::getId).toList();
    }

    @Test
    void tiesAreBrokenByIdInTheSameDirection() throws Exception {
        List<String> with20 = calls.stream().filter(c -> Integer.valueOf(20).equals(c.getInputTokens()))
                .map(LlmCall::getId).sorted().toList();
        assertThat(with20).hasSize(3);

        List<String> asc = ids(query(b -> b.sort("input_tokens", SortOrder.ASC)));
        List<String> desc = ids(query(b -> b.sort("input_tokens", SortOrder.DESC)));

        assertThat(asc.subList(1, 4)).containsExactlyElementsOf(with20);
        List<String> reversed = new ArrayList<>(with20);
        java.util.Collections.reverse(reversed);
        assertThat(desc).filteredOn(with20::contains).containsExactlyElementsOf(reversed);
    }

    @Test
    void pagesAddUpToTheWholeList() throws Exception {
        List<String> whole = ids(query(b -> b.sort("status_code", SortOrder.ASC)));
        List<String> paged = new ArrayList<>();
        for (int offset = 0; offset < 12; offset += 5) {
            int from = offset;
            Page<LlmCall> page = storage.queryCalls(query(b -> b.sort("status_code", SortOrder.ASC).page(from, 5)));
            assertThat(page.total()).isEqualTo(12);
            assertThat(page.items()).hasSizeLessThanOrEqualTo(5);
            page.items().forEach(c -> paged.add(c.getId()));
        }
        assertThat(paged).containsExactlyElementsOf(whole);
    }

    @Test
    void totalCountsTheFilterNotThePage() throws Exception {
        Page<LlmCall> page = storage.queryCalls(query(b -> b.statusCodes(List.of(200)).page(1, 2)));
        assertThat(page.total()).isEqualTo(expected(c -> c.getStatusCode() == 200).size());
        assertThat(page.items()).extracting(LlmCall::getId)
                .containsExactlyElementsOf(expected(c -> c.getStatusCode() == 200).subList(1, 3));

        Page<LlmCall> beyond = storage.queryCalls(query(b -> b.page(50, 10)));
        assertThat(beyond.total()).isEqualTo(12);
        assertThat(beyond.items()).isEmpty();

        Page<LlmCall> countOnly = storage.queryCalls(query(b -> b.page(0, 0)));
        assertThat(countOnly.total()).isEqualTo(12);
        assertThat(countOnly.items()).isEmpty();
    }

    @Test
    void nullSortAndOrderMeanNewestFirst() throws Exception {
        assertThat(ids(query(b -> b.sort(null, null)))).containsExactlyElementsOf(expected(c -> true));
    }

    @Test
    void nullListsMeanNoFilter() throws Exception {
        CallQuery q = new CallQuery(null, null, null, null, null, null, null, null, null, null, null, null, 0, 100);
        assertThat(storage.queryCalls(q).total()).isEqualTo(12);
    }

    @Test
    void anUnknownSortFieldIsRefusedClearly() {
        assertThatThrownBy(() -> storage.queryCalls(query(b -> b.sort("request_body", SortOrder.ASC))))
                .isInstanceOf(StorageException.class)
                .hasMessage("cannot sort calls by 'request_body': sortable fields are request_time, status_code, "
                        + "ttft_ms, e2e_latency_ms, input_tokens, output_tokens");
        assertThatThrownBy(() -> storage.queryCalls(query(b -> b.sort("id; DROP TABLE spans", SortOrder.ASC))))
                .isInstanceOf(StorageException.class);
    }

    @Test
    void aNegativePageIsRefused() {
        assertThatThrownBy(() -> storage.queryCalls(query(b -> b.page(-1, 10))))
                .isInstanceOf(StorageException.class).hasMessageContaining("offset >= 0");
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
