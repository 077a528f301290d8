package org.egret.console.internal.rest;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A parsed query string. Parsed here rather than by the container so that a malformed query is a 1001 envelope and
 * repeated or empty parameters have one meaning everywhere. Unknown parameters are ignored, as in Heron.
 */
public final class QueryParams {

    private final Map<String, List<String>> values;

    private QueryParams(Map<String, List<String>> values) {
        this.values = values;
    }

    public static QueryParams parse(String rawQuery) throws ApiException {
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String part : rawQuery.split("&")) {
                if (part.isEmpty()) {
                    continue;
                }
                int eq = part.indexOf('=');
                String name = decode(eq < 0 ? part : part.substring(0, eq));
                String value = eq < 0 ? "" : decode(part.substring(eq + 1));
                values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            }
        }
        return new QueryParams(values);
    }

    private static String decode(String s) throws ApiException {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidParameter("malformed query string: bad percent-encoding");
        }
    }

    /**
     * The value of a single-valued parameter, trimmed; null when absent or empty (an empty form field means "not
     * given"). Repeating it with different values is an error rather than a silent pick.
     */
    public String single(String name) throws ApiException {
        List<String> list = values.get(name);
        if (list == null) {
            return null;
        }
        String first = null;
        for (String raw : list) {
            String v = raw.trim();
            if (v.isEmpty()) {
                continue;
            }
            if (first == null) {
                first = v;
            } else if (!first.equals(v)) {
                throw ApiException.invalidParameter(name + ": given more than once with different values");
            }
        }
        return first;
    }

    /** A comma-separated multi-value filter: every occurrence split on commas, trimmed, empties dropped. */
    public List<String> csv(String name) {
        List<String> list = values.get(name);
        if (list == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String raw : list) {
            for (String item : raw.split(",")) {
                String v = item.trim();
                if (!v.isEmpty()) {
                    out.add(v);
                }
            }
        }
        return List.copyOf(out);
    }

    /** A CSV filter of integers in [min, max]; {@code what} completes "is not a …" in the error. */
    public List<Integer> csvInts(String name, int min, int max, String what) throws ApiException {
        List<Integer> out = new ArrayList<>();
        for (String v : csv(name)) {
            out.add(parseInt(name, v, min, max, what));
        }
        return List.copyOf(out);
    }

    /** A CSV filter whose values are compared case-insensitively: normalized to upper case. */
    public List<String> csvUpper(String name) {
        return csv(name).stream().map(v -> v.toUpperCase(Locale.ROOT)).toList();
    }

    /** A boolean flag: true/false/1/0 (any case); null when absent or {@code all}. */
    public Boolean flag(String name) throws ApiException {
        String v = single(name);
        if (v == null) {
            return null;
        }
        switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "1" -> {
                return Boolean.TRUE;
            }
            case "false", "0" -> {
                return Boolean.FALSE;
            }
            case "all" -> {
                return null;
            }
            default -> throw ApiException.invalidParameter(
                    name + ": must be true, false, 1, 0 or all (got '" + clip(v) + "')");
        }
    }

    static int parseInt(String name, String v, int min, int max, String what) throws ApiException {
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below with the parameter's name
        }
        throw ApiException.invalidParameter(name + ": '" + clip(v) + "' is not " + what);
    }

    /** Echoed input is clipped so an error message stays one short line. */
    static String clip(String v) {
        return v.length() <= 64 ? v : v.substring(0, 64) + "…";
    }
}
