package org.egret.api.storage;

import java.util.List;

/**
 * Which calls to group, and by what. Empty filter lists mean "no filter".
 *
 * @param range      request time range
 * @param wireApis   wire API names
 * @param models     served models
 * @param serverIps  server addresses
 * @param agentKinds agent kinds
 * @param groupBy    the keys, at least one, none twice; each {@link CallGroup#key()} holds their values in this order
 * @param limit      groups to return at most (the largest first)
 */
public record CallGroupQuery(TimeRange range, List<String> wireApis, List<String> models, List<String> serverIps,
        List<String> agentKinds, List<CallGroupKey> groupBy, int limit) {

    public CallGroupQuery {
        wireApis = wireApis == null ? List.of() : List.copyOf(wireApis);
        models = models == null ? List.of() : List.copyOf(models);
        serverIps = serverIps == null ? List.of() : List.copyOf(serverIps);
        agentKinds = agentKinds == null ? List.of() : List.copyOf(agentKinds);
        groupBy = List.copyOf(groupBy);
        if (groupBy.isEmpty() || groupBy.stream().distinct().count() != groupBy.size()) {
            throw new IllegalArgumentException("groupBy: at least one key, none twice");
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive");
        }
    }

    /** Every call in the range, grouped by the keys. */
    public static CallGroupQuery by(TimeRange range, int limit, CallGroupKey... keys) {
        return new CallGroupQuery(range, List.of(), List.of(), List.of(), List.of(), List.of(keys), limit);
    }
}
