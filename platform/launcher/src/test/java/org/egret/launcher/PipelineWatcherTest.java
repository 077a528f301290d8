package org.egret.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PipelineWatcherTest {

    @Test
    void progressLineShowsBytesPacketsCallsRateAndEta() {
        var s = new PipelineWatcher.Snapshot("cli", "RUNNING", null, 250L << 20, 1000L << 20, 1_234_567, 4_000,
                3_900, 120);
        String line = PipelineWatcher.progressLine(s, 2.5);
        assertThat(line).startsWith("replay cli: 250 MB/1,000 MB  25%").contains("1,234,567 pkts")
                .contains("4,000 exchanges").contains("3,900 calls").contains("120 turns").contains("100 MB/s").contains("ETA 0:07");
    }

    @Test
    void noEtaWithoutAKnownSize() {
        var s = new PipelineWatcher.Snapshot("live", "RUNNING", null, 5L << 20, -1, 10, 0, 0, 0);
        assertThat(PipelineWatcher.progressLine(s, 1)).doesNotContain("ETA").doesNotContain("%");
    }
}
