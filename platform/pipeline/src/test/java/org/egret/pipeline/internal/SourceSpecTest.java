package org.egret.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SourceSpecTest {

    @Test
    void parsesTypeLocationAndOptions() {
        SourceSpec s = SourceSpec.parse("pcap-file:/data/a b.pcap?rate_pps=1000&source_id=lab");
        assertThat(s.type()).isEqualTo("pcap-file");
        assertThat(s.location()).isEqualTo("/data/a b.pcap");
        assertThat(s.options()).containsEntry("rate_pps", "1000").containsEntry("source_id", "lab");
        assertThat(Pipeline.defaultSourceId(s)).isEqualTo("a b");
    }

    @Test
    void rejectsASourceWithoutType() {
        assertThatThrownBy(() -> SourceSpec.parse("/data/a.pcap")).hasMessageContaining("type:location");
        assertThatThrownBy(() -> SourceSpec.parse("pcap-file:")).hasMessageContaining("type:location");
    }
}
