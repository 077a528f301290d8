package org.egret.console.internal.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** {@code /api/metrics/finish-reasons}: counts per bucket from the stored calls, read span by span. */
class FinishReasonSeriesTest extends RouterTestBase {

    private static final long SEC = 1_000_000L;
    /** 2026-01-01T00:00:00Z in epoch µs, a multiple of every width. */
    private static final long W0 = 1_767_225_600_000_000L;

    private void call(String id, long at, String reason) {
        storage.calls.add(Fixtures.call(id, at).setFinishReason(reason));
    }

    private static List<String> points(JsonNode series) {
        return StreamSupport.stream(series.get("points").spliterator(), false)
                .map(p -> (p.get(0).asLong() - W0) / SEC + "=" + p.get(1).asLong()).toList();
    }

    @Test
    void countsPerBucketOnTheGridOfTheRange() {
        call("a", W0 + 5 * SEC, "stop");
        call("b", W0 + 50 * SEC, "stop");
        call("c", W0 + 70 * SEC, "tool_calls");
        call("d", W0 + 200 * SEC, "stop");
        call("e", W0 + 201 * SEC, null);
        long s0 = W0 / SEC;
        JsonNode d = data(get("/metrics/finish-reasons", "start=" + s0 + "&end=" + (s0 + 240) + "&granularity=1m"));
        assertThat(SpanJsonTest.names(d)).containsExactly("bucket_seconds", "series");
        assertThat(d.get("bucket_seconds").asLong()).isEqualTo(60);
        JsonNode series = d.get("series");
        assertThat(series).extracting(x -> x.get("finish_reason").asText()).containsExactly("stop", "tool_calls");
        assertThat(SpanJsonTest.names(series.get(0))).containsExactly("finish_reason", "points");
        assertThat(points(series.get(0))).containsExactly("0=2", "60=0", "120=0", "180=1");
        assertThat(points(series.get(1))).containsExactly("0=0", "60=1", "120=0", "180=0");
        // one read over everything, then only spans with calls: fewer reads than buckets with calls, twice
        assertThat(storage.groupQueries.size()).isLessThanOrEqualTo(1 + 2 * 3);
    }

    @Test
    void withoutARangeTheGridSpansTheCallsAtTheFinestWidthThatFits() {
        call("a", W0 + 5 * SEC, "stop");
        call("b", W0 + 3 * 3600 * SEC, "length");
        call("c", W0 + 3 * 3600 * SEC + 10 * SEC, "length");
        storage.calls.add(Fixtures.call("x", W0 + 3600 * SEC).setFinishReason("stop").setModel("other"));
        JsonNode d = data(get("/metrics/finish-reasons", "model=gpt-4o"));
        // three hours: 1m would be 181 buckets, the finest that fits 200
        assertThat(d.get("bucket_seconds").asLong()).isEqualTo(60);
        JsonNode length = d.get("series").get(0);
        assertThat(length.get("finish_reason").asText()).isEqualTo("length");
        assertThat(length.get("points")).hasSize(181);
        assertThat(points(length)).endsWith("10800=2");
        JsonNode stop = d.get("series").get(1);
        assertThat(StreamSupport.stream(stop.get("points").spliterator(), false).mapToLong(p -> p.get(1).asLong())
                .sum()).isEqualTo(1); // the other model's call is filtered out
        JsonNode none = data(get("/metrics/finish-reasons", "model=nothing"));
        assertThat(none.get("series")).isEmpty();
    }

    @Test
    void aYearOfCallsGetsWholeDayBuckets() {
        call("a", W0, "stop");
        call("b", W0 + 365L * 86_400 * SEC, "stop");
        JsonNode d = data(get("/metrics/finish-reasons"));
        assertThat(d.get("bucket_seconds").asLong()).isEqualTo(2 * 86_400);
        JsonNode points = d.get("series").get(0).get("points");
        assertThat(points.size()).isLessThanOrEqualTo(200);
        assertThat(StreamSupport.stream(points.spliterator(), false).mapToLong(p -> p.get(1).asLong()).sum())
                .isEqualTo(2);
        assertThat(storage.groupQueries.size()).isLessThanOrEqualTo(3);
    }

    @Test
    void badParametersAre400NamingThem() {
        long s0 = W0 / SEC;
        JsonNode tooFine = get("/metrics/finish-reasons", "start=" + s0 + "&end=" + (s0 + 86_400)
                + "&granularity=10s");
        assertError(tooFine, 400, 1001);
        assertThat(tooFine.get("message").asText()).startsWith("granularity: 10s makes 8640 buckets");
        JsonNode unknown = get("/metrics/finish-reasons", "granularity=2m");
        assertError(unknown, 400, 1001);
        assertThat(unknown.get("message").asText()).startsWith("granularity:").contains("10s, 1m, 5m, 1h, 1d");
        assertError(get("/metrics/finish-reasons", "start=1767323045678"), 400, 1001);
        assertError(get("/metrics/finish-reasons", "start=9&end=8"), 400, 1001);
        assertThat(storage.groupQueries).isEmpty();
        // without a range, the width is checked against the calls' span
        call("a", W0, "stop");
        call("b", W0 + 86_400 * SEC, "stop");
        JsonNode spanTooLong = get("/metrics/finish-reasons", "granularity=1m");
        assertError(spanTooLong, 400, 1001);
        assertThat(spanTooLong.get("message").asText()).startsWith("granularity: 1m makes");
    }
}
