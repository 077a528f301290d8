package org.egret.console.internal.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.egret.api.storage.SortOrder;
import org.egret.api.storage.TimeRange;
import org.junit.jupiter.api.Test;

class ListParamsTest {

    private static QueryParams q(String raw) throws ApiException {
        return QueryParams.parse(raw);
    }

    @Test
    void noStartOrEndMeansEverythingStored() throws Exception {
        assertThat(ListParams.timeRange(q(""))).isEqualTo(TimeRange.ALL);
    }

    @Test
    void secondsBecomeAHalfOpenMicrosecondRange() throws Exception {
        assertThat(ListParams.timeRange(q("start=1700000000&end=1700000060")))
                .isEqualTo(new TimeRange(1_700_000_000_000_000L, 1_700_000_060_000_000L));
        assertThat(ListParams.timeRange(q("start=1700000000.5")))
                .isEqualTo(new TimeRange(1_700_000_000_500_000L, Long.MAX_VALUE));
        assertThat(ListParams.timeRange(q("end=1700000000")))
                .isEqualTo(new TimeRange(Long.MIN_VALUE, 1_700_000_000_000_000L));
        assertThat(ListParams.timeRange(q("start=4102444800")).fromMicros()).isEqualTo(4_102_444_800_000_000L);
    }

    @Test
    void millisecondsAreRejectedWithAHint() {
        assertThatThrownBy(() -> ListParams.timeRange(q("start=1747000000000&end=1747000001000")))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(1001);
                    assertThat(e.httpStatus()).isEqualTo(400);
                    assertThat(e.getMessage()).startsWith("start:").contains("looks like milliseconds");
                });
        assertThatThrownBy(() -> ListParams.timeRange(q("end=4102444801")))
                .isInstanceOf(ApiException.class).hasMessageStartingWith("end:").hasMessageContaining("milliseconds");
    }

    @Test
    void negativeNonNumericAndInvertedRangesAreRejected() {
        assertThatThrownBy(() -> ListParams.timeRange(q("start=-1")))
                .isInstanceOf(ApiException.class).hasMessageContaining("start").hasMessageContaining("negative");
        assertThatThrownBy(() -> ListParams.timeRange(q("end=yesterday")))
                .isInstanceOf(ApiException.class).hasMessageContaining("end").hasMessageContaining("Unix seconds");
        assertThatThrownBy(() -> ListParams.timeRange(q("start=200&end=100")))
                .isInstanceOf(ApiException.class).hasMessageContaining("after end");
    }

    @Test
    void pagingDefaults() throws Exception {
        assertThat(ListParams.paging(q(""))).isEqualTo(new ListParams.Paging(1, 50));
        assertThat(ListParams.paging(q("")).offset()).isZero();
    }

    @Test
    void pageAndPageSize() throws Exception {
        ListParams.Paging p = ListParams.paging(q("page=3&page_size=20"));
        assertThat(p).isEqualTo(new ListParams.Paging(3, 20));
        assertThat(p.offset()).isEqualTo(40);
        assertThat(ListParams.paging(q("page_size=1000")).pageSize()).isEqualTo(200);
        assertThat(ListParams.paging(q("page_size=0")).pageSize()).isZero();
    }

    @Test
    void limitIsHeronsAliasForPageSize() throws Exception {
        assertThat(ListParams.paging(q("limit=5"))).isEqualTo(new ListParams.Paging(1, 5));
        assertThat(ListParams.paging(q("limit=5&page=4"))).isEqualTo(new ListParams.Paging(4, 5));
        assertThat(ListParams.paging(q("limit=5000"))).isEqualTo(new ListParams.Paging(1, 200));
        assertThat(ListParams.paging(q("limit=7&page_size=7"))).isEqualTo(new ListParams.Paging(1, 7));
        assertThatThrownBy(() -> ListParams.paging(q("limit=5&page_size=10")))
                .isInstanceOf(ApiException.class).hasMessageContaining("limit").hasMessageContaining("page_size");
    }

    @Test
    void badPagingIsRejectedNamingTheParameter() {
        assertThatThrownBy(() -> ListParams.paging(q("page=0"))).isInstanceOf(ApiException.class)
                .hasMessageStartingWith("page:");
        assertThatThrownBy(() -> ListParams.paging(q("page=two"))).isInstanceOf(ApiException.class)
                .hasMessageStartingWith("page:");
        assertThatThrownBy(() -> ListParams.paging(q("page_size=-1"))).isInstanceOf(ApiException.class)
                .hasMessageStartingWith("page_size:");
        assertThatThrownBy(() -> ListParams.paging(q("limit=x"))).isInstanceOf(ApiException.class)
                .hasMessageStartingWith("limit:");
        assertThatThrownBy(() -> ListParams.paging(q("page=2000000000&page_size=200")))
                .isInstanceOf(ApiException.class).hasMessageStartingWith("page:");
    }

    @Test
    void sortByIsWhitelisted() throws Exception {
        List<String> allowed = List.of("request_time", "status_code");
        assertThat(ListParams.sortBy(q(""), allowed, "request_time")).isEqualTo("request_time");
        assertThat(ListParams.sortBy(q("sort_by=status_code"), allowed, "request_time")).isEqualTo("status_code");
        assertThatThrownBy(() -> ListParams.sortBy(q("sort_by=id;drop table"), allowed, "request_time"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(1001);
                    assertThat(e.getMessage()).startsWith("sort_by:").contains("request_time, status_code");
                });
    }

    @Test
    void sortOrderIsAscOrDescDefaultDesc() throws Exception {
        assertThat(ListParams.sortOrder(q(""))).isEqualTo(SortOrder.DESC);
        assertThat(ListParams.sortOrder(q("sort_order=ASC"))).isEqualTo(SortOrder.ASC);
        assertThat(ListParams.sortOrder(q("sort_order=desc"))).isEqualTo(SortOrder.DESC);
        assertThatThrownBy(() -> ListParams.sortOrder(q("sort_order=up"))).isInstanceOf(ApiException.class)
                .hasMessageStartingWith("sort_order:");
    }

    @Test
    void isStreamAcceptsEveryHeronSpelling() throws Exception {
        for (String v : List.of("stream", "true", "1", "STREAM")) {
            assertThat(SpanRoutes.streamFilter(q("is_stream=" + v))).as(v).isTrue();
        }
        for (String v : List.of("non-stream", "nonstream", "false", "0")) {
            assertThat(SpanRoutes.streamFilter(q("is_stream=" + v))).as(v).isFalse();
        }
        assertThat(SpanRoutes.streamFilter(q("is_stream=all"))).isNull();
        assertThat(SpanRoutes.streamFilter(q(""))).isNull();
        assertThatThrownBy(() -> SpanRoutes.streamFilter(q("is_stream=sometimes")))
                .isInstanceOf(ApiException.class).hasMessageStartingWith("is_stream:");
    }
}
