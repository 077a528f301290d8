package org.egret.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.egret.api.storage.StorageBackend;
import org.junit.jupiter.api.Test;

class StorageCandidatesTest {

    private static Map<String, Object> props(String type, int ranking, long id) {
        return Map.of(StorageBackend.TYPE_PROPERTY, type, "service.ranking", ranking, "service.id", id);
    }

    @Test
    void theBestRankedBackendOfTheWantedTypeIsChosenAndTheNextWhenItGoes() {
        StorageCandidates c = new StorageCandidates(null);
        StorageBackend duck = new StorageSinkTest.RecordingBackend(0);
        StorageBackend duckRanked = new StorageSinkTest.RecordingBackend(0);
        StorageBackend click = new StorageSinkTest.RecordingBackend(0);
        c.add(click, props("clickhouse", 100, 1));
        c.add(duck, props("duckdb", 0, 2));
        c.want("duckdb"); // known once the configuration is read, after the services bound
        assertThat(c.chosen()).isSameAs(duck);
        assertThat(c.type()).isEqualTo("duckdb");
        c.add(duckRanked, props("duckdb", 5, 3));
        assertThat(c.chosen()).isSameAs(duckRanked);
        c.remove(duckRanked);
        assertThat(c.chosen()).isSameAs(duck);
        c.remove(duck);
        assertThat(c.chosen()).as("a backend of another type is never chosen").isNull();
        assertThat(c.type()).isEqualTo("duckdb");
    }

    @Test
    void equalRankingsGoToTheOlderService() {
        StorageCandidates c = new StorageCandidates("duckdb");
        StorageBackend newer = new StorageSinkTest.RecordingBackend(0);
        StorageBackend older = new StorageSinkTest.RecordingBackend(0);
        c.add(newer, props("duckdb", 0, 9));
        c.add(older, props("duckdb", 0, 4));
        assertThat(c.chosen()).isSameAs(older);
    }

    @Test
    void withoutAWantedTypeAnyBoundBackendWillDo() {
        StorageCandidates c = new StorageCandidates(null);
        StorageBackend click = new StorageSinkTest.RecordingBackend(0);
        c.add(click, props("clickhouse", 0, 1));
        assertThat(c.chosen()).isSameAs(click);
        assertThat(c.type()).isEqualTo("clickhouse");
    }

    @Test
    void storageBackendChoosesUnlessOnlyAnOldStyleTargetFilterIsConfigured() {
        String any = PipelineComponent.ANY_STORAGE;
        assertThat(PipelineComponent.storageType("duckdb", Map.of("storage.target", any))).isEqualTo("duckdb");
        assertThat(PipelineComponent.storageType("clickhouse",
                Map.of("storage.backend", "clickhouse", "storage.target", any))).isEqualTo("clickhouse");
        // configured before storage.backend existed: the filter alone chooses
        assertThat(PipelineComponent.storageType("duckdb",
                Map.of("storage.target", "(egret.storage.type=clickhouse)"))).isNull();
        // both configured: the filter narrows, storage.backend chooses
        assertThat(PipelineComponent.storageType("clickhouse", Map.of("storage.backend", "clickhouse",
                "storage.target", "(location=fleet)"))).isEqualTo("clickhouse");
        assertThat(PipelineComponent.storageType(" ", Map.of())).isEqualTo("duckdb");
    }
}
