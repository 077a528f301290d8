package org.egret.storage.duckdb.internal;

import java.util.List;
import org.egret.api.storage.SortOrder;
import org.egret.api.storage.StorageException;

/** The ORDER BY of a list query, from a whitelist of sortable columns, and the check of its page. */
final class ListOrder {

    private ListOrder() {
    }

    /** {@code ORDER BY <field> <dir> NULLS LAST, <tieBreak> <dir>}, no page. */
    static String orderBy(String field, String tieBreak, SortOrder order) {
        String dir = direction(order);
        return " ORDER BY " + field + " " + dir + " NULLS LAST, " + tieBreak + " " + dir;
    }

    static String direction(SortOrder order) {
        return order == SortOrder.ASC ? "ASC" : "DESC";
    }

    /** The whitelisted sort field {@code sortBy} names; a null field means the first. */
    static String field(String what, String sortBy, List<String> sortable) throws StorageException {
        if (sortBy == null) {
            return sortable.get(0);
        }
        int i = sortable.indexOf(sortBy);
        if (i < 0) {
            throw new StorageException("cannot sort " + what + " by '" + sortBy + "': sortable fields are "
                    + String.join(", ", sortable));
        }
        return sortable.get(i);
    }

    static void checkPage(int offset, int limit) throws StorageException {
        if (offset < 0 || limit < 0) {
            throw new StorageException("a page needs offset >= 0 and limit >= 0, got offset " + offset + ", limit "
                    + limit);
        }
    }
}
