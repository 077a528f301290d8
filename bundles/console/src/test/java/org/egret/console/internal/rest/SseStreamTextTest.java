package org.egret.console.internal.rest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SseStreamTextTest {

    @Test
    void countsEventsThatCarryData() {
        assertThat(SseStreamText.count("data: {\"a\":1}\n\ndata: [DONE]\n\n")).isEqualTo(new SseStreamText(2, 13));
    }

    @Test
    void anthropicEventsWithTypesCrlfAndComments() {
        String s = ": ping\r\n\r\nevent: message_start\r\ndata: {}\r\n\r\nevent: ping\r\n\r\n"
                + "event: message_stop\r\ndata: {\"x\":\"é\"}\r\n\r\n";
        assertThat(SseStreamText.count(s)).isEqualTo(new SseStreamText(2, 2 + 10));
    }

    @Test
    void multiLineDataIsJoinedAndAnUnterminatedLastEventCounts() {
        assertThat(SseStreamText.count("data: a\ndata: b\n\ndata:c")).isEqualTo(new SseStreamText(2, 3 + 1));
        assertThat(SseStreamText.count("datax: no\n\n")).isEqualTo(new SseStreamText(0, 0));
        assertThat(SseStreamText.count("")).isEqualTo(new SseStreamText(0, 0));
    }
}
