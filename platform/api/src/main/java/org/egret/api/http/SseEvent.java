package org.egret.api.http;

/**
 * One server-sent event.
 *
 * @param event           the {@code event:} field, or null when absent
 * @param data            the {@code data:} lines joined with {@code \n}
 * @param id              the {@code id:} field, or null
 * @param timestampMicros capture time of the packet that completed this event
 */
public record SseEvent(String event, String data, String id, long timestampMicros) {
}
