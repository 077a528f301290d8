package org.egret.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.egret.api.decode.LlmCall;
import org.junit.jupiter.api.Test;

class CallTimingsTest {

    @Test
    void streamTimingsUseTheFirstContentDelta() {
        LlmCall c = new LlmCall().setStream(true).setRequestTime(1_000_000).setResponseTime(1_100_000)
                .setFirstTokenTime(1_250_000).setCompleteTime(2_250_000).setOutputTokens(101);
        CallTimings.derive(c, true);
        assertThat(c.getTtftMs()).isEqualTo(250.0);
        assertThat(c.getE2eLatencyMs()).isEqualTo(1250.0);
        assertThat(c.getTpotMs()).isEqualTo(10.0);
    }

    @Test
    void nonStreamTtftIsTheFirstResponseByte() {
        LlmCall c = new LlmCall().setRequestTime(1_000_000).setResponseTime(1_400_000).setCompleteTime(1_500_000)
                .setOutputTokens(50);
        CallTimings.derive(c, true);
        assertThat(c.getTtftMs()).isEqualTo(400.0);
        assertThat(c.getE2eLatencyMs()).isEqualTo(500.0);
        assertThat(c.getTpotMs()).isNull();
    }

    @Test
    void aCutOffResponseHasNoEndToEndLatency() {
        LlmCall c = new LlmCall().setStream(true).setRequestTime(1_000_000).setResponseTime(1_100_000)
                .setFirstTokenTime(1_200_000).setCompleteTime(1_300_000).setOutputTokens(10);
        CallTimings.derive(c, false);
        assertThat(c.getTtftMs()).isEqualTo(200.0);
        assertThat(c.getE2eLatencyMs()).isNull();
        assertThat(c.getTpotMs()).isNull();
    }
}
