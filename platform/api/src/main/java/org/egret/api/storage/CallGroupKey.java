package org.egret.api.storage;

/** What calls can be grouped by in {@link StorageBackend#groupCalls}. */
public enum CallGroupKey {
    WIRE_API("wire_api"),
    MODEL("model"),
    SERVER_IP("server_ip"),
    SERVER_PORT("server_port"),
    CLIENT_IP("client_ip"),
    AGENT_KIND("agent_kind"),
    FINISH_REASON("finish_reason"),
    STATUS_CODE("status_code"),
    REQUEST_PATH("request_path"),
    HOST("host"),
    SERVER_KIND("server_kind");

    private final String apiName;

    CallGroupKey(String apiName) {
        this.apiName = apiName;
    }

    /** The API's (and the stored column's) name, e.g. {@code server_ip}. */
    public String apiName() {
        return apiName;
    }

    /** The key of an API name; null when unknown. */
    public static CallGroupKey ofApiName(String name) {
        for (CallGroupKey k : values()) {
            if (k.apiName.equals(name)) {
                return k;
            }
        }
        return null;
    }
}
