package org.egret.api.pipeline;

/** What the call metrics are kept by: each window holds one row per combination of these. */
public enum MetricDimension {
    WIRE_API("wire_api"),
    MODEL("model"),
    SERVER_KIND("server_kind"),
    AGENT_KIND("agent_kind");

    private final String apiName;

    MetricDimension(String apiName) {
        this.apiName = apiName;
    }

    /** The API's name: {@code wire_api}, {@code model}, {@code server_kind}, {@code agent_kind}. */
    public String apiName() {
        return apiName;
    }

    /** The dimension of an API name; null when unknown. */
    public static MetricDimension ofApiName(String name) {
        for (MetricDimension d : values()) {
            if (d.apiName.equals(name)) {
                return d;
            }
        }
        return null;
    }
}
