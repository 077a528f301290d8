package org.egret.api.pipeline;

import java.util.List;
import java.util.Set;

/**
 * Which metric windows to read: a granularity, the windows whose start lies in {@code [from, to)}, filters (an empty
 * list matches everything; several values match any of them) and the dimensions to keep apart. The dimensions not in
 * {@code groupBy} are merged away: their rows are added up and their latency distributions merged, so percentiles
 * stay those of the merged calls.
 *
 * @param granularity the window width; null asks for the finest one that still holds the whole range
 * @param from        epoch µs, inclusive ({@link Long#MIN_VALUE} for no lower bound)
 * @param to          epoch µs, exclusive ({@link Long#MAX_VALUE} for no upper bound)
 * @param wireApis    wire APIs to include
 * @param models      models to include
 * @param serverKinds server kinds to include
 * @param agentKinds  agent kinds to include
 * @param groupBy     dimensions to keep apart; empty: one row per window
 */
public record MetricWindowQuery(MetricGranularity granularity, long from, long to, List<String> wireApis,
        List<String> models, List<String> serverKinds, List<String> agentKinds, Set<MetricDimension> groupBy) {

    public MetricWindowQuery {
        wireApis = List.copyOf(wireApis);
        models = List.copyOf(models);
        serverKinds = List.copyOf(serverKinds);
        agentKinds = List.copyOf(agentKinds);
        groupBy = Set.copyOf(groupBy);
    }

    /** Every window of a granularity, unfiltered, one row per window. */
    public static MetricWindowQuery all(MetricGranularity granularity) {
        return new MetricWindowQuery(granularity, Long.MIN_VALUE, Long.MAX_VALUE, List.of(), List.of(), List.of(),
                List.of(), Set.of());
    }

    /** The filter of a dimension. */
    public List<String> filter(MetricDimension d) {
        return switch (d) {
            case WIRE_API -> wireApis;
            case MODEL -> models;
            case SERVER_KIND -> serverKinds;
            case AGENT_KIND -> agentKinds;
        };
    }
}
