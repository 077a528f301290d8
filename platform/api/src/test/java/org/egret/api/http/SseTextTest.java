package org.egret.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SseTextTest {

    @Test
    void namedAndDataOnlyEventsWithEveryLineEnding() {
        List<SseEvent> events = SseText.split("event: message_start\r\ndata: {\"a\":1}\r\n\r\n: ping\n"
                + "data: one\ndata: two\nid: 7\n\ndata:[DONE]", 42);
        assertThat(events).containsExactly(new SseEvent("message_start", "{\"a\":1}", null, 42),
                new SseEvent(null, "one\ntwo", "7", 42), new SseEvent(null, "[DONE]", null, 42));
    }

    @Test
    void anEventStreamIsKnownByItsFirstField() {
        assertThat(SseText.looksLikeEventStream("\n  data: {}")).isTrue();
        assertThat(SseText.looksLikeEventStream("event: ping\n")).isTrue();
        assertThat(SseText.looksLikeEventStream("{\"data\": 1}")).isFalse();
        assertThat(SseText.looksLikeEventStream(null)).isFalse();
        assertThat(SseText.split("", 1)).isEmpty();
    }
}
