package org.egret.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TimeOrderedIdsTest {

    @Test
    void idsAreVersion7UniqueAndOrdered() {
        TimeOrderedIds ids = new TimeOrderedIds();
        Set<String> seen = new HashSet<>();
        String previous = null;
        for (int i = 0; i < 100_000; i++) {
            String id = ids.next();
            UUID u = UUID.fromString(id);
            assertThat(u.version()).isEqualTo(7);
            assertThat(u.variant()).isEqualTo(2);
            assertThat(seen.add(id)).isTrue();
            if (previous != null) {
                assertThat(id.compareTo(previous)).isPositive();
            }
            previous = id;
        }
    }
}
