package org.egret.storage.duckdb.internal;

import java.util.List;
import org.egret.api.storage.SortOrder;
import org.egret.api.storage.StorageException;

/** The ORDER BY and page of a list query, from a whitelist of sortable columns. */
final class ListOrder {

    private ListOrder() {
    }

    /**
     * {@code ORDER BY <field> <dir> NULLS LAST, id <dir> LIMIT ? OFFSET ?}. The field text comes from the whitelist,
     * never from the caller; a null field means the first (the request time).
     */
    static String sql(String what, String sortBy, List<String> sortable, SortOrder order) throws StorageException {
        String field = sortable.get(0);
        if (sortBy != null) {
            int i = sortable.indexOf(sortBy);
            if (i < 0) {
                throw new StorageException("cannot sort " + what + " by '" + sortBy + "': sortable fields are "
                        + String.join(", ", sortable));
            }
            field = sortable.get(i);
        }
        String dir = order == SortOrder.ASC ? "ASC" : "DESC";
        return " ORDER BY " + field + " " + dir + " NULLS LAST, id " + dir + " LIMIT ? OFFSET ?";
    }

    static void checkPage(int offset, int limit) throws StorageException {
        if (offset < 0 || limit < 0) {
            throw new StorageException("a page needs offset >= 0 and limit >= 0, got offset " + offset + ", limit "
                    + limit);
        }
    }
}
