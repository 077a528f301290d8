package org.egret.netstack.internal;

import java.util.ArrayDeque;
import java.util.Iterator;

import org.egret.api.http.Endpoint;
import org.egret.api.http.HttpExchange;
import org.egret.netstack.NetstackCounter;

/**
 * Pairs the requests and responses of one TCP connection. Requests queue in order (true HTTP/1.1 pipelining: any
 * number may precede the first response); each final response takes the oldest request still waiting. When bytes
 * were lost, TCP acknowledgement numbers keep the pairing honest: a response cannot answer a request whose head the
 * server had not yet acknowledged; and after a gap that may have swallowed responses, a response goes to the last
 * request the client sent after receiving part of the gap but before receiving this response (the requests before it
 * had their responses in the gap). Without such evidence the oldest waiting request is taken.
 */
final class HttpConnection implements HttpStreamParser.Events {
    static final int MAX_PENDING = 32;

    private static final class Exchange {
        final HttpMessage request;
        HttpMessage response;
        boolean requestDone;
        boolean responseDone;
        String problem;

        Exchange(HttpMessage request) {
            this.request = request;
        }
    }

    private final FlowContext ctx;
    private final Endpoint[] senders;
    private final HttpStreamParser[] parsers = new HttpStreamParser[2];
    private final ArrayDeque<Exchange> pending = new ArrayDeque<>();
    private Exchange requesting;
    private Exchange responding;
    private int clientDirection = -1;

    /**
     * @param senders          the endpoint that sends direction 0 and direction 1
     * @param clientDirection  the direction the client sends, or -1 when not known yet
     * @param atMessageStart   per direction: the stream starts at its first byte (SYN seen), not mid-connection
     */
    HttpConnection(FlowContext ctx, Endpoint[] senders, int clientDirection, boolean[] atMessageStart) {
        this.ctx = ctx;
        this.senders = senders;
        for (int d = 0; d < 2; d++) {
            parsers[d] = new HttpStreamParser(ctx, this, d, atMessageStart[d]);
        }
        if (clientDirection >= 0) {
            setClientDirection(clientDirection);
        }
    }

    HttpStreamParser parser(int direction) {
        return parsers[direction];
    }

    /** Learned from the handshake (SYN sender is the client) before any byte was parsed. */
    void setClientDirection(int direction) {
        if (clientDirection >= 0 || parsers[0].roleKnown() || parsers[1].roleKnown()) {
            return;
        }
        clientDirection = direction;
        parsers[direction].setRole(true);
        parsers[1 - direction].setRole(false);
    }

    @Override
    public void roleFound(HttpStreamParser parser, boolean client) {
        clientDirection = client ? parser.direction : 1 - parser.direction;
        parsers[clientDirection].setRole(true);
        parsers[1 - clientDirection].setRole(false);
    }

    @Override
    public void requestHead(HttpStreamParser parser, HttpMessage request) {
        Exchange ex = new Exchange(request);
        pending.addLast(ex);
        requesting = ex;
        if (pending.size() > MAX_PENDING) {
            Exchange oldest = pending.peekFirst();
            if (oldest != responding && oldest != requesting) {
                pending.removeFirst();
                oldest.problem = "no response while more than " + MAX_PENDING + " requests were pending";
                emit(oldest);
            }
        }
    }

    @Override
    public String responseHead(HttpStreamParser parser, HttpMessage response, boolean afterGap, int gapSeq) {
        Exchange ex = pair(response, afterGap, gapSeq);
        if (ex == null) {
            ctx.counters().increment(NetstackCounter.HTTP_EXCHANGES_UNPAIRED);
            responding = null;
            return null;
        }
        ex.response = response;
        responding = ex;
        return ex.request.method;
    }

    private Exchange pair(HttpMessage response, boolean afterGap, int gapSeq) {
        Exchange first = null;
        Exchange sentInGap = null;
        for (Exchange ex : pending) {
            if (ex.response != null || ex.responseDone) {
                continue;
            }
            if (first == null) {
                first = ex;
            }
            HttpMessage r = ex.request;
            // sent after the client had received part of the gap, and before it had received this response
            if (afterGap && r.startAckValid && r.startAck - gapSeq > 0 && r.startAck - response.startSeq <= 0) {
                sentInGap = ex;
            }
        }
        Exchange chosen = first;
        if (sentInGap != null && sentInGap != first) {
            chosen = sentInGap;
            for (Iterator<Exchange> it = pending.iterator(); it.hasNext(); ) {
                Exchange ex = it.next();
                if (ex == chosen) {
                    break;
                }
                if (ex.response == null && !ex.responseDone) {
                    // its response went by in the gap
                    ex.responseDone = true;
                    ex.problem = "the response was lost in a capture gap";
                    if (ex.requestDone) {
                        it.remove();
                        emit(ex);
                    }
                }
            }
        }
        if (chosen != null && response.startAckValid && response.startAck - chosen.request.headEndSeq < 0) {
            return null; // the server had not received that request's head when it sent this response
        }
        return chosen;
    }

    @Override
    public void messageDone(HttpStreamParser parser, HttpMessage message) {
        Exchange ex;
        if (message.request) {
            ex = requesting != null && requesting.request == message ? requesting : null;
            if (ex == null) {
                return;
            }
            requesting = null;
            ex.requestDone = true;
        } else {
            ex = responding != null && responding.response == message ? responding : null;
            if (ex == null) {
                return;
            }
            responding = null;
            ex.responseDone = true;
        }
        if (ex.requestDone && ex.responseDone) {
            pending.remove(ex);
            emit(ex);
        }
    }

    @Override
    public void upgraded() {
        parsers[0].kill();
        parsers[1].kill();
    }

    boolean wantsBytes() {
        return !parsers[0].isDead() || !parsers[1].isDead();
    }

    /** The connection is over: every exchange still pending is emitted as it is. Parsers must have ended first. */
    void close(StreamEnd why) {
        for (Exchange ex : pending) {
            if (ex.response == null && !ex.responseDone) {
                ex.problem = "no response before " + why.noResponseWhen;
            }
            emit(ex);
        }
        pending.clear();
        requesting = null;
        responding = null;
    }

    private void emit(Exchange ex) {
        int client = clientDirection >= 0 ? clientDirection : 0;
        String problem = join(join(ex.request.problems(), ex.response == null ? null : ex.response.problems()),
                ex.problem);
        if (problem == null && ex.response != null && !ex.response.complete) {
            problem = "response incomplete";
        }
        if (problem == null && !ex.request.complete) {
            problem = "request incomplete";
        }
        ctx.emit(new HttpExchange(ctx.sourceId(), senders[client], senders[1 - client], ex.request.toRequest(),
                ex.response == null ? null : ex.response.toResponse(), problem));
    }

    private static String join(String a, String b) {
        if (a == null) {
            return b;
        }
        return b == null ? a : a + "; " + b;
    }
}
