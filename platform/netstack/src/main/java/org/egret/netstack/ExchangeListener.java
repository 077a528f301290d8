package org.egret.netstack;

import org.egret.api.http.HttpExchange;

/** Receives every exchange a {@link TcpFlowTable} rebuilds, on the thread that feeds the table. */
@FunctionalInterface
public interface ExchangeListener {
    void onExchange(HttpExchange exchange);
}
