package org.egret.console.internal.rest;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import org.egret.api.storage.SortOrder;
import org.egret.api.storage.TimeRange;

/** The parameters every list route shares (Heron §3.1): time range, paging, sort. */
public final class ListParams {

    /** 2100-01-01T00:00:00Z in seconds: anything larger was almost certainly sent in milliseconds. */
    public static final long MAX_SECONDS = 4_102_444_800L;
    public static final int DEFAULT_PAGE_SIZE = 50;
    public static final int MAX_PAGE_SIZE = 200;

    /**
     * One page.
     *
     * @param page     1-based page number
     * @param pageSize rows per page (0 asks for the total only)
     */
    public record Paging(int page, int pageSize) {
        public int offset() {
            return (page - 1) * pageSize;
        }
    }

    private ListParams() {
    }

    /**
     * {@code start}/{@code end} in Unix seconds (fractions allowed) as a half-open range. Without either, everything
     * stored: a replayed capture is usually old, so a default "last hour" would hide it.
     */
    public static TimeRange timeRange(QueryParams q) throws ApiException {
        Long from = seconds(q, "start");
        Long to = seconds(q, "end");
        if (from == null && to == null) {
            return TimeRange.ALL;
        }
        if (from != null && to != null && from > to) {
            throw ApiException.invalidParameter("start: must not be after end");
        }
        return new TimeRange(from == null ? Long.MIN_VALUE : from, to == null ? Long.MAX_VALUE : to);
    }

    /** The parameter in epoch microseconds, or null when absent. */
    private static Long seconds(QueryParams q, String name) throws ApiException {
        String v = q.single(name);
        if (v == null) {
            return null;
        }
        BigDecimal s;
        try {
            s = new BigDecimal(v);
        } catch (NumberFormatException e) {
            throw ApiException.invalidParameter(
                    name + ": '" + QueryParams.clip(v) + "' is not a number of Unix seconds");
        }
        if (s.signum() < 0) {
            throw ApiException.invalidParameter(name + ": " + v + " is negative; pass Unix seconds");
        }
        if (s.compareTo(BigDecimal.valueOf(MAX_SECONDS)) > 0) {
            throw ApiException.invalidParameter(name + ": " + QueryParams.clip(v)
                    + " is after the year 2100 in Unix seconds; looks like milliseconds (pass seconds)");
        }
        return s.movePointRight(6).setScale(0, RoundingMode.FLOOR).longValueExact();
    }

    /**
     * {@code page} (1-based, default 1) and {@code page_size} (default 50, at most 200), or Heron's {@code limit}
     * as an alias of {@code page_size} (page 1 unless {@code page} is given).
     */
    public static Paging paging(QueryParams q) throws ApiException {
        String pageText = q.single("page");
        String sizeText = q.single("page_size");
        String limitText = q.single("limit");
        int page = pageText == null ? 1 : QueryParams.parseInt("page", pageText, 1, Integer.MAX_VALUE,
                "a page number (1, 2, …)");
        Integer size = sizeText == null ? null : Math.min(MAX_PAGE_SIZE,
                QueryParams.parseInt("page_size", sizeText, 0, Integer.MAX_VALUE, "a page size (0 or more)"));
        Integer limit = limitText == null ? null : Math.min(MAX_PAGE_SIZE,
                QueryParams.parseInt("limit", limitText, 0, Integer.MAX_VALUE, "a row count (0 or more)"));
        if (size != null && limit != null && !size.equals(limit)) {
            throw ApiException.invalidParameter("limit: conflicts with page_size; pass one of them");
        }
        int pageSize = size != null ? size : limit != null ? limit : DEFAULT_PAGE_SIZE;
        if ((long) (page - 1) * pageSize > Integer.MAX_VALUE) {
            throw ApiException.invalidParameter("page: " + page + " is beyond any stored row");
        }
        return new Paging(page, pageSize);
    }

    /** {@code sort_by}, one of {@code allowed}; an unknown field is a 400, not (as in Heron) a 500. */
    public static String sortBy(QueryParams q, List<String> allowed, String fallback) throws ApiException {
        String v = q.single("sort_by");
        if (v == null) {
            return fallback;
        }
        if (!allowed.contains(v)) {
            throw ApiException.invalidParameter("sort_by: '" + QueryParams.clip(v) + "' is not one of "
                    + String.join(", ", allowed));
        }
        return v;
    }

    /** {@code sort_order}: asc or desc (any case), default desc. */
    public static SortOrder sortOrder(QueryParams q) throws ApiException {
        String v = q.single("sort_order");
        if (v == null) {
            return SortOrder.DESC;
        }
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "asc" -> SortOrder.ASC;
            case "desc" -> SortOrder.DESC;
            default -> throw ApiException.invalidParameter(
                    "sort_order: '" + QueryParams.clip(v) + "' is not asc or desc");
        };
    }
}
