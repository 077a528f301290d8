package org.egret.storage.clickhouse.internal;

import java.util.List;
import org.egret.api.storage.SortOrder;
import org.egret.api.storage.StorageException;

/** The ORDER BY and page of a list query, from a whitelist of sortable columns, as in the DuckDB backend. */
final class ListOrder {

    private ListOrder() {
    }

    /**
     * {@code ORDER BY <column> <dir> NULLS LAST, <tie> <dir> LIMIT n OFFSET m}. {@code columns} maps each sortable
     * field (same index) to the column that holds it here; a null field means the first.
     */
    static String sql(String what, String sortBy, List<String> sortable, List<String> columns, String tieBreak,
            SortOrder order, int offset, int limit) throws StorageException {
        int i = 0;
        if (sortBy != null) {
            i = sortable.indexOf(sortBy);
            if (i < 0) {
                throw new StorageException("cannot sort " + what + " by '" + sortBy + "': sortable fields are "
                        + String.join(", ", sortable));
            }
        }
        String dir = order == SortOrder.ASC ? "ASC" : "DESC";
        return " ORDER BY " + columns.get(i) + " " + dir + " NULLS LAST, " + tieBreak + " " + dir + " LIMIT " + limit
                + " OFFSET " + offset;
    }

    static void checkPage(int offset, int limit) throws StorageException {
        if (offset < 0 || limit < 0) {
            throw new StorageException("a page needs offset >= 0 and limit >= 0, got offset " + offset + ", limit "
                    + limit);
        }
    }
}
