package org.egret.storage.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.egret.storage.conformance.ConformanceTraffic.T0;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import org.egret.api.http.HttpExchange;
import org.egret.api.http.HttpResponse;
import org.egret.api.storage.ExchangeQuery;
import org.egret.api.storage.ExchangeRecord;
import org.egret.api.storage.Page;
import org.egret.api.storage.SortOrder;
import org.egret.api.storage.StorageException;
import org.egret.api.storage.TimeRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** HTTP exchanges: every field written and read back, and every shape of {@link ExchangeQuery}. */
public abstract class ExchangesConformance extends StorageConformance {
    private static final long SECOND = 1_000_000;

    @Test
    void anSseExchangeReadsBackWithItsStreamTextAndWithoutEvents() throws Exception {
        ExchangeRecord written = ConformanceTraffic.sseExchange(6, T0);
        writeExchanges(List.of(written));

        ExchangeRecord read = storage.findExchange(written.id()).orElseThrow();

        assertThat(read).usingRecursiveComparison().ignoringFields("exchange.response.events").isEqualTo(written);
        assertThat(read.exchange().response().events()).isEmpty();
        assertThat(new String(read.exchange().response().body(), StandardCharsets.UTF_8))
                .contains("event: content_block_delta").contains("Grüße 🦅");
        assertThat(read.exchange().response().isEventStream()).isTrue();
        assertThat(read.exchange().isComplete()).isTrue();
        assertThat(read.callId()).isEqualTo(ConformanceTraffic.id(6));
    }

    @Test
    void anUnansweredExchangeHasNoResponse() throws Exception {
        ExchangeRecord written = ConformanceTraffic.unansweredExchange(7, T0);
        writeExchanges(List.of(written));

        ExchangeRecord read = storage.findExchange(written.id()).orElseThrow();

        assertThat(read).usingRecursiveComparison().isEqualTo(written);
        assertThat(read.exchange().response()).isNull();
        assertThat(read.callId()).isNull();
        assertThat(read.exchange().request().bodyTruncated()).isTrue();
        assertThat(read.exchange().request().bodyLength()).isEqualTo(70_000);
        assertThat(read.exchange().problem()).isEqualTo("no response before connection closed");
    }

    @Test
    void binaryAndEmptyBodiesSurvive() throws Exception {
        ExchangeRecord written = ConformanceTraffic.plainExchange(8, T0, "GET", "/healthz", 503);
        writeExchanges(List.of(written));

        ExchangeRecord read = storage.findExchange(written.id()).orElseThrow();

        assertThat(read).usingRecursiveComparison().isEqualTo(written);
        assertThat(read.exchange().request().body()).isEmpty();
        assertThat(read.exchange().response().body()).containsExactly(0, 1, 2, 0xff, 0xfe, 'x');
        assertThat(read.exchange().response().complete()).isFalse();
    }

    @Test
    void largeAndIncompressibleBodiesReadBackByteForByte() throws Exception {
        byte[] request = ConformanceTraffic.largeRequest(1).getBytes(StandardCharsets.UTF_8);
        byte[] random = ConformanceTraffic.incompressible(200_000);
        List<ExchangeRecord> written = List.of(
                ConformanceTraffic.withBodies(1, T0, request, ConformanceTraffic.largeStream(1)),
                ConformanceTraffic.withBodies(2, T0 + 1, random, random),
                ConformanceTraffic.withBodies(3, T0 + 2, request, new byte[0]));
        writeExchanges(written);

        for (ExchangeRecord x : written) {
            ExchangeRecord read = storage.findExchange(x.id()).orElseThrow();
            assertThat(read).usingRecursiveComparison().ignoringFields("exchange.response.events").isEqualTo(x);
        }
    }

