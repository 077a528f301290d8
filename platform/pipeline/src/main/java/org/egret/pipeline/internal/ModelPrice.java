package org.egret.pipeline.internal;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What one model costs, in US dollars per million tokens, for the models whose name matches {@link #pattern}: a
 * case-insensitive glob over the whole name without its provider prefix ({@code *} any run of characters), e.g.
 * {@code claude-sonnet-4*} or {@code gpt-4o-mini*}.
 *
 * @param input      uncached input tokens
 * @param output     output tokens (reasoning included, as every provider bills it)
 * @param cacheRead  input tokens read from the prompt cache
 * @param cacheWrite input tokens written to the prompt cache
 * @param reasoning  reasoning tokens, where they are priced apart from output (else equal to {@code output})
 */
record ModelPrice(String pattern, double input, double output, double cacheRead, double cacheWrite,
        double reasoning) {

    ModelPrice {
        if (pattern == null || pattern.isBlank()) {
            throw new IllegalArgumentException("a price needs a model pattern");
        }
        for (double d : new double[] {input, output, cacheRead, cacheWrite, reasoning}) {
            if (!(d >= 0) || Double.isInfinite(d)) {
                throw new IllegalArgumentException("prices must be finite and not negative, got " + d + " for "
                        + pattern);
            }
        }
        pattern = pattern.strip().toLowerCase(Locale.ROOT);
    }

    /** How specific the pattern is: the characters it fixes. Of two matching patterns the more specific wins. */
    int specificity() {
        return pattern.replace("*", "").length();
    }

    Pattern regex() {
        String[] parts = pattern.split("\\*", -1);
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                re.append(".*");
            }
            re.append(Pattern.quote(parts[i]));
        }
        return Pattern.compile(re.toString());
    }
}
