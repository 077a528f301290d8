package org.egret.api.http;

import java.util.List;

/**
 * A request as seen on the wire.
 *
 * @param method        request method
 * @param target        request target (path and query)
 * @param version       e.g. {@code HTTP/1.1}
 * @param headers       header lines in order
 * @param body          the body after removing transfer and content encodings, at most the body cap
 * @param bodyLength    decoded body length actually seen (may exceed {@code body.length} when truncated)
 * @param bodyTruncated true when {@code body} holds less than the full body (cap reached, or capture cut off)
 * @param startMicros   timestamp of the packet carrying the first request byte
 * @param endMicros     timestamp of the packet carrying the last request byte
 */
public record HttpRequest(String method, String target, String version, List<HttpHeader> headers, byte[] body,
        long bodyLength, boolean bodyTruncated, long startMicros, long endMicros) {

    public String header(String name) {
        return HttpHeader.first(headers, name);
    }

    /** The target without its query string. */
    public String path() {
        int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q);
    }
}
