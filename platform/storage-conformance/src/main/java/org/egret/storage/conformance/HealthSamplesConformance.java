package org.egret.storage.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.egret.storage.conformance.ConformanceTraffic.T0;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.egret.api.storage.HealthQuery;
import org.egret.api.storage.HealthSample;
import org.egret.api.storage.Page;
import org.egret.api.storage.StorageException;
import org.egret.api.storage.TimeRange;
import org.junit.jupiter.api.Test;

/** Health samples: counters read back, newest first, and every {@link HealthQuery}. */
public abstract class HealthSamplesConformance extends StorageConformance {
    private static final long SECOND = 1_000_000;

    private List<HealthSample> samples;

    /** Ten samples of each of two pipelines, ten seconds apart, the two pipelines five seconds apart. */
    private void storeTwenty() throws Exception {
        samples = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            samples.add(ConformanceMetrics.health("local", T0 + i * 10 * SECOND, i < 9 ? "running" : "drained", i));
            samples.add(ConformanceMetrics.health("edge", T0 + i * 10 * SECOND + 5 * SECOND,
                    i == 4 ? "storage_down" : "running", 100 + i));
        }
        writeHealthSamples(samples);
    }

    private List<HealthSample> expected(Predicate<HealthSample> p) {
        return samples.stream().filter(p).sorted(Comparator.comparingLong(HealthSample::timeMicros).reversed())
                .toList();
    }

    @Test
    void everySampleReadsBackNewestFirst() throws Exception {
        assertThat(storage.storesMetrics()).isTrue();
        storeTwenty();

        Page<HealthSample> page = storage.queryHealthSamples(new HealthQuery(TimeRange.ALL, List.of(), 0, 100));

        assertThat(page.total()).isEqualTo(20);
        assertThat(page.items()).containsExactlyElementsOf(expected(s -> true));
        assertThat(page.items().get(1).counters()).containsEntry("packets", 9_000_000_009L)
                .containsEntry("dropped_frames", 0L).hasSize(4);
        assertThat(page.items().get(1).state()).isEqualTo("drained");
    }

    @Test
    void aSampleWithoutCountersReadsBack() throws Exception {
        HealthSample bare = new HealthSample(T0, "local", "starting", Map.of());
        writeHealthSamples(List.of(bare));

        assertThat(storage.queryHealthSamples(new HealthQuery(null, null, 0, 10)).items()).containsExactly(bare);
    }

    @Test
    void filtersByPipelineAndHalfOpenRange() throws Exception {
        storeTwenty();
        assertThat(storage.queryHealthSamples(new HealthQuery(null, List.of("edge"), 0, 100)).items())
                .containsExactlyElementsOf(expected(s -> s.pipeline().equals("edge"))).hasSize(10);
        long from = T0 + 20 * SECOND;
        long to = T0 + 50 * SECOND;
        assertThat(storage.queryHealthSamples(new HealthQuery(new TimeRange(from, to), List.of(), 0, 100)).items())
                .containsExactlyElementsOf(expected(s -> s.timeMicros() >= from && s.timeMicros() < to))
                .hasSize(6);
        Page<HealthSample> both = storage.queryHealthSamples(new HealthQuery(new TimeRange(from, to),
                List.of("local", "nowhere"), 0, 100));
        assertThat(both.total()).isEqualTo(3);
        assertThat(both.items()).containsExactlyElementsOf(expected(s -> s.timeMicros() >= from
                && s.timeMicros() < to && s.pipeline().equals("local")));
        assertThat(storage.queryHealthSamples(new HealthQuery(null, List.of("' OR '1'='1"), 0, 10)).total())
                .isZero();
    }

    @Test
    void pagesAddUpAndCarryTheTotal() throws Exception {
        storeTwenty();
        List<HealthSample> paged = new ArrayList<>();
        for (int offset = 0; offset < 20; offset += 6) {
            Page<HealthSample> page = storage.queryHealthSamples(new HealthQuery(TimeRange.ALL, List.of(), offset,
                    6));
            assertThat(page.total()).isEqualTo(20);
            paged.addAll(page.items());
        }
        assertThat(new HashSet<>(paged)).hasSize(20);
        assertThat(paged).containsExactlyElementsOf(expected(s -> true));
        Page<HealthSample> beyond = storage.queryHealthSamples(new HealthQuery(TimeRange.ALL, List.of(), 20, 6));
        assertThat(beyond.total()).isEqualTo(20);
        assertThat(beyond.items()).isEmpty();
        assertThat(storage.queryHealthSamples(new HealthQuery(TimeRange.ALL, List.of(), 0, 0)).total())
                .isEqualTo(20);
    }

    @Test
    void aNegativePageIsRefused() {
        assertThatThrownBy(() -> storage.queryHealthSamples(new HealthQuery(TimeRange.ALL, List.of(), -1, 10)))
                .isInstanceOf(StorageException.class);
    }
}
