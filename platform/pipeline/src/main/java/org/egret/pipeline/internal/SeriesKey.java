package org.egret.pipeline.internal;

import java.util.Set;
import org.egret.api.decode.LlmCall;
import org.egret.api.pipeline.MetricDimension;
import org.egret.api.pipeline.MetricWindowQuery;

/**
 * What call metrics are kept by: wire API, model, server and agent kind. A projection replaces the dimensions it
 * merges away by {@link #ANY}, so one map can hold a series and its roll-ups apart.
 */
record SeriesKey(String wireApi, String model, String serverKind, String agentKind) {

    static final String ANY = "*";
    static final String OTHER = "other";
    static final SeriesKey OVERFLOW = new SeriesKey(OTHER, OTHER, OTHER, OTHER);
    /** Every dimension kept. */
    static final int ALL = (1 << MetricDimension.values().length) - 1;

    static SeriesKey of(LlmCall c) {
        return new SeriesKey(label(c.getWireApi()), label(c.getModel()), label(c.getServerKind()),
                label(c.getAgentKind()));
    }

    static String label(String v) {
        return v == null || v.isBlank() ? "unknown" : v;
    }

    static int mask(Set<MetricDimension> dims) {
        int m = 0;
        for (MetricDimension d : dims) {
            m |= 1 << d.ordinal();
        }
        return m;
    }

    String get(MetricDimension d) {
        return switch (d) {
            case WIRE_API -> wireApi;
            case MODEL -> model;
            case SERVER_KIND -> serverKind;
            case AGENT_KIND -> agentKind;
        };
    }

    /** This key with the dimensions outside {@code mask} merged away. */
    SeriesKey project(int mask) {
        if (mask == ALL) {
            return this;
        }
        return new SeriesKey(keep(mask, MetricDimension.WIRE_API, wireApi), keep(mask, MetricDimension.MODEL, model),
                keep(mask, MetricDimension.SERVER_KIND, serverKind),
                keep(mask, MetricDimension.AGENT_KIND, agentKind));
    }

    /** The dimensions this key keeps (those not {@link #ANY}). */
    int mask() {
        int m = 0;
        for (MetricDimension d : MetricDimension.values()) {
            if (!ANY.equals(get(d))) {
                m |= 1 << d.ordinal();
            }
        }
        return m;
    }

    /** Passes the query's filters (a dimension merged away here passes). */
    boolean matches(MetricWindowQuery q) {
        for (MetricDimension d : MetricDimension.values()) {
            String v = get(d);
            if (!ANY.equals(v) && !q.filter(d).isEmpty() && !q.filter(d).contains(v)) {
                return false;
            }
        }
        return true;
    }

    /** The value of a dimension for the API: null when merged away. */
    String apiValue(MetricDimension d) {
        String v = get(d);
        return ANY.equals(v) ? null : v;
    }

    private static String keep(int mask, MetricDimension d, String v) {
        return (mask & 1 << d.ordinal()) != 0 ? v : ANY;
    }
}
