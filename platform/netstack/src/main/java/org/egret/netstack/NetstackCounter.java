package org.egret.netstack;

/** The counters of {@link NetstackCounters}; {@link #shortName()} is the name shown to users (Heron's where it has one). */
public enum NetstackCounter {
    PKTS_PARSED("pkts_parsed"),
    PKTS_DROPPED_NOT_IP("pkts_dropped_not_ip"),
    PKTS_DROPPED_NOT_TCP("pkts_dropped_not_tcp"),
    PKTS_DROPPED_MALFORMED("pkts_dropped_malformed"),
    PKTS_IP_FRAGMENTS("pkts_ip_fragments"),
    /** Captured fewer bytes than the IP header says the packet holds (snap length). */
    PKTS_TRUNCATED("pkts_truncated"),
    TCP_REXMITS_IGNORED("tcp_rexmits_ignored"),
    TCP_OOO_BUFFERED("tcp_ooo_buffered"),
    TCP_GAPS_SKIPPED("tcp_gaps_skipped"),
    FLOWS_CREATED("flows_created"),
    FLOWS_EXPIRED("flows_expired"),
    FLOWS_ACTIVE("flows_active", true),
    HTTP_REQS_PARSED("http_reqs_parsed"),
    HTTP_RESPS_PARSED("http_resps_parsed"),
    HTTP_RESYNCS("http_resyncs"),
    HTTP_EXCHANGES("http_exchanges"),
    HTTP_EXCHANGES_UNPAIRED("http_exchanges_unpaired"),
    HTTP_BODIES_TRUNCATED("http_bodies_truncated"),
    HTTP_DECODE_ERRORS("http_decode_errors"),
    SSE_EVENTS_PARSED("sse_events_parsed"),
    /** The exchange listener threw; the exchange is lost for downstream stages. */
    LISTENER_ERRORS("listener_errors"),
    /** A bug in the netstack itself was caught; the flow concerned was dropped. */
    INTERNAL_ERRORS("internal_errors");

    private final String shortName;
    private final boolean gauge;

    NetstackCounter(String shortName) {
        this(shortName, false);
    }

    NetstackCounter(String shortName, boolean gauge) {
        this.shortName = shortName;
        this.gauge = gauge;
    }

    public String shortName() {
        return shortName;
    }

    /** A gauge holds a current value (summing gauges of several workers gives the total); others only grow. */
    public boolean isGauge() {
        return gauge;
    }
}
