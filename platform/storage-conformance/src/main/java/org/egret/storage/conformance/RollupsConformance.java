package org.egret.storage.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.egret.storage.conformance.ConformanceMetrics.minute;
import static org.egret.storage.conformance.ConformanceMetrics.rollup;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import org.egret.api.pipeline.LatencyStats;
import org.egret.api.pipeline.MetricGranularity;
import org.egret.api.pipeline.MetricWindow;
import org.egret.api.storage.MetricRollup;
import org.egret.api.storage.RollupQuery;
import org.egret.api.storage.TimeRange;
import org.junit.jupiter.api.Test;

/** One-minute metric rollups: every field and latency bucket read back, replacement, and every {@link RollupQuery}. */
public abstract class RollupsConformance extends StorageConformance {

    /** The contract's order: window start, then pipeline, then the dimensions in {@link MetricWindow}'s order. */
    private static final Comparator<MetricRollup> ORDER = Comparator
            .comparingLong((MetricRollup r) -> r.window().start())
            .thenComparing(MetricRollup::pipeline)
            .thenComparing(r -> r.window().wireApi())
            .thenComparing(r -> r.window().model())
            .thenComparing(r -> r.window().serverKind())
            .thenComparing(r -> r.window().agentKind());

    private List<MetricRollup> rollups;

    /** Six minutes of two pipelines, each minute in two or three dimension combinations. */
    private void storeSixMinutes() throws Exception {
        rollups = new ArrayList<>();
        int seed = 0;
        for (int m = 0; m < 6; m++) {
            for (String pipeline : List.of("local", "edge")) {
                rollups.add(rollup(pipeline, minute(m), "openai-chat", "gpt-4o", "openai", "codex-cli", seed++));
                rollups.add(rollup(pipeline, minute(m), "anthropic", "claude-sonnet-4-5", "anthropic",
                        "claude-cli", seed++));
                if (m % 2 == 0) {
                    rollups.add(rollup(pipeline, minute(m), "openai-chat", "gpt-4o-mini", "vllm", "codex-cli",
                            seed++));
                }
            }
        }
        List<MetricRollup> newestFirst = new ArrayList<>(rollups);
        java.util.Collections.reverse(newestFirst);
        writeRollups(newestFirst);
    }

    private List<MetricRollup> expected(Predicate<MetricRollup> p) {
        return rollups.stream().filter(p).sorted(ORDER).toList();
    }

    private static RollupQuery q(TimeRange range, List<String> pipelines, List<String> wireApis,
            List<String> models, List<String> agentKinds) {
        return new RollupQuery(range, pipelines, wireApis, models, agentKinds, 1000);
    }

    @Test
    void everyFieldAndLatencyBucketReadsBackInOrder() throws Exception {
        assertThat(storage.storesMetrics()).isTrue();
        storeSixMinutes();

        List<MetricRollup> read = storage.queryRollups(RollupQuery.range(TimeRange.ALL, 1000));

        assertThat(read).containsExactlyElementsOf(expected(r -> true)).hasSize(30);
        MetricRollup first = read.get(0);
        assertThat(first.window().granularity()).isEqualTo(MetricGranularity.ONE_MINUTE);
        assertThat(first.window().e2e().buckets()).hasSizeGreaterThan(2);
        assertThat(first.window().ttftStream().p95Ms()).isPositive();
    }

    @Test
    void emptyDistributionsAndMissingDimensionsReadBack() throws Exception {
        MetricWindow w = rollup("local", minute(100), null, null, null, null, 5).window();
        MetricWindow bare = new MetricWindow(w.start(), w.granularity(), null, null, null, null, 1, 0, 0, 0, 0, 1, 0,
                0, 0, 0, 0, 0, 0, 0, 0.0, 0.0, 1, LatencyStats.EMPTY, LatencyStats.EMPTY, LatencyStats.EMPTY,
                LatencyStats.EMPTY);
        writeRollups(List.of(new MetricRollup("local", bare)));

        assertThat(storage.queryRollups(RollupQuery.range(TimeRange.ALL, 10)))
                .containsExactly(new MetricRollup("local", bare));
    }

    @Test
    void aWindowWrittenAgainReplacesItsRow() throws Exception {
        storeSixMinutes();
        MetricRollup late = rollup("local", minute(2), "openai-chat", "gpt-4o", "openai", "codex-cli", 999);

        writeRollups(List.of(late));

        List<MetricRollup> read = storage.queryRollups(q(new TimeRange(minute(2), minute(3)), List.of("local"),
                List.of("openai-chat"), List.of("gpt-4o"), List.of()));
        assertThat(read).containsExactly(late);
        assertThat(storage.queryRollups(RollupQuery.range(TimeRange.ALL, 1000))).hasSize(30);
    }

