package org.egret.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.egret.api.decode.LlmCall;
import org.egret.api.transcript.TranscriptBody;
import org.junit.jupiter.api.Test;

/** The transcript readers find where the body cap cut a body by its marker: the two must agree. */
class BodyCapTranscriptTest {

    @Test
    void transcriptBodyReadsOnlyTheHeadOfACappedBody() {
        String body = "{\"messages\":[" + "{\"role\":\"user\",\"content\":\"é…\"},".repeat(400) + "{}]}";
        BodyCap cap = new BodyCap(4096);
        String stored = cap.text(body.getBytes(StandardCharsets.UTF_8));
        TranscriptBody read = TranscriptBody.request(new LlmCall().setRequestBody(stored));

        assertThat(read.capped()).isTrue();
        assertThat(body).startsWith(read.text());
        assertThat(read.text().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(3072);
        assertThat(read.unreadable("eof", true)).isEqualTo("request body cut at the capture limit after "
                + read.text().getBytes(StandardCharsets.UTF_8).length + " bytes ("
                + cap.dropped(body.getBytes(StandardCharsets.UTF_8).length) + " bytes elided)");
        assertThat(TranscriptBody.request(new LlmCall().setRequestBody(cap.text(body.substring(0, 900)))).capped())
                .isFalse();
    }
}
