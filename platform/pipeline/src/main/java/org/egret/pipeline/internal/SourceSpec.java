package org.egret.pipeline.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/** One configured source: {@code type:location[?key=value&key=value]}. */
record SourceSpec(String type, String location, Map<String, String> options) {

    static SourceSpec parse(String text) {
        String s = text == null ? "" : text.trim();
        int colon = s.indexOf(':');
        if (colon <= 0 || colon == s.length() - 1) {
            throw new IllegalArgumentException("source '" + s + "' is not of the form type:location "
                    + "(e.g. pcap-file:/data/capture.pcap)");
        }
        String type = s.substring(0, colon).trim();
        String rest = s.substring(colon + 1);
        Map<String, String> options = new LinkedHashMap<>();
        int q = rest.lastIndexOf('?');
        if (q >= 0) {
            for (String pair : rest.substring(q + 1).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                if (eq < 0) {
                    options.put(pair, "true");
                } else {
                    options.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
            rest = rest.substring(0, q);
        }
        return new SourceSpec(type, rest, Map.copyOf(options));
    }

    @Override
    public String toString() {
        return type + ":" + location;
    }
}
