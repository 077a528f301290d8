package org.egret.decoder.gemini.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GeminiRouteTest {

    @Test
    void modelAndStreamingComeFromTheUrl() {
        GeminiRoute r = GeminiRoute.of("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
        assertThat(r.kind()).isEqualTo(GeminiRoute.Kind.STREAM);
        assertThat(r.model()).isEqualTo("gemini-2.5-flash");
        assertThat(r.altSse()).isTrue();
        assertThat(r.vertex()).isFalse();

        r = GeminiRoute.of("/v1beta/models/gemini-2.5-pro:generateContent?key=AIzaFIXTUREKEY");
        assertThat(r.kind()).isEqualTo(GeminiRoute.Kind.GENERATE);
        assertThat(r.keyInQuery()).isTrue();
        assertThat(r.altSse()).isFalse();
    }

    @Test
    void vertexPublisherPaths() {
        GeminiRoute r = GeminiRoute.of(
                "/v1/projects/my-proj/locations/us-central1/publishers/google/models/gemini-2.5-pro:streamGenerateContent");
        assertThat(r.kind()).isEqualTo(GeminiRoute.Kind.STREAM);
        assertThat(r.vertex()).isTrue();
        assertThat(r.model()).isEqualTo("gemini-2.5-pro");
        assertThat(GeminiRoute.of("/v1beta1/publishers/google/models/gemini-2.5-flash:generateContent").model())
                .isEqualTo("gemini-2.5-flash");
    }

    @Test
    void percentEncodedModelsAreDecoded() {
        assertThat(GeminiRoute.of("/v1beta/models/gemini-2.5-flash%2Dpreview:generateContent").model())
                .isEqualTo("gemini-2.5-flash-preview");
        assertThat(GeminiRoute.of("/v1beta/models/bad%zz:generateContent").model()).isEqualTo("bad%zz");
    }

    @Test
    void whatIsNotAGenerateCall() {
        assertThat(GeminiRoute.of("/v1beta/models/gemini-2.5-flash:countTokens").kind())
                .isEqualTo(GeminiRoute.Kind.NOT_A_CALL);
        assertThat(GeminiRoute.of("/v1beta/cachedContents").kind()).isEqualTo(GeminiRoute.Kind.NOT_A_CALL);
        assertThat(GeminiRoute.of("/v1/chat/completions").kind()).isEqualTo(GeminiRoute.Kind.OTHER_WIRE_API);
        assertThat(GeminiRoute.of("/v1beta/models/:generateContent").kind()).isEqualTo(GeminiRoute.Kind.NONE);
        assertThat(GeminiRoute.of("/v1beta/tunedModels/x:generateContent").kind()).isEqualTo(GeminiRoute.Kind.NONE);
        assertThat(GeminiRoute.of(null).kind()).isEqualTo(GeminiRoute.Kind.NONE);
        assertThat(GeminiRoute.of("").isCall()).isFalse();
    }
}
