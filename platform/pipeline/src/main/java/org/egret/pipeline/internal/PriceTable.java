package org.egret.pipeline.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.egret.api.decode.ModelNames;

/**
 * Model prices, looked up by the served model's name. Immutable; a new table replaces the old one when the price
 * configuration changes. A model matches the most specific pattern (the most fixed characters) that covers its
 * whole name, compared in {@link ModelNames#canonical canonical form} (no case, no provider prefix or Bedrock and
 * Vertex AI decorations).
 */
final class PriceTable {

    /** The shipped defaults: list prices, one model family a line. */
    static final String DEFAULTS = "prices.tsv";
    private static final int MEMO_LIMIT = 4096;

    private record Entry(ModelPrice price, Pattern regex) {
    }

    private final List<Entry> entries;
    private final Map<String, Optional<ModelPrice>> memo = new ConcurrentHashMap<>();

    private PriceTable(List<ModelPrice> prices) {
        List<Entry> list = new ArrayList<>(prices.size());
        for (ModelPrice p : prices) {
            list.add(new Entry(p, p.regex()));
        }
        this.entries = List.copyOf(list);
    }

    /** The defaults, then the overrides: an override replaces the default of the same pattern or adds one. */
    static PriceTable of(List<ModelPrice> defaults, List<ModelPrice> overrides) {
        Map<String, ModelPrice> byPattern = new LinkedHashMap<>();
        defaults.forEach(p -> byPattern.put(p.pattern(), p));
        overrides.forEach(p -> byPattern.put(p.pattern(), p));
        return new PriceTable(new ArrayList<>(byPattern.values()));
    }

    int size() {
        return entries.size();
    }

    /** Every entry, in table order. */
    List<ModelPrice> prices() {
        return entries.stream().map(Entry::price).toList();
    }

    /** The price of this model, or null when no pattern covers it. */
    ModelPrice priceOf(String model) {
        if (model == null || model.isBlank()) {
            return null;
        }
        Optional<ModelPrice> known = memo.get(model);
        if (known == null) {
            known = Optional.ofNullable(lookUp(ModelNames.canonical(model)));
            if (memo.size() < MEMO_LIMIT) {
                memo.put(model, known);
            }
        }
        return known.orElse(null);
    }

    private ModelPrice lookUp(String name) {
        ModelPrice best = null;
        for (Entry e : entries) {
            if (e.regex.matcher(name).matches() && (best == null || e.price.specificity() > best.specificity())) {
                best = e.price;
            }
        }
        return best;
    }

    /**
     * Prices in the text form of the shipped table and of configured overrides: one a line (or an array entry),
     * {@code pattern input output cache_read cache_write [reasoning]} in USD per million tokens, separated by
     * white space; {@code #} starts a comment.
     *
     * @param where names the source in error messages
     * @throws IllegalArgumentException naming the line that is wrong and why
     */
    static List<ModelPrice> parse(List<String> lines, String where) {
        List<ModelPrice> prices = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int hash = line.indexOf('#');
            String text = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (text.isEmpty()) {
                continue;
            }
            String[] f = text.split("\\s+");
            if (f.length != 5 && f.length != 6) {
                throw new IllegalArgumentException(where + " line " + (i + 1) + ": expected 'pattern input output "
                        + "cache_read cache_write [reasoning]' (USD per million tokens), got '" + text + "'");
            }
            try {
                double output = Double.parseDouble(f[2]);
                prices.add(new ModelPrice(f[0], Double.parseDouble(f[1]), output, Double.parseDouble(f[3]),
                        Double.parseDouble(f[4]), f.length == 6 ? Double.parseDouble(f[5]) : output));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + " line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return prices;
    }

    /** The shipped default prices. */
    static List<ModelPrice> defaults() {
        try (InputStream in = PriceTable.class.getResourceAsStream(DEFAULTS)) {
            if (in == null) {
                throw new IllegalStateException("the default price table " + DEFAULTS + " is missing");
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList(),
                    DEFAULTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