    @Test
    void aWindowWithoutSomeDimensionsIsReplacedToo() throws Exception {
        writeRollups(List.of(rollup("local", minute(7), "openai-chat", null, null, null, 1),
                rollup("local", minute(7), "openai-chat", "gpt-4o", null, null, 2)));
        MetricRollup again = rollup("local", minute(7), "openai-chat", null, null, null, 3);

        writeRollups(List.of(again));

        List<MetricRollup> read = storage.queryRollups(RollupQuery.range(TimeRange.ALL, 10));
        assertThat(read).hasSize(2).contains(again);
        assertThat(read).filteredOn(r -> r.window().model() == null).containsExactly(again);
    }

    @Test
    void windowsDifferingInPipelineOrOneDimensionAreKeptApart() throws Exception {
        List<MetricRollup> apart = List.of(
                rollup("local", minute(0), "openai-chat", "gpt-4o", "openai", "codex-cli", 1),
                rollup("edge", minute(0), "openai-chat", "gpt-4o", "openai", "codex-cli", 2),
                rollup("local", minute(0), "openai-chat", "gpt-4o", "vllm", "codex-cli", 3),
                rollup("local", minute(0), "openai-chat", "gpt-4o", "openai", "opencode", 4),
                rollup("local", minute(1), "openai-chat", "gpt-4o", "openai", "codex-cli", 5));
        writeRollups(apart);

        assertThat(storage.queryRollups(RollupQuery.range(TimeRange.ALL, 10)))
                .containsExactlyElementsOf(apart.stream().sorted(ORDER).toList());
    }

    @Test
    void filtersAloneAndCombined() throws Exception {
        storeSixMinutes();
        assertThat(storage.queryRollups(q(null, List.of("edge"), null, null, null)))
                .containsExactlyElementsOf(expected(r -> r.pipeline().equals("edge"))).hasSize(15);
        assertThat(storage.queryRollups(q(null, null, List.of("anthropic"), null, null)))
                .containsExactlyElementsOf(expected(r -> r.window().wireApi().equals("anthropic"))).hasSize(12);
        assertThat(storage.queryRollups(q(null, null, null, List.of("gpt-4o-mini", "claude-sonnet-4-5"), null)))
                .containsExactlyElementsOf(expected(r -> List.of("gpt-4o-mini", "claude-sonnet-4-5")
                        .contains(r.window().model()))).hasSize(18);
        assertThat(storage.queryRollups(q(null, null, null, null, List.of("codex-cli"))))
                .containsExactlyElementsOf(expected(r -> r.window().agentKind().equals("codex-cli"))).hasSize(18);
        TimeRange range = new TimeRange(minute(1), minute(5));
        assertThat(storage.queryRollups(q(range, List.of("local"), List.of("openai-chat"), List.of("gpt-4o-mini"),
                List.of("codex-cli"))))
                .containsExactlyElementsOf(expected(r -> r.window().start() >= minute(1)
                        && r.window().start() < minute(5) && r.pipeline().equals("local")
                        && r.window().model().equals("gpt-4o-mini")))
                .hasSize(2);
        assertThat(storage.queryRollups(q(null, List.of("local"), List.of("anthropic"), List.of("gpt-4o"), null)))
                .as("disjoint").isEmpty();
        assertThat(storage.queryRollups(q(null, List.of("' OR '1'='1"), null, null, null))).isEmpty();
    }

    @Test
    void theRangeIsOnTheWindowStartAndHalfOpen() throws Exception {
        storeSixMinutes();
        assertThat(storage.queryRollups(q(new TimeRange(minute(2), minute(4)), null, null, null, null)))
                .containsExactlyElementsOf(expected(r -> r.window().start() == minute(2)
                        || r.window().start() == minute(3))).hasSize(10);
        assertThat(storage.queryRollups(q(new TimeRange(minute(2) + 1, minute(3)), null, null, null, null)))
                .as("a window that started before the range").isEmpty();
        assertThat(storage.queryRollups(q(new TimeRange(minute(2), minute(2) + 1), null, null, null, null)))
                .hasSize(6);
        assertThat(storage.queryRollups(q(new TimeRange(minute(5), Long.MAX_VALUE), null, null, null, null)))
                .hasSize(4);
    }

    @Test
    void theLimitKeepsTheOldest() throws Exception {
        storeSixMinutes();
        assertThat(storage.queryRollups(RollupQuery.range(TimeRange.ALL, 7)))
                .containsExactlyElementsOf(expected(r -> true).subList(0, 7));
        assertThat(storage.queryRollups(RollupQuery.range(TimeRange.ALL, 0))).isEmpty();
    }
}
