package org.egret.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BodyCapTest {

    @Test
    void shortBodiesAreKeptWhole() {
        BodyCap cap = new BodyCap(4096);
        byte[] body = "{\"model\":\"gpt-4o\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(cap.text(body)).isEqualTo("{\"model\":\"gpt-4o\"}");
        assertThat(cap.bytes(body)).isSameAs(body);
        assertThat(cap.dropped(body.length)).isZero();
    }

    @Test
    void longBodiesKeepHeadAndTailAndSayWhatWasDropped() {
        BodyCap cap = new BodyCap(4096);
        String body = "HEAD" + "x".repeat(10_000) + "TAIL";
        String stored = cap.text(body.getBytes(StandardCharsets.UTF_8));
        long dropped = cap.dropped(body.length());
        assertThat(dropped).isEqualTo(body.length() - 3072 - 1024);
        assertThat(stored).startsWith("HEAD").endsWith("TAIL").contains("[egret body cap: " + dropped + " bytes elided]");
        assertThat(cap.bytes(body.getBytes(StandardCharsets.UTF_8))).hasSize(stored.length());
    }

    @Test
    void aCutNeverSplitsAMultiByteCharacter() {
        BodyCap cap = new BodyCap(1024);
        String body = "é".repeat(2000); // 2 bytes each
        String stored = cap.text(body.getBytes(StandardCharsets.UTF_8));
        assertThat(stored).doesNotContain("\uFFFD");
        assertThat(stored.replaceAll("\\n\\.\\.\\.\\[egret body cap: \\d+ bytes elided\\]\\.\\.\\.\\n", ""))
                .matches("é+");
    }
}
