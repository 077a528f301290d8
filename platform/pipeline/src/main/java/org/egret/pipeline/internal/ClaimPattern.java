package org.egret.pipeline.internal;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One pattern of a decoder's claims (see {@code org.egret.api.decode.WireApi} for the syntax): {@code *} is a run
 * of characters within one part, {@code **} any run. A pattern without wildcards is a plain string comparison, the
 * common case; the others become a regular expression once, when the decoder is bound.
 */
final class ClaimPattern {

    private final String literal;
    private final Pattern regex;
    private final boolean suffix;

    private ClaimPattern(String literal, Pattern regex, boolean suffix) {
        this.literal = literal;
        this.regex = regex;
        this.suffix = suffix;
    }

    /** A path pattern: matches at the end of the path, or from its start when it begins with {@code ^}. */
    static ClaimPattern path(String pattern) {
        boolean anchored = pattern.startsWith("^");
        String body = anchored ? pattern.substring(1) : pattern;
        return of(body, '/', !anchored);
    }

    /** A host pattern: the whole host, labels separated by dots, any case. */
    static ClaimPattern host(String pattern) {
        return of(pattern.toLowerCase(Locale.ROOT), '.', false);
    }

    /** A media type pattern: the whole type/subtype, any case. */
    static ClaimPattern mediaType(String pattern) {
        return of(pattern.toLowerCase(Locale.ROOT), '/', false);
    }

    private static ClaimPattern of(String body, char separator, boolean suffix) {
        if (body.indexOf('*') < 0) {
            return new ClaimPattern(body, null, suffix);
        }
        StringBuilder re = new StringBuilder(suffix ? ".*" : "");
        String notSeparator = "[^" + Pattern.quote(String.valueOf(separator)) + "]*";
        int literalFrom = 0;
        for (int i = 0; i < body.length(); i++) {
            if (body.charAt(i) != '*') {
                continue;
            }
            if (i > literalFrom) {
                re.append(Pattern.quote(body.substring(literalFrom, i)));
            }
            boolean any = i + 1 < body.length() && body.charAt(i + 1) == '*';
            re.append(any ? ".*" : notSeparator);
            i += any ? 1 : 0;
            literalFrom = i + 1;
        }
        if (literalFrom < body.length()) {
            re.append(Pattern.quote(body.substring(literalFrom)));
        }
        return new ClaimPattern(null, Pattern.compile(re.toString(), Pattern.DOTALL), suffix);
    }

    /** @param value normalized by the caller: path without query, host without port, media type in lower case */
    boolean matches(String value) {
        if (literal != null) {
            return suffix ? value.endsWith(literal) : value.equals(literal);
        }
        return regex.matcher(value).matches();
    }

    @Override
    public String toString() {
        return literal != null ? literal : regex.pattern();
    }
}
