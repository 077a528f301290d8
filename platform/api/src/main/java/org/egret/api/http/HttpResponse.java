package org.egret.api.http;

import java.util.List;

/**
 * A response as seen on the wire.
 *
 * @param status        status code
 * @param reason        reason phrase
 * @param version       e.g. {@code HTTP/1.1}
 * @param headers       header lines in order
 * @param body          body after removing transfer and content encodings, at most the body cap (for an event
 *                      stream: the decoded stream text)
 * @param bodyLength    decoded body length actually seen
 * @param bodyTruncated true when {@code body} holds less than the full body
 * @param events        server-sent events in order (empty unless the response is an event stream)
 * @param startMicros   timestamp of the packet carrying the first response byte
 * @param endMicros     timestamp of the packet carrying the last response byte
 * @param complete      true when the body ended as its framing says; false when the connection closed or the
 *                      capture ended first
 * @param bodyTimeline  when each part of the decoded body arrived; empty for event streams (their events carry
 *                      their own times) and where nobody recorded it (stored exchanges)
 */
public record HttpResponse(int status, String reason, String version, List<HttpHeader> headers, byte[] body,
        long bodyLength, boolean bodyTruncated, List<SseEvent> events, long startMicros, long endMicros,
        boolean complete, BodyTimeline bodyTimeline) {

    public HttpResponse {
        bodyTimeline = bodyTimeline == null ? BodyTimeline.EMPTY : bodyTimeline;
    }

    /** A response without a body timeline. */
    public HttpResponse(int status, String reason, String version, List<HttpHeader> headers, byte[] body,
            long bodyLength, boolean bodyTruncated, List<SseEvent> events, long startMicros, long endMicros,
            boolean complete) {
        this(status, reason, version, headers, body, bodyLength, bodyTruncated, events, startMicros, endMicros,
                complete, BodyTimeline.EMPTY);
    }

    public String header(String name) {
        return HttpHeader.first(headers, name);
    }

    public boolean isEventStream() {
        String ct = header("content-type");
        return ct != null && ct.regionMatches(true, 0, "text/event-stream", 0, 17);
    }
}
