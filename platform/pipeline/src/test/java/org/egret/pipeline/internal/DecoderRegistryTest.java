package org.egret.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.egret.pipeline.internal.DecoderClaimsTest.post;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToIntFunction;
import org.egret.api.decode.LlmCall;
import org.egret.api.decode.WireApiDecoder;
import org.egret.api.http.HttpExchange;
import org.egret.api.http.HttpRequest;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Version;

class DecoderRegistryTest {
    private final DecoderRegistry registry = new DecoderRegistry();
    private final PipelineCounters counters = new PipelineCounters();
    private long nextServiceId = 1;

    /** A decoder that scores with a function and counts its probes. */
    static final class ScoringDecoder implements WireApiDecoder {
        final String name;
        final ToIntFunction<HttpRequest> score;
        final AtomicInteger probes = new AtomicInteger();

        ScoringDecoder(String name, ToIntFunction<HttpRequest> score) {
            this.name = name;
            this.score = score;
        }

        @Override
        public String wireApi() {
            return name;
        }

        @Override
        public int probe(HttpRequest request) {
            probes.incrementAndGet();
            return score.applyAsInt(request);
        }

        @Override
        public LlmCall decode(HttpExchange exchange) {
            return new LlmCall().setWireApi(name);
        }
    }

    /** The bundle version the next registered decoder comes from. */
    private Version version = Version.parseVersion("1.0.0");

    private ScoringDecoder register(String name, String[] paths, ToIntFunction<HttpRequest> score, Object... more) {
        ScoringDecoder d = new ScoringDecoder(name, score);
        Map<String, Object> props = new HashMap<>();
        props.put("egret.wireapi.name", name);
        props.put("service.id", nextServiceId++);
        if (paths != null) {
            props.put(DecoderClaims.PATHS, paths);
        }
        for (int i = 0; i < more.length; i += 2) {
            props.put((String) more[i], more[i + 1]);
        }
        registry.add(d, props, version);
        return d;
    }

    private String selected(String target) {
        BoundDecoder b = registry.select(post(target), counters);
        return b == null ? null : b.wireApi;
    }

    @Test
    void aSureClaimedDecoderWinsWithoutTheOthersBeingProbed() {
        ScoringDecoder chat = register("openai-chat", new String[] {"/chat/completions"},
                r -> r.target().endsWith("/chat/completions") ? 90 : 50);
        ScoringDecoder ollama = register("ollama-native", new String[] {"/api/chat", "/api/generate"},
                r -> r.target().endsWith("/api/chat") ? 95 : 0);
        ScoringDecoder shapeOnly = register("shape-only", null, r -> 60);

        assertThat(selected("/v1/chat/completions")).isEqualTo("openai-chat");
        assertThat(selected("/api/chat")).isEqualTo("ollama-native");
        assertThat(chat.probes).hasValue(1);
        assertThat(ollama.probes).hasValue(1);
        assertThat(shapeOnly.probes).as("unclaimed decoders wait for the fallback pass").hasValue(0);
        assertThat(counters.decoderFallbacks).hasValue(0);
    }

    @Test
    void whenNoClaimedDecoderIsSureEveryDecoderIsProbedOnce() {
        ScoringDecoder chat = register("openai-chat", new String[] {"/chat/completions"}, r -> 50);
        ScoringDecoder ollama = register("ollama-native", new String[] {"/api/chat"}, r -> 0);
        ScoringDecoder anthropic = register("anthropic", new String[] {"/v1/messages"}, r -> 0);

        // a proxy route nobody claims: the body shape decides, through the fallback pass
        assertThat(selected("/proxy/llm")).isEqualTo("openai-chat");
        assertThat(chat.probes).hasValue(1);
        assertThat(ollama.probes).hasValue(1);
        assertThat(anthropic.probes).hasValue(1);
        assertThat(counters.decoderFallbacks).hasValue(1);

        // claimed but unsure (30: chat route with Anthropic signals): the others get their say, each probed once
        ScoringDecoder unsure = register("unsure", new String[] {"/x"}, r -> 30);
        ScoringDecoder shape = register("shape", null, r -> 55);
        assertThat(selected("/x")).isEqualTo("shape");
        assertThat(unsure.probes).hasValue(1);
        assertThat(shape.probes).hasValue(1);
        assertThat(chat.probes).hasValue(2);
        assertThat(counters.decoderFallbacks).hasValue(2);
    }

