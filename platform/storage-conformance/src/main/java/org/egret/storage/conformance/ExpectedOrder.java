package org.egret.storage.conformance;

import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import org.egret.api.storage.SortOrder;

/** The order the contract gives a list, computed in Java: by the field, nulls last either way, ties by id. */
final class ExpectedOrder {

    private ExpectedOrder() {
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static <T> List<T> sorted(List<T> rows, Function<T, Comparable<?>> key, Function<T, String> id,
            SortOrder order) {
        Comparator<T> byValue = (a, b) -> ((Comparable) key.apply(a)).compareTo(key.apply(b));
        Comparator<T> byId = Comparator.comparing(id);
        Comparator<T> valueThenId = byValue.thenComparing(byId);
        Comparator<T> direction = order == SortOrder.DESC ? valueThenId.reversed() : valueThenId;
        Comparator<T> nullsLast = (a, b) -> {
            boolean an = key.apply(a) == null;
            boolean bn = key.apply(b) == null;
            if (an && bn) {
                return order == SortOrder.DESC ? byId.compare(b, a) : byId.compare(a, b);
            }
            if (an || bn) {
                return an ? 1 : -1;
            }
            return direction.compare(a, b);
        };
        return rows.stream().sorted(nullsLast).toList();
    }
}
