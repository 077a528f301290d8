package org.egret.storage.clickhouse.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.egret.storage.conformance.ConformanceTraffic.T0;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import org.egret.api.http.HttpExchange;
import org.egret.api.storage.ExchangeQuery;
import org.egret.api.storage.ExchangeRecord;
import org.egret.api.storage.Page;
import org.egret.api.storage.SortOrder;
import org.egret.api.storage.StorageException;
import org.egret.api.storage.TimeRange;
import org.egret.storage.conformance.ConformanceTraffic;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ExchangeQueryTest extends ClickHouseTestBase {
    private static final long SECOND = 1_000_000;

    private ClickHouseStorage storage;
    private final List<ExchangeRecord> records = new ArrayList<>();

    /** Ten exchanges a second apart: SSE calls, unanswered requests and plain ones with assorted statuses. */
    @BeforeEach
    void store() throws Exception {
        storage = open();
        for (int i = 0; i < 10; i++) {
            long t = T0 + i * SECOND;
            records.add(switch (i % 4) {
                case 0 -> ConformanceTraffic.sseExchange(i, t);
                case 1 -> ConformanceTraffic.unansweredExchange(i, t);
                case 2 -> ConformanceTraffic.plainExchange(i, t, "GET", "/metrics?x=1", 200);
                default -> ConformanceTraffic.plainExchange(i, t, "PUT", "/items/50%_off", 404);
            });
        }
        storage.writeExchanges(records);
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

    @Test
    void filtersByEveryField() throws Exception {
        List<String> none = List.of();
        assertThat(ids(q(TimeRange.ALL, List.of("10.9.9.9"), none, none, List.of(), null, null)))
                .containsExactlyElementsOf(expected(x -> x.server().ip().equals("10.9.9.9"))).hasSize(4);
        assertThat(ids(q(TimeRange.ALL, none, List.of("fd00::1"), none, List.of(), null, null)))
                .containsExactlyElementsOf(expected(x -> x.client().ip().equals("fd00::1"))).hasSize(3);
        assertThat(ids(q(TimeRange.ALL, none, none, List.of("GET", "PUT"), List.of(), null, null)))
                .containsExactlyElementsOf(expected(x -> !x.request().method().equals("POST"))).hasSize(4);
        assertThat(ids(q(TimeRange.ALL, none, none, none, List.of(404), null, null)))
                .containsExactlyElementsOf(expected(x -> status(x) == 404)).hasSize(2);
        assertThat(ids(q(TimeRange.ALL, none, none, none, List.of(0), null, null)))
                .containsExactlyElementsOf(expected(x -> x.response() == null)).hasSize(3);
        assertThat(ids(q(TimeRange.ALL, none, none, none, List.of(), "50%_", null)))
                .containsExactlyElementsOf(expected(x -> x.request().target().contains("50%_"))).hasSize(2);
        assertThat(ids(q(TimeRange.ALL, none, none, none, List.of(), "?x=", null))).hasSize(2);
    }

    @Test
    void sseIsTriState() throws Exception {
        assertThat(ids(q(TimeRange.ALL, List.of(), List.of(), List.of(), List.of(), null, true)))
                .containsExactlyElementsOf(expected(x -> x.response() != null && x.response().isEventStream()))
                .hasSize(3);
        assertThat(ids(q(TimeRange.ALL, List.of(), List.of(), List.of(), List.of(), null, false))).hasSize(7);
        assertThat(ids(q(TimeRange.ALL, List.of(), List.of(), List.of(), List.of(), null, null))).hasSize(10);
    }

    @Test
    void timeRangeIsHalfOpen() throws Exception {
        long from = T0 + 2 * SECOND;
        long to = T0 + 5 * SECOND;
        assertThat(ids(q(new TimeRange(from, to), List.of(), List.of(), List.of(), List.of(), null, null)))
                .containsExactlyElementsOf(expected(x -> x.request().startMicros() >= from
                        && x.request().startMicros() < to))
                .hasSize(3);
    }

    @Test
    void sortsByStatusAndDurationWithNullsLastAndIdTieBreak() throws Exception {
        Page<ExchangeRecord> byStatus = storage.queryExchanges(new ExchangeQuery(TimeRange.ALL, List.of(),
                List.of(), List.of(), List.of(), null, null, "status", SortOrder.ASC, 0, 100));
        List<String> ok = records.stream().filter(r -> status(r.exchange()) == 200).map(ExchangeRecord::id)
                .sorted().toList();
        List<String> notFound = records.stream().filter(r -> status(r.exchange()) == 404).map(ExchangeRecord::id)
                .sorted().toList();
        List<String> unanswered = records.stream().filter(r -> r.exchange().response() == null)
                .map(ExchangeRecord::id).sorted().toList();
        List<String> wanted = new ArrayList<>(ok);
        wanted.addAll(notFound);
        wanted.addAll(unanswered);
        assertThat(byStatus.items()).extracting(ExchangeRecord::id).containsExactlyElementsOf(wanted);

        Page<ExchangeRecord> byDuration = storage.queryExchanges(new ExchangeQuery(TimeRange.ALL, List.of(),
                List.of(), List.of(), List.of(), null, null, "duration_ms", SortOrder.DESC, 0, 100));
        assertThat(byDuration.items().subList(0, 3)).allMatch(r -> r.exchange().response().isEventStream());
        assertThat(byDuration.items().subList(7, 10)).allMatch(r -> r.exchange().response() == null);
    }

    @Test
    void pagesKeepTheTotal() throws Exception {
        List<String> seen = new ArrayList<>();
        for (int offset = 0; offset < 10; offset += 4) {
            Page<ExchangeRecord> page = storage.queryExchanges(new ExchangeQuery(TimeRange.ALL, List.of(),
                    List.of(), List.of(), List.of(), null, null, "request_time", SortOrder.ASC, offset, 4));
            assertThat(page.total()).isEqualTo(10);
            page.items().forEach(r -> seen.add(r.id()));
        }
        assertThat(seen).containsExactlyElementsOf(records.stream().map(ExchangeRecord::id).toList());
    }

    @Test
    void anUnknownSortFieldIsRefusedClearly() {
        assertThatThrownBy(() -> storage.queryExchanges(new ExchangeQuery(TimeRange.ALL, List.of(), List.of(),
                List.of(), List.of(), null, null, "uri", SortOrder.ASC, 0, 10)))
                .isInstanceOf(StorageException.class)
                .hasMessage("cannot sort HTTP exchanges by 'uri': sortable fields are request_time, status, "
                        + "duration_ms");
    }
}
