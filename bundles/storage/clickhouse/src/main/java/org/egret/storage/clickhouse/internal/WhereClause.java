package org.egret.storage.clickhouse.internal;

import java.util.ArrayList;
import java.util.List;
import org.egret.api.storage.TimeRange;

/**
 * The filters of a list query as ClickHouse SQL. Column names come from this bundle's code only; every value the
 * user supplied goes in through {@link SqlLiteral}, escaped.
 */
final class WhereClause {
    private final List<String> conditions = new ArrayList<>();

    /** {@code from <= column < to} on an Int64 µs column; an unbounded side adds nothing. */
    WhereClause timeRange(String column, TimeRange range) {
        if (range == null) {
            return this;
        }
        if (range.fromMicros() != Long.MIN_VALUE) {
            conditions.add(column + " >= " + range.fromMicros());
        }
        if (range.toMicros() != Long.MAX_VALUE) {
            conditions.add(column + " < " + range.toMicros());
        }
        return this;
    }

    WhereClause in(String column, List<?> accepted) {
        List<Object> values = nonNull(accepted);
        if (!values.isEmpty()) {
            conditions.add(column + " IN " + SqlLiteral.list(values));
        }
        return this;
    }

    /** Status codes: 0 means "no response", stored as NULL, so 0 in the list also matches NULL. */
    WhereClause statusIn(String column, List<Integer> accepted) {
        List<Object> codes = new ArrayList<>();
        boolean none = false;
        for (Object v : nonNull(accepted)) {
            if ((Integer) v == 0) {
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
            alternatives.add(column + " IN " + SqlLiteral.list(codes));
        }
        if (none) {
            alternatives.add("isNull(" + column + ")");
        }
        conditions.add("(" + String.join(" OR ", alternatives) + ")");
        return this;
    }

    /** Case-sensitive substring match, without LIKE's wildcards: {@code position} finds the needle as it is. */
    WhereClause contains(String column, String needle) {
        if (needle != null && !needle.isEmpty()) {
            conditions.add("position(ifNull(" + column + ", ''), " + SqlLiteral.of(needle) + ") > 0");
        }
        return this;
    }

    /** A UInt8 flag column equal to the value; null adds nothing. */
    WhereClause is(String column, Boolean value) {
        if (value != null) {
            conditions.add(column + " = " + (value ? 1 : 0));
        }
        return this;
    }

    /** An {@code Array(String)} column holding any of the values. */
    WhereClause anyOf(String arrayColumn, List<String> accepted) {
        List<Object> values = nonNull(accepted);
        if (!values.isEmpty()) {
            String list = SqlLiteral.list(values);
            conditions.add("hasAny(" + arrayColumn + ", [" + list.substring(1, list.length() - 1) + "])");
        }
        return this;
    }

    WhereClause notNull(String column) {
        conditions.add("isNotNull(" + column + ")");
        return this;
    }

    /** {@code column IS DISTINCT FROM value}: NULL in the column passes. */
    WhereClause isNot(String column, String value) {
        conditions.add("(isNull(" + column + ") OR " + column + " != " + SqlLiteral.of(value) + ")");
        return this;
    }

    /** {@code column IN (select WHERE …)}: a filter on a group (a session has a turn that …). */
    WhereClause inSelect(String column, String select, WhereClause inner) {
        conditions.add(column + " IN (" + select + inner.sql() + ")");
        return this;
    }

    String sql() {
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
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
}
