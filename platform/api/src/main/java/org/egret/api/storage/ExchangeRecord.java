package org.egret.api.storage;

import org.egret.api.http.HttpExchange;

/**
 * An HTTP exchange as stored: every exchange is kept, LLM call or not.
 *
 * @param id       unique id
 * @param exchange the exchange, headers already redacted and bodies already capped
 * @param callId   the id of the LLM call decoded from it, or null when it is not an LLM call
 */
public record ExchangeRecord(String id, HttpExchange exchange, String callId) {
}
