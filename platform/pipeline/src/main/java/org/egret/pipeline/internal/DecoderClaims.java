package org.egret.pipeline.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.egret.api.http.HttpRequest;

/**
 * What a decoder service claims, from its {@code egret.wireapi.paths}, {@code .hosts} and {@code .content.types}
 * properties: a request is claimed when every kind the decoder declares has a matching pattern. Immutable.
 */
final class DecoderClaims {
    static final String PATHS = "egret.wireapi.paths";
    static final String HOSTS = "egret.wireapi.hosts";
    static final String CONTENT_TYPES = "egret.wireapi.content.types";

    static final DecoderClaims NONE = new DecoderClaims(List.of(), List.of(), List.of());

    private final List<ClaimPattern> paths;
    private final List<ClaimPattern> hosts;
    private final List<ClaimPattern> contentTypes;

    private DecoderClaims(List<ClaimPattern> paths, List<ClaimPattern> hosts, List<ClaimPattern> contentTypes) {
        this.paths = paths;
        this.hosts = hosts;
        this.contentTypes = contentTypes;
    }

    static DecoderClaims of(Map<String, ?> props) {
        return new DecoderClaims(patterns(props.get(PATHS), ClaimPattern::path),
                patterns(props.get(HOSTS), ClaimPattern::host),
                patterns(props.get(CONTENT_TYPES), ClaimPattern::mediaType));
    }

    /** Declares nothing: probed only when no claimed decoder is sure. */
    boolean isEmpty() {
        return paths.isEmpty() && hosts.isEmpty() && contentTypes.isEmpty();
    }

    boolean matches(HttpRequest request) {
        if (isEmpty() || request == null) {
            return false;
        }
        return (paths.isEmpty() || any(paths, pathOf(request.target())))
                && (hosts.isEmpty() || any(hosts, hostOf(request.header("host"))))
                && (contentTypes.isEmpty() || any(contentTypes, mediaTypeOf(request.header("content-type"))));
    }

    private static boolean any(List<ClaimPattern> patterns, String value) {
        if (value == null) {
            return false;
        }
        for (ClaimPattern p : patterns) {
            if (p.matches(value)) {
                return true;
            }
        }
        return false;
    }

    /** The path of an origin- or absolute-form target, without query or fragment, one trailing slash dropped. */
    static String pathOf(String target) {
        if (target == null) {
            return null;
        }
        int start = 0;
        int scheme = target.indexOf("://");
        if (scheme > 0 && target.indexOf('/') > scheme) {
            int slash = target.indexOf('/', scheme + 3);
            start = slash < 0 ? target.length() : slash;
        }
        int end = target.length();
        for (int i = start; i < end; i++) {
            char c = target.charAt(i);
            if (c == '?' || c == '#') {
                end = i;
            }
        }
        if (end - start > 1 && target.charAt(end - 1) == '/') {
            end--;
        }
        return start == end ? "/" : target.substring(start, end);
    }

    /** The Host header without its port, in lower case; IPv6 literals keep their brackets. */
    static String hostOf(String host) {
        if (host == null || host.isBlank()) {
            return null;
        }
        String h = host.strip();
        int colon = h.lastIndexOf(':');
        if (colon > 0 && h.indexOf(']') < colon && (h.charAt(0) == '[' || h.indexOf(':') == colon)) {
            h = h.substring(0, colon);
        }
        return h.toLowerCase(Locale.ROOT);
    }

    /** {@code application/json; charset=utf-8} → {@code application/json}. */
    static String mediaTypeOf(String contentType) {
        if (contentType == null) {
            return null;
        }
        int semi = contentType.indexOf(';');
        String t = (semi < 0 ? contentType : contentType.substring(0, semi)).strip();
        return t.isEmpty() ? null : t.toLowerCase(Locale.ROOT);
    }

    private static List<ClaimPattern> patterns(Object property, Function<String, ClaimPattern> compile) {
        List<ClaimPattern> out = new ArrayList<>();
        for (String s : strings(property)) {
            if (!s.isBlank()) {
                out.add(compile.apply(s.strip()));
            }
        }
        return List.copyOf(out);
    }

    /** A service property given as String, String[] or a collection of strings. */
    private static List<String> strings(Object property) {
        if (property instanceof String s) {
            return List.of(s);
        }
        if (property instanceof String[] a) {
            return List.of(a);
        }
        if (property instanceof Iterable<?> it) {
            List<String> out = new ArrayList<>();
            it.forEach(o -> out.add(String.valueOf(o)));
            return out;
        }
        return List.of();
    }

    @Override
    public String toString() {
        return "paths=" + paths + " hosts=" + hosts + " content.types=" + contentTypes;
    }
}
