package org.egret.netstack.internal;

import java.util.ArrayList;
import java.util.List;

import org.egret.api.http.BodyTimeline;
import org.egret.api.http.HttpHeader;
import org.egret.api.http.HttpRequest;
import org.egret.api.http.HttpResponse;

/** A request or response being rebuilt, with the TCP facts used to pair it when the capture has gaps. */
final class HttpMessage {
    final boolean request;
    String method;
    String target;
    String version;
    int status;
    String reason;
    final List<HttpHeader> headers = new ArrayList<>();
    MessageBody body;
    long startMicros;
    long endMicros;
    /** Sequence number of the first byte, and the acknowledgement the packet carrying it held. */
    int startSeq;
    int startAck;
    boolean startAckValid;
    /** Sequence number just past the header section. */
    int headEndSeq;
    boolean complete;
    String problem;

    HttpMessage(boolean request) {
        this.request = request;
    }

    String header(String name) {
        return HttpHeader.first(headers, name);
    }

    void addProblem(String text) {
        problem = problem == null ? text : problem + "; " + text;
    }

    /** Problems of the message and of its body, or null. */
    String problems() {
        String bodyProblem = body == null ? null : body.problem();
        if (bodyProblem == null) {
            return problem;
        }
        return problem == null ? bodyProblem : problem + "; " + bodyProblem;
    }

    HttpRequest toRequest() {
        return new HttpRequest(method, target, version, List.copyOf(headers), bodyBytes(), bodyLength(),
                bodyTruncated(), startMicros, endMicros);
    }

    HttpResponse toResponse() {
        return new HttpResponse(status, reason, version, List.copyOf(headers), bodyBytes(), bodyLength(),
                bodyTruncated(), body == null ? List.of() : body.events(), startMicros, endMicros, complete,
                body == null ? BodyTimeline.EMPTY : body.timeline());
    }

    private byte[] bodyBytes() {
        return body == null ? new byte[0] : body.bytes();
    }

    private long bodyLength() {
        return body == null ? 0 : body.decodedLength();
    }

    private boolean bodyTruncated() {
        return !complete || (body != null && body.truncated());
    }
}
