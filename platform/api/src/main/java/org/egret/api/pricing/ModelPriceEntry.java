package org.egret.api.pricing;

/**
 * What the models matching one pattern cost, in US dollars per million tokens.
 *
 * @param model            a case-insensitive glob over the model name without provider prefix ({@code *} any run of
 *                         characters), e.g. {@code gpt-4o-mini*}
 * @param inputPerMtok     uncached input tokens
 * @param outputPerMtok    output tokens (reasoning included)
 * @param cacheReadPerMtok input tokens read from the prompt cache
 * @param cacheWritePerMtok input tokens written to the prompt cache
 * @param reasoningPerMtok reasoning tokens, where priced apart from output (else equal to the output price)
 */
public record ModelPriceEntry(String model, double inputPerMtok, double outputPerMtok, double cacheReadPerMtok,
        double cacheWritePerMtok, double reasoningPerMtok) {
}