    @Test
    void anUnsureClaimedDecoderStillWinsWhenNobodyElseScoresHigher() {
        register("openai-chat", new String[] {"/chat/completions"}, r -> 30);
        register("other", null, r -> 0);
        assertThat(selected("/v1/chat/completions")).isEqualTo("openai-chat");
        assertThat(selected("/healthz")).isEqualTo("openai-chat").as("probed in the fallback pass: 30 > 0");
    }

    @Test
    void nothingIsSelectedWhenEveryDecoderSaysNotMine() {
        register("openai-chat", new String[] {"/chat/completions"}, r -> 0);
        assertThat(selected("/v1/models")).isNull();
        assertThat(new DecoderRegistry().select(post("/v1/chat/completions"), counters)).isNull();
    }

    @Test
    void rankingThenServiceAgeBreakTiesAndAThrowingProbeIsSkipped() {
        register("old", new String[] {"/api/chat"}, r -> 90);
        register("new", new String[] {"/api/chat"}, r -> 90);
        assertThat(selected("/api/chat")).as("the older service of equal ranking").isEqualTo("old");
        register("ranked", new String[] {"/api/chat"}, r -> 90, "service.ranking", 10);
        assertThat(selected("/api/chat")).isEqualTo("ranked");
        register("broken", new String[] {"/api/chat"}, r -> {
            throw new IllegalStateException("bundle gone");
        }, "service.ranking", 20);
        assertThat(selected("/api/chat")).isEqualTo("ranked");
        assertThat(counters.decoderErrors).hasValue(1);
    }

    @Test
    void aNewerVersionOfAWireApiShadowsTheOlderUntilItGoes() {
        ScoringDecoder old = register("ollama-native", new String[] {"/api/chat"}, r -> 95);
        version = Version.parseVersion("1.1.0");
        ScoringDecoder newer = register("ollama-native", new String[] {"/api/chat"}, r -> 95);
        version = Version.parseVersion("0.9.0");
        register("ollama-native", new String[] {"/api/chat"}, r -> 95); // an older jar dropped later: waits

        assertThat(registry.size()).isEqualTo(1);
        assertThat(registry.select(post("/api/chat"), counters).decoder).isSameAs(newer);
        assertThat(registry.select(post("/api/chat"), counters).version).isEqualTo(Version.parseVersion("1.1.0"));

        registry.remove(newer);
        assertThat(registry.select(post("/api/chat"), counters).decoder).isSameAs(old);
        registry.remove(old);
        assertThat(registry.select(post("/api/chat"), counters).version).isEqualTo(Version.parseVersion("0.9.0"));
    }

    @Test
    void equalVersionsLetTheNewerServiceServe() {
        register("gemini-aistudio", new String[] {":generateContent"}, r -> 95);
        ScoringDecoder second = register("gemini-aistudio", new String[] {":generateContent"}, r -> 95);
        assertThat(registry.select(post("/v1beta/models/m:generateContent"), counters).decoder).isSameAs(second);
    }

    @Test
    void aRemovedDecoderIsRetiredAndItsTallyOutlivesIt() {
        ScoringDecoder first = register("ollama-native", new String[] {"/api/chat"}, r -> 95);
        BoundDecoder inFlight = registry.select(post("/api/chat"), counters);
        registry.remove(first);
        assertThat(inFlight.retired).isTrue();
        assertThat(registry.size()).isZero();
        assertThat(selected("/api/chat")).isNull();

        register("ollama-native", new String[] {"/api/chat"}, r -> 95);
        assertThat(selected("/api/chat")).isEqualTo("ollama-native");
        assertThat(registry.tallies()).containsEntry("decoder_probes.ollama-native", 2L)
                .containsEntry("decoder_selected.ollama-native", 2L);
    }

    @Test
    void workersSelectWhileDecodersComeAndGo() throws Exception {
        register("openai-chat", new String[] {"/chat/completions"}, r -> r.target().endsWith("/completions") ? 90 : 0);
        Thread churn = new Thread(() -> {
            for (int i = 0; i < 2_000; i++) {
                ScoringDecoder d = new ScoringDecoder("ollama-native", r -> 95);
                registry.add(d, Map.of("egret.wireapi.paths", "/api/chat", "service.id", 100L + i), Version.emptyVersion);
                registry.remove(d);
            }
        });
        churn.start();
        int chat = 0;
        do {
            assertThat(selected("/api/chat")).isIn(null, "ollama-native");
            chat += "openai-chat".equals(selected("/v1/chat/completions")) ? 1 : 0;
        } while (churn.isAlive());
        churn.join();
        assertThat(chat).isPositive();
        assertThat(registry.names()).containsExactly("openai-chat");
    }
}
