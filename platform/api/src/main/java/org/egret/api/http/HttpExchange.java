package org.egret.api.http;

/**
 * A request and its response on one TCP connection.
 *
 * @param sourceId the packet source it came from
 * @param client   the side that sent the request
 * @param server   the side that answered
 * @param request  the request
 * @param response the response, or null when none was seen
 * @param problem  null when the exchange was seen whole; otherwise why it is partial, for the user (e.g.
 *                 {@code "no response before connection closed"}, {@code "gzip body is corrupt"})
 */
public record HttpExchange(String sourceId, Endpoint client, Endpoint server, HttpRequest request,
        HttpResponse response, String problem) {

    public boolean isComplete() {
        return problem == null && response != null && response.complete();
    }
}
