package org.egret.storage.clickhouse.internal;

import java.util.Collection;
import java.util.StringJoiner;

/**
 * Values as ClickHouse SQL literals. The 18.16 server has no query parameters, so every value a caller supplies is
 * written as a quoted string literal with ClickHouse's backslash escapes, never pasted into the SQL text as is.
 */
final class SqlLiteral {

    private SqlLiteral() {
    }

    /** {@code 'text'} with quote, backslash and control characters escaped; null is {@code NULL}. */
    static String of(String value) {
        if (value == null) {
            return "NULL";
        }
        StringBuilder b = new StringBuilder(value.length() + 2);
        b.append('\'');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\'' -> b.append("\\'");
                case '\\' -> b.append("\\\\");
                case '\0' -> b.append("\\0");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> b.append(c);
            }
        }
        return b.append('\'').toString();
    }

    /** A number or a string, as a literal. */
    static String of(Object value) {
        if (value == null) {
            return "NULL";
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            return value.toString();
        }
        if (value instanceof Boolean bool) {
            return bool ? "1" : "0";
        }
        return of(value.toString());
    }

    /** {@code (a, b, c)}. */
    static String list(Collection<?> values) {
        StringJoiner j = new StringJoiner(", ", "(", ")");
        for (Object v : values) {
            j.add(of(v));
        }
        return j.toString();
    }

    /** A table or database name: letters, digits and '_' only, so it never needs quoting. */
    static String identifier(String name, String what) throws IllegalArgumentException {
        if (name == null || name.isEmpty() || !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException(what + " must be letters, digits and '_' (not starting with a digit), got '"
                    + name + "'");
        }
        return name;
    }
}
