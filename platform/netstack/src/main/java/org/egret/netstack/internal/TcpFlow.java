package org.egret.netstack.internal;

import java.nio.ByteBuffer;

import org.egret.api.http.Endpoint;
import org.egret.netstack.DecodedPacket;

/**
 * One TCP connection: its two directions and the HTTP exchanges on it. Direction 0 is sent by endpoint A, the sender
 * of the first packet seen. The key fields and links are maintained by the flow table.
 */
public final class TcpFlow {
    private static final byte[] NO_BYTES = new byte[0];

    public final int ipVersion;
    public final long aHi;
    public final long aLo;
    public final int aPort;
    public final long bHi;
    public final long bLo;
    public final int bPort;
    public final int hash;
    /** Next flow in the same hash bucket. */
    public TcpFlow bucketNext;
    /** Neighbours in least-recently-seen order. */
    public TcpFlow olderFlow;
    public TcpFlow newerFlow;
    public long lastSeenMicros;

    private final TcpStream[] streams = new TcpStream[2];
    private final HttpConnection http;
    private final FlowContext ctx;
    private boolean closed;

    public TcpFlow(FlowContext ctx, DecodedPacket first, long aHi, long aLo, long bHi, long bLo, long ts) {
        this.ipVersion = first.ipVersion();
        this.aHi = aHi;
        this.aLo = aLo;
        this.aPort = first.srcPort();
        this.bHi = bHi;
        this.bLo = bLo;
        this.bPort = first.dstPort();
        this.hash = first.flowHash();
        this.lastSeenMicros = ts;
        this.ctx = ctx;
        Endpoint[] senders = {new Endpoint(first.srcIp(), first.srcPort()), new Endpoint(first.dstIp(), first.dstPort())};
        int client = -1;
        boolean[] atStart = new boolean[2];
        if (first.isSyn()) {
            // SYN: the sender is the client; SYN+ACK: the sender is the server. Both streams start at their first byte.
            client = first.isAck() ? 1 : 0;
            atStart[0] = atStart[1] = true;
        }
        http = new HttpConnection(ctx, senders, client, atStart);
        int max = ctx.config().maxBufferedSegmentsPerDirection();
        for (int d = 0; d < 2; d++) {
            streams[d] = new TcpStream(ctx.counters(), http.parser(d), max);
        }
    }

    /** A SYN (not SYN+ACK) on this 4-tuple that opens a new connection: the port pair was reused. */
    public boolean isReusedBy(int direction, DecodedPacket p) {
        return p.isSyn() && !p.isAck() && streams[direction].isOtherConnection(p.seq());
    }

    /** Returns true when the connection is over (RST, or both FINs delivered) and the flow should be forgotten. */
    public boolean onSegment(int direction, DecodedPacket p, ByteBuffer frame, long ts) {
        lastSeenMicros = ts;
        if (p.isRst()) {
            close(StreamEnd.RST, ts);
            return true;
        }
        TcpStream stream = streams[direction];
        if (p.isSyn()) {
            stream.onSyn(p.seq());
            http.setClientDirection(p.isAck() ? 1 - direction : direction);
        }
        if (p.isAck()) {
            // what the sender had received before sending this segment: settles gaps in the other direction first
            streams[1 - direction].onPeerAck(p.ack(), ts);
        }
        int seq = p.isSyn() ? p.seq() + 1 : p.seq();
        int len = p.payloadLength();
        int off = p.payloadOffset();
        byte[] data;
        if (len == 0) {
            data = NO_BYTES;
            off = 0;
        } else if (frame.hasArray()) {
            if (off < 0 || off + len > frame.limit()) {
                throw new IndexOutOfBoundsException("payload outside the frame");
            }
            data = frame.array();
            off += frame.arrayOffset();
        } else {
            data = ctx.frameBytes(frame, off, len);
            off = 0;
        }
        stream.onSegment(seq, data, off, len, p.payloadMissing(), p.isFin(), p.ack(), p.isAck(), ts);
        if (streams[0].finSeen() && streams[1].finSeen()) {
            // both sides said goodbye: whatever is still missing will not come
            close(StreamEnd.FIN, ts);
            return true;
        }
        return false;
    }

    /** Ends both directions (skipping remaining gaps) and emits every exchange still pending. Idempotent. */
    public void close(StreamEnd why, long ts) {
        if (closed) {
            return;
        }
        closed = true;
        streams[0].close(why, ts);
        streams[1].close(why, ts);
        http.close(why);
    }
}
