package org.egret.console.internal.rest;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.egret.api.storage.CallGroup;
import org.egret.api.storage.SortOrder;

/**
 * The {@code sort_by} fields of the routes listing call groups, by their API names. A missing value (no call of the
 * group had a latency) sorts last in either direction, and ties keep the storage's order (largest group first).
 */
final class CallGroupOrder {

    private final Map<String, Function<CallGroup, Comparable<?>>> fields = new LinkedHashMap<>();

    CallGroupOrder field(String name, Function<CallGroup, Comparable<?>> value) {
        fields.put(name, value);
        return this;
    }

    /** The counts and latencies every group has, latencies named with {@code latencySuffix} (e.g. {@code _ms}). */
    static CallGroupOrder sums(String latencySuffix) {
        return new CallGroupOrder().field("call_count", CallGroup::callCount)
                .field("error_count", CallGroup::errorCount)
                .field("total_input_tokens", CallGroup::inputTokens)
                .field("total_output_tokens", CallGroup::outputTokens)
                .field("total_cost_usd", CallGroup::costUsd)
                .field("ttft_avg" + latencySuffix, CallGroup::ttftAvgMs)
                .field("ttft_p95" + latencySuffix, CallGroup::ttftP95Ms)
                .field("e2e_avg" + latencySuffix, CallGroup::e2eAvgMs)
                .field("e2e_p95" + latencySuffix, CallGroup::e2eP95Ms);
    }

    List<String> names() {
        return List.copyOf(fields.keySet());
    }

    /** The groups sorted by the {@code sort_by} and {@code sort_order} parameters (a 400 for an unknown one). */
    List<CallGroup> sort(List<CallGroup> groups, QueryParams q, String fallback) throws ApiException {
        String by = ListParams.sortBy(q, names(), fallback);
        SortOrder order = ListParams.sortOrder(q);
        return sort(groups, by, order);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    List<CallGroup> sort(List<CallGroup> groups, String by, SortOrder order) {
        Function<CallGroup, Comparable<?>> f = fields.get(by);
        Comparator<Comparable> natural = order == SortOrder.ASC ? Comparator.naturalOrder()
                : Comparator.reverseOrder();
        Comparator<CallGroup> c = Comparator.comparing(g -> (Comparable) f.apply(g), Comparator.nullsLast(natural));
        return groups.stream().sorted(c).toList();
    }
}
