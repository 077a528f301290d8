package org.egret.console.internal.rest;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which configuration values are secrets, so the API never serves them: a property whose name says password, token,
 * key, secret, credential, cookie or authorization, any private (dot-prefixed) property, and the password part of a
 * URL's user info.
 */
final class SecretRedaction {

    static final String REDACTED = "[redacted]";

    private static final Pattern SECRET_NAME = Pattern.compile(
            "(?i).*(passw|pwd|token|key|secret|credential|cookie|authori[sz]ation|auth_header|bearer).*");
    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)\\b([a-z][a-z0-9+.\\-]*://[^/@:\\s]*):[^/@\\s]*@");
    /** {@code password=…} inside a JDBC-style URL or connection string. */
    private static final Pattern INLINE_PASSWORD = Pattern.compile(
            "(?i)((?:passw\\w*|pwd|token|secret|api_?key)=)[^&;\\s]*");

    private SecretRedaction() {
    }

    static boolean isSecretName(String name) {
        return name.startsWith(".") || SECRET_NAME.matcher(name).matches();
    }

    /** The value with any embedded credentials replaced. */
    static String redactValue(String value) {
        if (value == null) {
            return null;
        }
        String v = URL_PASSWORD.matcher(value).replaceAll("$1:" + Matcher.quoteReplacement(REDACTED) + "@");
        return INLINE_PASSWORD.matcher(v).replaceAll("$1" + Matcher.quoteReplacement(REDACTED));
    }
}
