package org.egret.storage.duckdb.internal;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.egret.api.storage.TimeRange;

/**
 * The filters of a list query as SQL with bind parameters. Column names come from this bundle's code only; every
 * value the user supplied is a bind parameter, never part of the SQL text.
 */
final class WhereClause {
    private final List<String> conditions = new ArrayList<>();
    private final List<Object> values = new ArrayList<>();

    /** {@code from <= column < to}; an unbounded side ({@code Long.MIN_VALUE}/{@code MAX_VALUE}) adds nothing. */
    WhereClause timeRange(String column, TimeRange range) {
        if (range == null) {
            return this;
        }
        if (range.fromMicros() != Long.MIN_VALUE) {
            conditions.add(column + " >= make_timestamp(?)");
            values.add(range.fromMicros());
        }
        if (range.toMicros() != Long.MAX_VALUE) {
            conditions.add(column + " < make_timestamp(?)");
            values.add(range.toMicros());
        }
        return this;
    }

    /** {@code column IN (…)}; a null or empty list adds nothing. */
    WhereClause in(String column, List<?> accepted) {
        List<Object> nonNull = nonNull(accepted);
        if (!nonNull.isEmpty()) {
            conditions.add(column + " IN (" + placeholders(nonNull.size()) + ")");
            values.addAll(nonNull);
        }
        return this;
    }

    /**
     * Status codes: 0 is how the data model says "no response", which is stored as NULL, so 0 in the list also
     * matches NULL.
     */
    WhereClause statusIn(String column, List<Integer> accepted) {
        List<Object> codes = new ArrayList<>();
        boolean none = false;
        for (Object v : nonNull(accepted)) {
            if (((Integer) v) == 0) {
                none = true;
            } else {
                codes.add(v);
            }
        }
        if (codes.isEmpty() && !none) {
            return this;
        }
        List<String> alternatives = new ArrayList<>(2);
        if (!codes.isEmpty()) {
            alternatives.add(column + " IN (" + placeholders(codes.size()) + ")");
            values.addAll(codes);
        }
        if (none) {
            alternatives.add(column + " IS NULL");
        }
        conditions.add("(" + String.join(" OR ", alternatives) + ")");
        return this;
    }

    /** Case-sensitive substring match; LIKE's wildcards in the needle match only themselves. */
    WhereClause contains(String column, String needle) {
        if (needle != null && !needle.isEmpty()) {
            conditions.add(column + " LIKE ? ESCAPE '\\'");
            values.add("%" + escapeLike(needle) + "%");
        }
        return this;
    }

    /** {@code column = value}; null adds nothing. */
    WhereClause is(String column, Boolean value) {
        if (value != null) {
            conditions.add(column + " = ?");
            values.add(value);
        }
        return this;
    }

    /** A {@code VARCHAR[]} column holding any of the values; a null or empty list adds nothing. */
    WhereClause anyOf(String listColumn, List<String> accepted) {
        List<Object> nonNull = nonNull(accepted);
        if (!nonNull.isEmpty()) {
            conditions.add("list_has_any(" + listColumn + ", [" + placeholders(nonNull.size()) + "]::VARCHAR[])");
            values.addAll(nonNull);
        }
        return this;
    }

    WhereClause notNull(String column) {
        conditions.add(column + " IS NOT NULL");
        return this;
    }

    /** {@code column IS DISTINCT FROM value}: NULL in the column passes. */
    WhereClause isNot(String column, Object value) {
        conditions.add(column + " IS DISTINCT FROM ?");
        values.add(value);
        return this;
    }

    /**
     * {@code column IN (select WHERE …)} with the conditions and values of {@code inner}, for filters on a group
     * (a session has a turn that …) without a join.
     */
    WhereClause inSelect(String column, String select, WhereClause inner) {
        conditions.add(column + " IN (" + select + inner.sql() + ")");
        values.addAll(inner.values);
        return this;
    }

    /** The clause with its leading {@code WHERE}, or an empty string when nothing filters. */
    String sql() {
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    /** Binds the values from parameter 1; returns the next free parameter index. */
    int bind(PreparedStatement ps) throws SQLException {
        return bind(ps, 1);
    }

    /** Binds the values from parameter {@code first}; returns the next free parameter index. */
    int bind(PreparedStatement ps, int first) throws SQLException {
        int i = first;
        for (Object v : values) {
            ps.setObject(i++, v);
        }
        return i;
    }

    static String escapeLike(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' || c == '%' || c == '_') {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }

    private static List<Object> nonNull(List<?> list) {
        List<Object> out = new ArrayList<>();
        if (list != null) {
            for (Object v : list) {
                if (v != null) {
                    out.add(v);
                }
            }
        }
        return out;
    }

    private static String placeholders(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }
}
