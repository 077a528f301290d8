package org.egret.api.decode;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TurnFactsTest {

    @Test
    void toolIdsGetTheirUnderscoreBack() {
        assertThat(TurnFacts.canonicalToolId("calld9c1")).isEqualTo("call_d9c1");
        assertThat(TurnFacts.canonicalToolId("toolu01A")).isEqualTo("toolu_01A");
        assertThat(TurnFacts.canonicalToolId("fc12")).isEqualTo("fc_12");
        assertThat(TurnFacts.canonicalToolId("chatcmplX")).isEqualTo("chatcmpl_X");
        assertThat(TurnFacts.canonicalToolId("call_d9c1")).isEqualTo("call_d9c1");
        assertThat(TurnFacts.canonicalToolId("chatcmpl-9x")).isEqualTo("chatcmpl-9x");
        assertThat(TurnFacts.canonicalToolId("call")).isEqualTo("call");
        assertThat(TurnFacts.canonicalToolId("read_file-1767225601000")).isEqualTo("read_file-1767225601000");
    }

    @Test
    void anAnchorIsStableAndTellsConversationsApart() {
        assertThat(TurnFacts.anchor("q", "call_d9c1")).isEqualTo(TurnFacts.anchor("q", "call_d9c1"))
                .isNotEqualTo(TurnFacts.anchor("q", "call_d9c2")).startsWith("conv-");
        assertThat(TurnFacts.anchor("  ", "x")).isNull();
    }
}