    @Test
    void anExchangeListItemCarriesNoBodiesAndOnlyTheContentType() throws Exception {
        ExchangeRecord written = ConformanceTraffic.sseExchange(9, T0);
        writeExchanges(List.of(written));

        ExchangeRecord item = storage.queryExchanges(ExchangeQuery.all(0, 10)).items().get(0);

        assertThat(item).usingRecursiveComparison()
                .ignoringFields("exchange.request.headers", "exchange.request.body", "exchange.response.headers",
                        "exchange.response.body", "exchange.response.events")
                .isEqualTo(written);
        HttpResponse response = item.exchange().response();
        assertThat(item.exchange().request().headers()).isEmpty();
        assertThat(item.exchange().request().body()).isNull();
        assertThat(response.body()).isNull();
        assertThat(response.headers()).extracting(h -> h.name().toLowerCase()).containsOnly("content-type");
        assertThat(response.isEventStream()).isTrue();
        assertThat(response.bodyLength()).isEqualTo(written.exchange().response().bodyLength());
    }

    @Test
    void unknownIdsAreEmpty() throws Exception {
        writeExchanges(List.of(ConformanceTraffic.sseExchange(1, T0)));

        assertThat(storage.findExchange("no-such-id")).isEmpty();
        assertThat(storage.findExchange("' OR 1=1 --")).isEmpty();
        assertThat(storage.findExchange(null)).isEmpty();
    }

    @Test
    void aFailingBatchStoresNoneOfItsExchanges() throws Exception {
        List<ExchangeRecord> batch = List.of(ConformanceTraffic.sseExchange(1, T0),
                new ExchangeRecord("x-broken", null, null));

        assertThatThrownBy(() -> {
            storage.writeExchanges(batch);
            storage.flush();
        }).isInstanceOf(StorageException.class);

        writeExchanges(List.of(ConformanceTraffic.sseExchange(2, T0)));
        assertThat(storage.queryExchanges(ExchangeQuery.all(0, 10)).items()).extracting(ExchangeRecord::id)
                .containsExactly("x-" + ConformanceTraffic.id(2));
    }

    // ---- queries ----

    private List<ExchangeRecord> records;

