package org.egret.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.egret.api.http.SseEvent;
import org.junit.jupiter.api.Test;

class DatalessEventsTest {

    @Test
    void keepsCountNamesIdsAndTimesWithoutData() {
        List<SseEvent> events = DatalessEvents.of(List.of(
                new SseEvent(null, "{\"a\":1}", null, 10),
                new SseEvent("message_start", "{}", "7", 20),
                new SseEvent(null, "[DONE]", null, 30)));
        assertThat(events).containsExactly(
                new SseEvent(null, "", null, 10),
                new SseEvent("message_start", "", "7", 20),
                new SseEvent(null, "", null, 30));
        assertThat(events).hasSize(3);
    }

    @Test
    void unnamedEventsNeedNoNameArray() {
        List<SseEvent> events = DatalessEvents.of(List.of(new SseEvent(null, "x", null, 5)));
        assertThat(events.get(0)).isEqualTo(new SseEvent(null, "", null, 5));
        assertThat(DatalessEvents.of(List.of())).isEmpty();
        assertThat(DatalessEvents.of(null)).isEmpty();
    }

    @Test
    void isImmutable() {
        List<SseEvent> events = DatalessEvents.of(List.of(new SseEvent(null, "x", null, 5)));
        assertThatThrownBy(() -> events.add(new SseEvent(null, "", null, 1)))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
