package org.egret.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.egret.api.decode.LlmCall;
import org.egret.api.decode.TurnFacts;
import org.egret.api.http.HttpRequest;
import org.junit.jupiter.api.Test;

class SessionKeysTest {

    private static HttpRequest request(String... nameValues) {
        return AgentClassifierTest.request(nameValues);
    }

    private static LlmCall call(String hint, String anchor) {
        return new LlmCall().setTurnFacts(new TurnFacts(true, "q", null, null, anchor, null, 1, hint));
    }

    @Test
    void agentSessionHeadersComeFirst() {
        assertThat(SessionKeys.of(call("hint", "conv-1"),
                request("X-Claude-Code-Session-Id", "d5beaa29-b48e-4d1e-aea8-d4342bde647f")))
                .isEqualTo("d5beaa29-b48e-4d1e-aea8-d4342bde647f");
        // as Codex 0.118 sends it (shared/reference/codex-cli-responses-exchange.txt)
        assertThat(SessionKeys.of(call(null, "conv-1"), request("X-Codex-Turn-Metadata",
                "{\"session_id\":\"019d861f-b3ad-76c3-94f2-9c640f156276\",\"turn_id\":\"019d8620\","
                        + "\"workspaces\":{\"/x\":{\"has_changes\":true}},\"sandbox\":\"seatbelt\"}")))
                .isEqualTo("019d861f-b3ad-76c3-94f2-9c640f156276");
        assertThat(SessionKeys.of(call(null, null), request("session_id", "019d861f"))).isEqualTo("019d861f");
        assertThat(SessionKeys.of(call(null, null), request("x-session-affinity", "ses_abc"))).isEqualTo("ses_abc");
    }

    @Test
    void thenTheBodysHintThenTheConversationAnchor() {
        assertThat(SessionKeys.of(call("body-session", "conv-1"), request())).isEqualTo("body-session");
        assertThat(SessionKeys.of(call(null, "conv-1"), request())).isEqualTo("conv-1");
        assertThat(SessionKeys.of(call(null, null), request())).isNull();
    }

    @Test
    void headersThatAreNoIdsAreIgnored() {
        assertThat(SessionKeys.codexSession("not json")).isNull();
        assertThat(SessionKeys.codexSession("{\"turn_id\":\"t\"}")).isNull();
        assertThat(SessionKeys.of(call(null, "conv-1"), request("x-session-affinity", "  "))).isEqualTo("conv-1");
        assertThat(SessionKeys.of(call(null, "conv-1"), request("session_id", "x".repeat(500)))).isEqualTo("conv-1");
    }
}