    /** Twelve exchanges a second apart: SSE calls, unanswered requests and plain ones with assorted statuses. */
    private void storeTwelve() throws Exception {
        records = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            long t = T0 + i * SECOND;
            records.add(switch (i % 4) {
                case 0 -> ConformanceTraffic.sseExchange(i, t);
                case 1 -> ConformanceTraffic.unansweredExchange(i, t);
                case 2 -> ConformanceTraffic.plainExchange(i, t, "GET", "/metrics?x=1", 200);
                default -> ConformanceTraffic.plainExchange(i, t, "PUT", "/items/50%_off", 404);
            });
        }
        List<ExchangeRecord> reversed = new ArrayList<>(records);
        java.util.Collections.reverse(reversed);
        writeExchanges(reversed);
    }

    private List<String> ids(ExchangeQuery q) throws StorageException {
        return storage.queryExchanges(q).items().stream().map(ExchangeRecord::id).toList();
    }

    private List<String> expected(Predicate<HttpExchange> p) {
        return records.stream().filter(r -> p.test(r.exchange()))
                .sorted(Comparator.comparing((ExchangeRecord r) -> r.exchange().request().startMicros()).reversed())
                .map(ExchangeRecord::id).toList();
    }

    private static ExchangeQuery q(TimeRange range, List<String> serverIps, List<String> clientIps,
            List<String> methods, List<Integer> statuses, String uri, Boolean sse) {
        return new ExchangeQuery(range, serverIps, clientIps, methods, statuses, uri, sse, "request_time",
                SortOrder.DESC, 0, 100);
    }

    private static int status(HttpExchange x) {
        return x.response() == null ? 0 : x.response().status();
    }

    private static boolean sse(HttpExchange x) {
        return x.response() != null && x.response().isEventStream();
    }

    @Test
    void noFilterListsEverythingNewestFirst() throws Exception {
        storeTwelve();
        Page<ExchangeRecord> page = storage.queryExchanges(ExchangeQuery.all(0, 100));
        assertThat(page.total()).isEqualTo(12);
        assertThat(page.items()).extracting(ExchangeRecord::id).containsExactlyElementsOf(expected(x -> true));
    }

    @Test
    void filtersByEachFieldAlone() throws Exception {
        storeTwelve();
        List<String> none = List.of();
        assertThat(ids(q(TimeRange.ALL, List.of("10.9.9.9"), none, none, none(), null, null)))
                .containsExactlyElementsOf(expected(x -> x.server().ip().equals("10.9.9.9"))).hasSize(6);
        assertThat(ids(q(TimeRange.ALL, none, List.of("fd00::1"), none, none(), null, null)))
                .containsExactlyElementsOf(expected(x -> x.client().ip().equals("fd00::1"))).hasSize(3);
        assertThat(ids(q(TimeRange.ALL, none, none, List.of("GET", "PUT"), none(), null, null)))
                .containsExactlyElementsOf(expected(x -> !x.request().method().equals("POST"))).hasSize(6);
        assertThat(ids(q(TimeRange.ALL, none, none, none, List.of(404), null, null)))
                .containsExactlyElementsOf(expected(x -> status(x) == 404)).hasSize(3);
        assertThat(ids(q(TimeRange.ALL, none, none, none, List.of(0), null, null))).as("0: no response")
                .containsExactlyElementsOf(expected(x -> x.response() == null)).hasSize(3);
        assertThat(ids(q(TimeRange.ALL, none, none, none, List.of(0, 200), null, null)))
                .containsExactlyElementsOf(expected(x -> status(x) == 0 || status(x) == 200)).hasSize(9);
        assertThat(ids(q(TimeRange.ALL, none, none, none, none(), "50%_", null))).as("wildcards are literal")
                .containsExactlyElementsOf(expected(x -> x.request().target().contains("50%_"))).hasSize(3);
        assertThat(ids(q(TimeRange.ALL, none, none, none, none(), "?x=", null))).as("the query string counts")
                .hasSize(3);
        assertThat(ids(q(TimeRange.ALL, none, none, none, none(), "/METRICS", null))).as("case-sensitive")
                .isEmpty();
    }

    private static List<Integer> none() {
        return List.of();
    }

    @Test
    void filtersCombineWithAnd() throws Exception {
        storeTwelve();
        TimeRange range = new TimeRange(T0 + SECOND, T0 + 11 * SECOND);
        assertThat(ids(q(range, List.of("10.9.9.9"), List.of("10.1.1.2", "10.1.1.3"), List.of("GET", "PUT"),
                List.of(200, 404), "/", false)))
                .containsExactlyElementsOf(expected(x -> x.request().startMicros() >= range.fromMicros()
                        && x.request().startMicros() < range.toMicros() && x.server().ip().equals("10.9.9.9")
                        && List.of("10.1.1.2", "10.1.1.3").contains(x.client().ip())
                        && List.of(200, 404).contains(status(x)) && !sse(x)))
                .hasSize(5);
        assertThat(ids(q(TimeRange.ALL, List.of(), List.of(), List.of("POST"), List.of(404), null, null)))
                .as("disjoint").isEmpty();
    }

    @Test
    void sseIsTriState() throws Exception {
        storeTwelve();
        assertThat(ids(q(TimeRange.ALL, List.of(), List.of(), List.of(), none(), null, true)))
                .containsExactlyElementsOf(expected(ExchangesConformance::sse)).hasSize(3);
        assertThat(ids(q(TimeRange.ALL, List.of(), List.of(), List.of(), none(), null, false)))
                .containsExactlyElementsOf(expected(x -> !sse(x))).hasSize(9);
        assertThat(ids(q(TimeRange.ALL, List.of(), List.of(), List.of(), none(), null, null))).hasSize(12);
    }

    @Test
    void timeRangeIsHalfOpen() throws Exception {
        storeTwelve();
        long from = T0 + 2 * SECOND;
        long to = T0 + 5 * SECOND;
        assertThat(ids(q(new TimeRange(from, to), List.of(), List.of(), List.of(), none(), null, null)))
                .containsExactlyElementsOf(expected(x -> x.request().startMicros() >= from
                        && x.request().startMicros() < to))
                .hasSize(3);
        assertThat(ids(q(new TimeRange(from, from + 1), List.of(), List.of(), List.of(), none(), null, null)))
                .containsExactly("x-" + ConformanceTraffic.id(2));
        assertThat(ids(q(new TimeRange(from - 1, from), List.of(), List.of(), List.of(), none(), null, null)))
                .isEmpty();
        assertThat(ids(q(new TimeRange(to, Long.MAX_VALUE), List.of(), List.of(), List.of(), none(), null, null)))
                .hasSize(7);
        assertThat(ids(q(null, List.of(), List.of(), List.of(), none(), null, null))).hasSize(12);
    }

    @ParameterizedTest
    @EnumSource(SortOrder.class)
    void sortsByEveryFieldWithIdTieBreakAndNullsLastAndPagesAddUp(SortOrder order) throws Exception {
        storeTwelve();
        for (String field : ExchangeQuery.SORT_FIELDS) {
            Function<ExchangeRecord, Comparable<?>> key = switch (field) {
                case "request_time" -> r -> r.exchange().request().startMicros();
                case "status" -> r -> r.exchange().response() == null ? null : r.exchange().response().status();
                case "duration_ms" -> r -> r.exchange().response() == null ? null
                        : (r.exchange().response().endMicros() - r.exchange().request().startMicros()) / 1000.0;
                default -> throw new IllegalArgumentException(field);
            };
            List<String> wanted = ExpectedOrder.sorted(records, key, ExchangeRecord::id, order).stream()
                    .map(ExchangeRecord::id).toList();
            assertThat(ids(new ExchangeQuery(null, null, null, null, null, null, null, field, order, 0, 100)))
                    .as("sorted by %s %s", field, order).containsExactlyElementsOf(wanted);
            List<String> paged = new ArrayList<>();
            for (int offset = 0; offset < 12; offset += 5) {
                Page<ExchangeRecord> page = storage.queryExchanges(new ExchangeQuery(null, null, null, null, null,
                        null, null, field, order, offset, 5));
                assertThat(page.total()).isEqualTo(12);
                page.items().forEach(r -> paged.add(r.id()));
            }
            assertThat(new HashSet<>(paged)).hasSize(12);
            assertThat(paged).as("pages by %s %s", field, order).containsExactlyElementsOf(wanted);
        }
    }

    @Test
    void totalsCountTheFilterAndAPageBeyondTheEndIsEmpty() throws Exception {
        storeTwelve();
        Page<ExchangeRecord> page = storage.queryExchanges(new ExchangeQuery(null, null, null, List.of("POST"),
                null, null, null, null, null, 1, 2));
        assertThat(page.total()).isEqualTo(6);
        assertThat(page.items()).extracting(ExchangeRecord::id)
                .containsExactlyElementsOf(expected(x -> x.request().method().equals("POST")).subList(1, 3));
        Page<ExchangeRecord> beyond = storage.queryExchanges(ExchangeQuery.all(12, 10));
        assertThat(beyond.total()).isEqualTo(12);
        assertThat(beyond.items()).isEmpty();
        assertThat(storage.queryExchanges(ExchangeQuery.all(0, 0)).total()).isEqualTo(12);
    }

    @Test
    void userInputIsNeverQueryText() throws Exception {
        storeTwelve();
        assertThat(ids(q(null, List.of("' OR '1'='1"), null, null, null, null, null))).isEmpty();
        assertThat(ids(q(null, null, null, null, null, "'; DROP TABLE http_exchanges; --", null))).isEmpty();
        assertThat(storage.queryExchanges(ExchangeQuery.all(0, 0)).total()).isEqualTo(12);
    }

    @Test
    void anUnknownSortFieldOrANegativePageIsRefusedClearly() {
        assertThatThrownBy(() -> storage.queryExchanges(new ExchangeQuery(TimeRange.ALL, List.of(), List.of(),
                List.of(), List.of(), null, null, "uri", SortOrder.ASC, 0, 10)))
                .isInstanceOf(StorageException.class).hasMessageContaining("'uri'");
        assertThatThrownBy(() -> storage.queryExchanges(ExchangeQuery.all(-5, 10)))
                .isInstanceOf(StorageException.class);
    }
}
