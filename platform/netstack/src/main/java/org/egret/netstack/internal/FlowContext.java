package org.egret.netstack.internal;

import org.egret.api.http.HttpExchange;
import org.egret.netstack.ExchangeListener;
import org.egret.netstack.NetstackConfig;
import org.egret.netstack.NetstackCounter;
import org.egret.netstack.NetstackCounters;

/** What every flow of one table shares: limits, counters, the listener, and a scratch buffer (single thread). */
public final class FlowContext {
    private final String sourceId;
    private final NetstackConfig config;
    private final NetstackCounters counters;
    private final ExchangeListener listener;
    private final byte[] scratch = new byte[64 * 1024];

    public FlowContext(String sourceId, NetstackConfig config, NetstackCounters counters, ExchangeListener listener) {
        this.sourceId = sourceId;
        this.config = config;
        this.counters = counters;
        this.listener = listener;
    }

    String sourceId() {
        return sourceId;
    }

    NetstackConfig config() {
        return config;
    }

    NetstackCounters counters() {
        return counters;
    }

    byte[] scratch() {
        return scratch;
    }

    void emit(HttpExchange exchange) {
        counters.increment(NetstackCounter.HTTP_EXCHANGES);
        try {
            listener.onExchange(exchange);
        } catch (RuntimeException e) {
            counters.increment(NetstackCounter.LISTENER_ERRORS);
        }
    }
}
