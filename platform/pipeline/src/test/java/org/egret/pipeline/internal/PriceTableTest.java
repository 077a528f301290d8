package org.egret.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.egret.api.decode.LlmCall;
import org.junit.jupiter.api.Test;

class PriceTableTest {

    private final PriceTable shipped = PriceTable.of(PriceTable.defaults(), List.of());

    private String patternOf(String model) {
        ModelPrice p = shipped.priceOf(model);
        return p == null ? null : p.pattern();
    }

    @Test
    void servedModelNamesFindTheirMostSpecificPrice() {
        assertThat(shipped.size()).isGreaterThan(20);
        assertThat(patternOf("gpt-4o-mini-2024-07-18")).isEqualTo("gpt-4o-mini*");
        assertThat(patternOf("gpt-4o-2024-08-06")).isEqualTo("gpt-4o*");
        assertThat(patternOf("gpt-5-mini-2025-08-07")).isEqualTo("gpt-5-mini*");
        assertThat(patternOf("o4-mini-2025-04-16")).isEqualTo("o4-mini*");
        assertThat(patternOf("claude-sonnet-4-5-20250929")).isEqualTo("claude-sonnet-4*");
        assertThat(patternOf("claude-opus-4-5-20251101")).isEqualTo("claude-opus-4-5*");
        assertThat(patternOf("us.anthropic.claude-sonnet-4-20250514-v1:0")).as("Bedrock").isEqualTo("claude-sonnet-4*");
        assertThat(patternOf("claude-opus-4-1@20250805")).as("Vertex").isEqualTo("claude-opus-4*");
        assertThat(patternOf("models/gemini-2.5-flash")).isEqualTo("gemini-2.5-flash*");
        assertThat(patternOf("gemini-2.5-flash-lite")).isEqualTo("gemini-2.5-flash-lite*");
        assertThat(patternOf("openai/GPT-4.1-mini")).isEqualTo("gpt-4.1-mini*");
        assertThat(patternOf("Qwen/Qwen2.5-Coder-7B-Instruct")).as("self-hosted: no list price").isNull();
        assertThat(patternOf(null)).isNull();
    }

    @Test
    void configuredEntriesReplaceOrAddPrices() {
        PriceTable t = PriceTable.of(PriceTable.defaults(), PriceTable.parse(List.of(
                "gpt-4o-mini*  0.10 0.50 0.05 0   # negotiated", "qwen2.5-coder*  0.02 0.02 0 0"), "test"));
        assertThat(t.priceOf("gpt-4o-mini-2024-07-18").input()).isEqualTo(0.10);
        assertThat(t.priceOf("gpt-4o-mini-2024-07-18").reasoning()).as("defaults to output").isEqualTo(0.50);
        assertThat(t.priceOf("qwen2.5-coder:7b").pattern()).isEqualTo("qwen2.5-coder*");
        assertThat(t.size()).isEqualTo(shipped.size() + 1);
    }

    @Test
    void aWrongEntrySaysWhichAndWhy() {
        assertThatThrownBy(() -> PriceTable.parse(List.of("# ok", "gpt-4o 1 2 3"), "egret.pricing prices"))
                .hasMessageStartingWith("egret.pricing prices line 2: expected 'pattern input output");
        assertThatThrownBy(() -> PriceTable.parse(List.of("gpt-4o 1 2 x 0"), "p"))
                .hasMessageStartingWith("p line 1: For input string");
        assertThatThrownBy(() -> PriceTable.parse(List.of("gpt-4o 1 -2 0 0"), "p"))
                .hasMessageContaining("must be finite and not negative");
    }

    @Test
    void openAiAndGeminiInputHoldsTheCacheReadsAnthropicsDoesNot() {
        ModelPrice p = new ModelPrice("m*", 2.0, 8.0, 0.5, 4.0, 8.0);
        LlmCall openai = new LlmCall().setWireApi("openai-chat").setInputTokens(1000).setCacheReadInputTokens(400)
                .setOutputTokens(200).setReasoningTokens(50);
        // 600 uncached × 2 + 400 cached × 0.5 + 200 output × 8
        assertThat(CallCost.of(openai, p)).isCloseTo((600 * 2.0 + 400 * 0.5 + 200 * 8.0) / 1e6, within(1e-12));

        LlmCall anthropic = new LlmCall().setWireApi("anthropic").setInputTokens(100).setCacheReadInputTokens(2000)
                .setCacheCreationInputTokens(500).setOutputTokens(300);
        assertThat(CallCost.of(anthropic, p))
                .isCloseTo((100 * 2.0 + 2000 * 0.5 + 500 * 4.0 + 300 * 8.0) / 1e6, within(1e-12));

        LlmCall gemini = new LlmCall().setWireApi("gemini-aistudio").setInputTokens(1536).setCacheReadInputTokens(1024)
                .setOutputTokens(10);
        assertThat(CallCost.of(gemini, p)).isCloseTo((512 * 2.0 + 1024 * 0.5 + 10 * 8.0) / 1e6, within(1e-12));
    }

    @Test
    void reasoningIsPricedApartOnlyWhereTheTableSaysSo() {
        LlmCall call = new LlmCall().setWireApi("openai-responses").setInputTokens(10).setOutputTokens(200)
                .setReasoningTokens(50);
        assertThat(CallCost.of(call, new ModelPrice("m", 1, 8, 0, 0, 20)))
                .isCloseTo((10 * 1.0 + 150 * 8.0 + 50 * 20.0) / 1e6, within(1e-12));
        assertThat(CallCost.of(call, new ModelPrice("m", 1, 8, 0, 0, 8)))
                .isCloseTo((10 * 1.0 + 200 * 8.0) / 1e6, within(1e-12));
    }

    @Test
    void withoutUsageOrPriceThereIsNoCost() {
        ModelPrice p = new ModelPrice("m", 1, 1, 1, 1, 1);
        assertThat(CallCost.of(new LlmCall().setWireApi("openai-chat"), p)).isNull();
        assertThat(CallCost.of(new LlmCall().setInputTokens(5).setOutputTokens(5), null)).isNull();
        assertThat(CallCost.of(new LlmCall().setWireApi("openai-chat").setOutputTokens(3), p)).isEqualTo(3 / 1e6);
    }
}
