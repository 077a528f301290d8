package org.egret.console.internal.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.egret.console.internal.rest.ServiceApps.Evidence;
import org.junit.jupiter.api.Test;

class ServiceAppsTest {

    private static String app(Evidence... e) {
        return ServiceApps.classify(List.of(e));
    }

    @Test
    void thePipelinesServerKindComesFirstAndLiteLlmWinsOverWhatItForwards() {
        assertThat(app(new Evidence("/v1/chat/completions", "x", "vllm", 3))).isEqualTo("vllm");
        assertThat(app(new Evidence("/v1/chat/completions", "x", "openai", 9),
                new Evidence("/v1/chat/completions", "x", "litellm", 1))).isEqualTo("litellm");
        assertThat(app(new Evidence("/p", "x", "sglang", 2), new Evidence("/p", "x", "vllm", 5))).isEqualTo("vllm");
        // unknown says nothing: the route decides
        assertThat(app(new Evidence("/api/chat", "localhost:11434", "unknown", 4))).isEqualTo("ollama");
    }

    @Test
    void routesOnlyOneAppServes() {
        assertThat(ServiceApps.byPath("/api/generate")).isEqualTo("ollama");
        assertThat(ServiceApps.byPath("/completion?x=1")).isEqualTo("llamacpp");
        assertThat(ServiceApps.byPath("/tokenize")).isEqualTo("llamacpp");
        assertThat(ServiceApps.byPath("/generate")).isEqualTo("sglang");
        assertThat(ServiceApps.byPath("/get_server_info/")).isEqualTo("sglang");
        assertThat(ServiceApps.byPath("/v1/score")).isEqualTo("vllm");
        // the OpenAI-compatible routes every server offers tell nothing
        assertThat(ServiceApps.byPath("/v1/chat/completions")).isNull();
        assertThat(ServiceApps.byPath("/v1/completions")).isNull();
        assertThat(ServiceApps.byPath(null)).isNull();
    }

    @Test
    void providerHostsLast() {
        assertThat(ServiceApps.byHost("api.openai.com")).isEqualTo("openai");
        assertThat(ServiceApps.byHost("my.openai.azure.com:443")).isEqualTo("openai");
        assertThat(ServiceApps.byHost("API.Anthropic.com")).isEqualTo("anthropic");
        assertThat(ServiceApps.byHost("generativelanguage.googleapis.com")).isEqualTo("gemini");
        assertThat(ServiceApps.byHost("openai.com.evil.example")).isNull();
        assertThat(ServiceApps.byHost("[::1]:8000")).isNull();
        assertThat(app(new Evidence("/v1/messages", "api.anthropic.com", null, 1))).isEqualTo("anthropic");
        assertThat(app(new Evidence("/v1/chat/completions", "10.0.0.9:8000", null, 1))).isEqualTo("unknown");
        assertThat(app()).isEqualTo("unknown");
    }
}
