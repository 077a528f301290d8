package org.egret.console.internal.rest;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Heron's session routes page by an opaque {@code cursor} and answer with {@code next_cursor}: here the cursor names
 * the next page of the same {@code page_size}, so a script that follows {@code next_cursor} walks the whole list,
 * and {@code page} works as on every other list.
 */
final class PageCursor {

    private static final String PREFIX = "page:";

    private PageCursor() {
    }

    /** {@code page}/{@code page_size} as {@link ListParams#paging}, or the page a {@code cursor} names. */
    static ListParams.Paging paging(QueryParams q) throws ApiException {
        ListParams.Paging paging = ListParams.paging(q);
        String cursor = q.single("cursor");
        if (cursor == null) {
            return paging;
        }
        if (q.single("page") != null) {
            throw ApiException.invalidParameter("cursor: conflicts with page; pass one of them");
        }
        int page = decode(cursor);
        if ((long) (page - 1) * paging.pageSize() > Integer.MAX_VALUE) {
            throw ApiException.invalidParameter("cursor: names a page beyond any stored row");
        }
        return new ListParams.Paging(page, paging.pageSize());
    }

    /** The cursor of the page after {@code paging}, or null when it was the last. */
    static String next(ListParams.Paging paging, long total) {
        if (paging.pageSize() == 0 || (long) paging.offset() + paging.pageSize() >= total) {
            return null;
        }
        return HexFormat.of().formatHex((PREFIX + (paging.page() + 1)).getBytes(StandardCharsets.UTF_8));
    }

    private static int decode(String cursor) throws ApiException {
        String text;
        try {
            text = new String(HexFormat.of().parseHex(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw notOurs(cursor);
        }
        if (!text.startsWith(PREFIX)) {
            throw notOurs(cursor);
        }
        try {
            int page = Integer.parseInt(text.substring(PREFIX.length()));
            if (page >= 1) {
                return page;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw notOurs(cursor);
    }

    private static ApiException notOurs(String cursor) {
        return ApiException.invalidParameter("cursor: '" + QueryParams.clip(cursor)
                + "' is not a next_cursor this API returned");
    }
}
