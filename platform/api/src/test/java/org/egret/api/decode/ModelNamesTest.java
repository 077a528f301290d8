package org.egret.api.decode;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModelNamesTest {

    @ParameterizedTest
    @CsvSource({
            "gpt-4o-mini, gpt-4o-mini-2024-07-18",
            "claude-sonnet-4-5, claude-sonnet-4-5-20250929",
            "gemini-1.5-pro, gemini-1.5-pro-002",
            "gemini-2.5-flash, models/gemini-2.5-flash",
            "openai/gpt-4o, gpt-4o",
            "GPT-4o, gpt-4o",
            "claude-3-5-sonnet-latest, claude-3-5-sonnet-20241022",
            "gpt-4o-mini-2024-07-18, gpt-4o-mini",
            "qwen2.5:7b, qwen2.5:7b",
            "claude-opus-4@20250514, claude-opus-4",
            "us.anthropic.claude-sonnet-4-20250514-v1:0, claude-sonnet-4-20250514",
            "anthropic.claude-3-5-haiku-20241022-v1:0, claude-3-5-haiku-20241022",
            "arn:aws:bedrock:us-east-1:123456789012:inference-profile/eu.anthropic.claude-opus-4-1-20250805-v1:0, "
                    + "claude-opus-4-1-20250805",
    })
    void snapshotsAndPrefixesAreTheSameModel(String requested, String served) {
        assertThat(ModelNames.isSubstitution(requested, served)).isFalse();
    }

    @ParameterizedTest
    @CsvSource({
            "gpt-4o, gpt-4o-mini",
            "gpt-4o, gpt-4o-mini-2024-07-18",
            "claude-opus-4-1, claude-sonnet-4-5-20250929",
            "gpt-5.4, claude-sonnet-4-5",
            "gemini-2.5-pro, gemini-2.5-flash",
            "llama3, llama3-instruct",
    })
    void anotherModelIsASubstitution(String requested, String served) {
        assertThat(ModelNames.isSubstitution(requested, served)).isTrue();
    }

    @ParameterizedTest
    @CsvSource({
            "us.anthropic.claude-sonnet-4-20250514-v1:0, claude-sonnet-4-20250514",
            "claude-opus-4-1@20250805, claude-opus-4-1-20250805",
            "models/Gemini-2.5-Flash, gemini-2.5-flash",
            "openai/gpt-4o, gpt-4o",
            "qwen2.5:7b, qwen2.5:7b",
    })
    void canonicalNamesDropProviderFormsOnly(String model, String canonical) {
        assertThat(ModelNames.canonical(model)).isEqualTo(canonical);
    }

    @ParameterizedTest
    @CsvSource(value = {"NULL, gpt-4o", "gpt-4o, NULL", "'', gpt-4o", "NULL, NULL"}, nullValues = "NULL")
    void unknownIsNoSubstitution(String requested, String served) {
        assertThat(ModelNames.isSubstitution(requested, served)).isFalse();
    }
}
