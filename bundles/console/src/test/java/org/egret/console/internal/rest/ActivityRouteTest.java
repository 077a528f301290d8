package org.egret.console.internal.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** {@code /api/traces/activity}: stored turns per bucket and agent kind. */
class ActivityRouteTest extends RouterTestBase {

    private static final long SEC = 1_000_000L;
    /** 2026-01-01T00:00:00Z in epoch µs. */
    private static final long W0 = 1_767_225_600_000_000L;

    private void turn(String id, long at, String kind) {
        storage.turns.add(Fixtures.turn(id, "s", at).setAgentKind(kind));
    }

    private static List<String> points(JsonNode d) {
        return StreamSupport.stream(d.get("points").spliterator(), false)
                .map(p -> (p.get("timestamp_ms").asLong() * 1000 - W0) / SEC + " " + p.get("agent_kind").asText()
                        + "=" + p.get("turn_count").asLong())
                .toList();
    }

    @Test
    void turnsPerBucketAndAgentKind() {
        turn("a", W0 + 5 * SEC, "claude-cli");
        turn("b", W0 + 30 * SEC, "claude-cli");
        turn("c", W0 + 40 * SEC, "codex-cli");
        turn("d", W0 + 3600 * SEC, "claude-cli");
        // the upstream leg of a proxied turn is the same turn seen again
        storage.turns.add(Fixtures.turn("e", "s", W0 + 6 * SEC).setAgentKind("claude-cli").setProxyRole("proxy_out"));
        long s0 = W0 / SEC;
        JsonNode d = data(get("/traces/activity", "start=" + s0 + "&end=" + (s0 + 7200)));
        assertThat(SpanJsonTest.names(d)).containsExactly("points", "bucket_seconds", "turns_truncated",
                "complete_from_ms");
        // two hours / 120 = 60 s
        assertThat(d.get("bucket_seconds").asLong()).isEqualTo(60);
        assertThat(SpanJsonTest.names(d.get("points").get(0))).containsExactly("timestamp_ms", "agent_kind",
                "turn_count");
        assertThat(points(d)).containsExactly("0 claude-cli=2", "0 codex-cli=1", "3600 claude-cli=1");
        assertThat(d.get("turns_truncated").asBoolean()).isFalse();
        assertThat(d.get("complete_from_ms").isNull()).isTrue();

        JsonNode hourly = data(get("/traces/activity", "bucket=3600&agent_kind=claude-cli"));
        assertThat(hourly.get("bucket_seconds").asLong()).isEqualTo(3600);
        assertThat(points(hourly)).containsExactly("0 claude-cli=2", "3600 claude-cli=1");
        assertThat(storage.turnQueries.get(storage.turnQueries.size() - 1).agentKinds()).containsExactly("claude-cli");
    }

    @Test
    void theAutomaticBucketSnapsLikeHerons() {
        assertThat(ActivityRoute.automatic(0)).isEqualTo(60);
        assertThat(ActivityRoute.automatic(3600)).isEqualTo(60);
        assertThat(ActivityRoute.automatic(6 * 3600)).isEqualTo(300);
        assertThat(ActivityRoute.automatic(24 * 3600)).isEqualTo(1800);
        assertThat(ActivityRoute.automatic(7 * 86_400)).isEqualTo(7200);
        assertThat(ActivityRoute.automatic(30 * 86_400)).isEqualTo(86_400);
        assertThat(ActivityRoute.automatic(365 * 86_400L)).isEqualTo(4 * 86_400);
        // without a range the span of the turns picks it
        turn("a", W0, "x");
        turn("b", W0 + 86_400 * SEC, "x");
        assertThat(data(get("/traces/activity")).get("bucket_seconds").asLong()).isEqualTo(1800);
    }

    @Test
    void beyondTheScanOnlyCompleteBucketsAreServed() {
        int n = ActivityRoute.MAX_TURNS + 5;
        for (int i = 0; i < n; i++) {
            turn("t" + i, W0 + i * SEC, "generic"); // one a second, oldest first
        }
        JsonNode d = data(get("/traces/activity", "bucket=3600"));
        assertThat(d.get("turns_truncated").asBoolean()).isTrue();
        // the newest 20,000 start at second 5: the first hour is partial and left out
        assertThat(d.get("complete_from_ms").asLong()).isEqualTo((W0 + 3600 * SEC) / 1000);
        assertThat(points(d)).first().isEqualTo("3600 generic=3600");
        long served = StreamSupport.stream(d.get("points").spliterator(), false)
                .mapToLong(p -> p.get("turn_count").asLong()).sum();
        assertThat(served).isEqualTo(n - 3600);
    }

    @Test
    void badParametersAre400NamingThem() {
        for (String query : List.of("bucket=0", "bucket=-60", "bucket=1m", "start=1767323045678", "start=5&end=4")) {
            JsonNode env = get("/traces/activity", query);
            assertError(env, 400, 1001);
            assertThat(env.get("message").asText()).startsWith(query.substring(0, query.indexOf('=')) + ":");
        }
        JsonNode tooMany = get("/traces/activity", "start=0&end=86400&bucket=1");
        assertError(tooMany, 400, 1001);
        assertThat(tooMany.get("message").asText()).startsWith("bucket: 1 s makes more than 20000 buckets");
        assertThat(storage.turnQueries).isEmpty();
    }
}
