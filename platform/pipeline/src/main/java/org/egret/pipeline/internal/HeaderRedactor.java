package org.egret.pipeline.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.egret.api.http.HttpHeader;

/**
 * Replaces secrets before anything is stored. A secret becomes {@code [redacted sha256:xxxxxxxx]} (the auth scheme,
 * e.g. {@code Bearer}, is kept): the key itself is gone, yet an auditor can still tell which calls used the same key.
 */
final class HeaderRedactor {
    private final Set<String> headers;
    private final Set<String> queryParams;

    HeaderRedactor(String[] headerNames, String[] queryParamNames) {
        headers = lower(headerNames);
        queryParams = lower(queryParamNames);
    }

    private static Set<String> lower(String[] names) {
        return Stream.of(names).map(n -> n.trim().toLowerCase(Locale.ROOT)).filter(n -> !n.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    List<HttpHeader> redact(List<HttpHeader> in) {
        if (in == null || in.isEmpty()) {
            return in;
        }
        List<HttpHeader> out = null;
        for (int i = 0; i < in.size(); i++) {
            HttpHeader h = in.get(i);
            if (headers.contains(h.name().toLowerCase(Locale.ROOT))) {
                if (out == null) {
                    out = new ArrayList<>(in);
                }
                out.set(i, new HttpHeader(h.name(), redactValue(h.value())));
            }
        }
        return out == null ? in : List.copyOf(out);
    }

    /** Redacts configured query parameters of a request target. */
    String redactTarget(String target) {
        int q = target == null ? -1 : target.indexOf('?');
        if (q < 0 || queryParams.isEmpty()) {
            return target;
        }
        StringBuilder sb = new StringBuilder(target.length()).append(target, 0, q + 1);
        String[] pairs = target.substring(q + 1).split("&", -1);
        for (int i = 0; i < pairs.length; i++) {
            if (i > 0) {
                sb.append('&');
            }
            String pair = pairs[i];
            int eq = pair.indexOf('=');
            if (eq > 0 && queryParams.contains(pair.substring(0, eq).toLowerCase(Locale.ROOT))) {
                sb.append(pair, 0, eq + 1).append(fingerprint(pair.substring(eq + 1)));
            } else {
                sb.append(pair);
            }
        }
        return sb.toString();
    }

    static String redactValue(String value) {
        String v = value.trim();
        int space = v.indexOf(' ');
        // keep an auth scheme such as "Bearer" or "Basic": it is not secret and tells how the client authenticated
        if (space > 0 && space < 16 && v.substring(0, space).chars().allMatch(Character::isLetter)) {
            return v.substring(0, space) + " " + fingerprint(v.substring(space + 1).trim());
        }
        return fingerprint(v);
    }

    static String fingerprint(String secret) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return "[redacted sha256:" + HexFormat.of().formatHex(d, 0, 4) + "]";
        } catch (NoSuchAlgorithmException e) {
            return "[redacted]";
        }
    }
}
