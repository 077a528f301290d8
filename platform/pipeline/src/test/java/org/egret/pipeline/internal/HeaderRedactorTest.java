package org.egret.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.egret.api.http.HttpHeader;
import org.junit.jupiter.api.Test;

class HeaderRedactorTest {
    private final HeaderRedactor redactor = new HeaderRedactor(
            new String[] {"Authorization", "x-api-key", "cookie"}, new String[] {"key"});

    @Test
    void secretsAreReplacedByAFingerprintAndTheSchemeIsKept() {
        List<HttpHeader> out = redactor.redact(List.of(new HttpHeader("authorization", "Bearer sk-proj-SECRET123"),
                new HttpHeader("X-API-Key", "sk-ant-api03-SECRET"), new HttpHeader("Cookie", "session=abc"),
                new HttpHeader("content-type", "application/json")));
        assertThat(out.get(0).value()).startsWith("Bearer [redacted sha256:").doesNotContain("SECRET");
        assertThat(out.get(1).value()).startsWith("[redacted sha256:").doesNotContain("SECRET");
        assertThat(out.get(2).value()).doesNotContain("abc");
        assertThat(out.get(3).value()).isEqualTo("application/json");
        assertThat(out.get(1).name()).isEqualTo("X-API-Key");
    }

    @Test
    void theSameKeyGivesTheSameFingerprintAndAnotherKeyAnother() {
        String a = HeaderRedactor.redactValue("Bearer sk-one");
        assertThat(HeaderRedactor.redactValue("Bearer sk-one")).isEqualTo(a);
        assertThat(HeaderRedactor.redactValue("Bearer sk-two")).isNotEqualTo(a);
    }

    @Test
    void queryParametersAreRedactedInTargets() {
        String t = redactor.redactTarget("/v1beta/models/gemini:generateContent?alt=sse&key=AIzaSECRET");
        assertThat(t).startsWith("/v1beta/models/gemini:generateContent?alt=sse&key=[redacted sha256:")
                .doesNotContain("AIzaSECRET");
        assertThat(redactor.redactTarget("/v1/chat/completions")).isEqualTo("/v1/chat/completions");
    }

    @Test
    void headersWithoutSecretsAreReturnedAsIs() {
        List<HttpHeader> in = List.of(new HttpHeader("accept", "*/*"));
        assertThat(redactor.redact(in)).isSameAs(in);
    }
}
