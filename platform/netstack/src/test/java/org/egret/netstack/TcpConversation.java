package org.egret.netstack;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.egret.api.http.HttpExchange;
import org.egret.api.packet.LinkType;

/**
 * One TCP connection driven through a real decoder and flow table: each side's sequence numbers advance as it sends,
 * segments can be made now and fed later (reordering, loss, duplication), and every frame goes through
 * {@link PacketDecoder} as Ethernet/IPv4 (or IPv6).
 */
final class TcpConversation {
    static final String CLIENT_IP = "10.0.0.1";
    static final String SERVER_IP = "10.0.0.2";
    static final int CLIENT_PORT = 51000;
    static final int SERVER_PORT = 8080;
    static final int MSS = 1460;

    /** A built frame and the sequence range it covers. */
    record Segment(byte[] frame, int seq, int length) {
    }

    final NetstackCounters counters = new NetstackCounters();
    final PacketDecoder decoder = new PacketDecoder(counters);
    final List<HttpExchange> exchanges = new ArrayList<>();
    final TcpFlowTable table;
    private final DecodedPacket packet = new DecodedPacket();
    private final boolean ipv6;
    int clientSeq;
    int serverSeq;

    TcpConversation(NetstackConfig config, int clientIsn, int serverIsn, boolean ipv6) {
        this.table = new TcpFlowTable("test", config, counters, exchanges::add);
        this.clientSeq = clientIsn;
        this.serverSeq = serverIsn;
        this.ipv6 = ipv6;
    }

    TcpConversation() {
        this(NetstackConfig.defaults(), 1000, 5000, false);
    }

    /** SYN, SYN-ACK, ACK at {@code ts}. */
    TcpConversation handshake(long ts) {
        feed(frame(true, clientSeq, 0, Frames.SYN, new byte[0]), ts);
        feed(frame(false, serverSeq, clientSeq + 1, Frames.SYN | Frames.ACK, new byte[0]), ts);
        clientSeq++;
        serverSeq++;
        feed(frame(true, clientSeq, serverSeq, Frames.ACK, new byte[0]), ts);
        return this;
    }

    Segment clientSegment(byte[] payload, int flags) {
        Segment s = new Segment(frame(true, clientSeq, serverSeq, flags | Frames.ACK, payload), clientSeq, payload.length);
        clientSeq += payload.length + ((flags & Frames.FIN) != 0 ? 1 : 0);
        return s;
    }

    Segment serverSegment(byte[] payload, int flags) {
        Segment s = new Segment(frame(false, serverSeq, clientSeq, flags | Frames.ACK, payload), serverSeq, payload.length);
        serverSeq += payload.length + ((flags & Frames.FIN) != 0 ? 1 : 0);
        return s;
    }

    Segment clientSegment(String payload) {
        return clientSegment(payload.getBytes(StandardCharsets.UTF_8), Frames.PSH);
    }

    Segment serverSegment(String payload) {
        return serverSegment(payload.getBytes(StandardCharsets.UTF_8), Frames.PSH);
    }

    TcpConversation client(String payload, long ts) {
        return client(payload.getBytes(StandardCharsets.UTF_8), ts);
    }

    TcpConversation server(String payload, long ts) {
        return server(payload.getBytes(StandardCharsets.UTF_8), ts);
    }

    /** Sends in segments of at most {@link #MSS} bytes, all at {@code ts}. */
    TcpConversation client(byte[] payload, long ts) {
        for (int from = 0; from < payload.length || from == 0; from += MSS) {
            feed(clientSegment(java.util.Arrays.copyOfRange(payload, from, Math.min(payload.length, from + MSS)), Frames.PSH), ts);
        }
        return this;
    }

    TcpConversation server(byte[] payload, long ts) {
        for (int from = 0; from < payload.length || from == 0; from += MSS) {
            feed(serverSegment(java.util.Arrays.copyOfRange(payload, from, Math.min(payload.length, from + MSS)), Frames.PSH), ts);
        }
        return this;
    }

    /** Sends {@code payload} from the server in pieces cut at {@code cuts} (offsets), packet k at {@code ts0 + k}. */
    TcpConversation serverInPieces(byte[] payload, int[] cuts, long ts0) {
        int from = 0;
        int k = 0;
        for (int cut : cuts) {
            server(java.util.Arrays.copyOfRange(payload, from, cut), ts0 + k++);
            from = cut;
        }
        server(java.util.Arrays.copyOfRange(payload, from, payload.length), ts0 + k);
        return this;
    }

    TcpConversation clientFin(long ts) {
        feed(clientSegment(new byte[0], Frames.FIN), ts);
        return this;
    }

    TcpConversation serverFin(long ts) {
        feed(serverSegment(new byte[0], Frames.FIN), ts);
        return this;
    }

    TcpConversation serverRst(long ts) {
        feed(new Segment(frame(false, serverSeq, clientSeq, Frames.RST | Frames.ACK, new byte[0]), serverSeq, 0), ts);
        return this;
    }

    void feed(Segment s, long ts) {
        feed(s.frame(), ts);
    }

    void feed(byte[] frame, long ts) {
        ByteBuffer buf = ByteBuffer.wrap(frame);
        if (decoder.decode(LinkType.ETHERNET, buf, packet)) {
            table.onPacket(packet, buf, ts);
        }
    }

    private byte[] frame(boolean fromClient, int seq, int ack, int flags, byte[] payload) {
        int sport = fromClient ? CLIENT_PORT : SERVER_PORT;
        int dport = fromClient ? SERVER_PORT : CLIENT_PORT;
        byte[] tcp = Frames.tcp(sport, dport, seq, ack, flags, payload);
        if (ipv6) {
            String src = fromClient ? "2001:db8::1" : "2001:db8::2";
            String dst = fromClient ? "2001:db8::2" : "2001:db8::1";
            return Frames.ethernet(0x86DD, Frames.ipv6(src, dst, tcp));
        }
        String src = fromClient ? CLIENT_IP : SERVER_IP;
        String dst = fromClient ? SERVER_IP : CLIENT_IP;
        return Frames.ethernet(0x0800, Frames.ipv4(src, dst, 6, tcp));
    }

    long counter(NetstackCounter c) {
        return counters.get(c);
    }
}
