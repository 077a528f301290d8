package org.egret.console.internal.rest;

/**
 * RFC 4180 cells. Captured text is untrusted: a cell a spreadsheet would run as a formula (starting with
 * {@code = + - @}, a tab or a carriage return) gets a leading apostrophe, the OWASP advice against CSV injection.
 */
final class CsvText {

    private CsvText() {
    }

    /** A text cell: neutralized, then quoted when it holds a comma, quote or line break. Null is an empty cell. */
    static String text(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        char first = value.charAt(0);
        String v = first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
                ? "'" + value : value;
        boolean quote = false;
        for (int i = 0; i < v.length() && !quote; i++) {
            char c = v.charAt(i);
            quote = c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        return quote ? '"' + v.replace("\"", "\"\"") + '"' : v;
    }
}
