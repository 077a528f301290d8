package org.egret.api.storage;

import java.util.List;

/**
 * Which stored one-minute windows to read. Empty lists mean "no filter".
 *
 * @param range      window start range
 * @param pipelines  pipeline names
 * @param wireApis   wire API names
 * @param models     served models
 * @param agentKinds agent kinds
 * @param limit      rows to return at most
 */
public record RollupQuery(TimeRange range, List<String> pipelines, List<String> wireApis, List<String> models,
        List<String> agentKinds, int limit) {

    /** Every window in a range, up to a limit. */
    public static RollupQuery range(TimeRange range, int limit) {
        return new RollupQuery(range, List.of(), List.of(), List.of(), List.of(), limit);
    }
}
