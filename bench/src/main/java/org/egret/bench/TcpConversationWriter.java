package org.egret.bench;

import java.io.IOException;

/**
 * One IPv4 TCP connection written into a capture, with sequence and acknowledgement numbers kept right: a three-way
 * handshake, data cut into MSS-sized segments (the receiver acknowledging every second segment and the last one),
 * and a FIN teardown. Checksums are computed, so other tools accept the frames too.
 */
public final class TcpConversationWriter {
    public static final int MSS = 1448;
    private static final int ETHERNET_LENGTH = 14;
    private static final int IP_LENGTH = 20;
    private static final int TCP_LENGTH = 20;
    private static final int MSS_OPTION_LENGTH = 4;
    private static final int FIN = 0x01;
    private static final int SYN = 0x02;
    private static final int PSH = 0x08;
    private static final int ACK = 0x10;
    /** Microseconds between back-to-back segments, and from a segment to its ACK (less, so frames stay in order). */
    private static final long SEGMENT_SPACING_MICROS = 12;
    private static final long ACK_DELAY_MICROS = 6;
    private static final long ROUND_TRIP_MICROS = 180;
    private static final byte[] NO_DATA = new byte[0];
    private static final byte[] CLIENT_MAC = {0x02, 0, 0, 0, 0, 0x02};
    private static final byte[] SERVER_MAC = {0x02, 0, 0, 0, 0, 0x01};

    private final PcapWriter out;
    private final Side client;
    private final Side server;
    private final byte[] head = new byte[ETHERNET_LENGTH + IP_LENGTH + TCP_LENGTH + MSS_OPTION_LENGTH];

    /** One direction's sender state. */
    private static final class Side {
        final int ip;
        final int port;
        final byte[] mac;
        int nextSeq;
        int ipId;
        int unacknowledgedSegments;

        Side(int ip, int port, byte[] mac, int isn, int ipId) {
            this.ip = ip;
            this.port = port;
            this.mac = mac;
            this.nextSeq = isn;
            this.ipId = ipId;
        }
    }

    /** Addresses are IPv4 addresses as ints, e.g. {@code 0x0a000001} for 10.0.0.1. */
    public TcpConversationWriter(PcapWriter out, int clientIp, int clientPort, int serverIp, int serverPort,
            int clientIsn, int serverIsn) {
        this.out = out;
        this.client = new Side(clientIp, clientPort, CLIENT_MAC, clientIsn, clientIsn >>> 16);
        this.server = new Side(serverIp, serverPort, SERVER_MAC, serverIsn, serverIsn >>> 16);
    }

    /** Writes SYN, SYN-ACK and ACK starting at {@code micros}; returns the time of the last one. */
    public long open(long micros) throws IOException {
        segment(micros, client, server, SYN, NO_DATA, 0, 0, true);
        client.nextSeq++;
        segment(micros + ROUND_TRIP_MICROS / 2, server, client, SYN | ACK, NO_DATA, 0, 0, true);
        server.nextSeq++;
        long last = micros + ROUND_TRIP_MICROS;
        segment(last, client, server, ACK, NO_DATA, 0, 0, false);
        return last;
    }

    /** Client to server; see {@link #send}. */
    public long clientSends(long micros, byte[] data, int offset, int length) throws IOException {
        return send(micros, client, server, data, offset, length);
    }

    /** Server to client; see {@link #send}. */
    public long serverSends(long micros, byte[] data, int offset, int length) throws IOException {
        return send(micros, server, client, data, offset, length);
    }

    /**
     * Writes the data as back-to-back segments of at most {@link #MSS} bytes, PSH on the last, with the receiver's
     * delayed acknowledgements.
     *
     * @return the time of the last frame written
     */
    private long send(long micros, Side from, Side to, byte[] data, int offset, int length) throws IOException {
        long t = micros;
        for (int sent = 0; sent < length; sent += MSS) {
            int n = Math.min(MSS, length - sent);
            boolean last = sent + n == length;
            segment(t, from, to, last ? PSH | ACK : ACK, data, offset + sent, n, false);
            from.nextSeq += n;
            if (++from.unacknowledgedSegments == 2 || last) {
                from.unacknowledgedSegments = 0;
                segment(t + ACK_DELAY_MICROS, to, from, ACK, NO_DATA, 0, 0, false);
            }
            t += SEGMENT_SPACING_MICROS;
        }
        return t - SEGMENT_SPACING_MICROS + ACK_DELAY_MICROS;
    }

    /** Client FIN, server FIN, client ACK; returns the time of the last. */
    public long close(long micros) throws IOException {
        segment(micros, client, server, FIN | ACK, NO_DATA, 0, 0, false);
        client.nextSeq++;
        segment(micros + ROUND_TRIP_MICROS / 2, server, client, FIN | ACK, NO_DATA, 0, 0, false);
        server.nextSeq++;
        long last = micros + ROUND_TRIP_MICROS;
        segment(last, client, server, ACK, NO_DATA, 0, 0, false);
        return last;
    }

    private void segment(long micros, Side from, Side to, int flags, byte[] data, int offset, int length,
            boolean mssOption) throws IOException {
        int tcpLength = TCP_LENGTH + (mssOption ? MSS_OPTION_LENGTH : 0);
        int ipTotal = IP_LENGTH + tcpLength + length;
        byte[] h = head;
        System.arraycopy(to.mac, 0, h, 0, 6);
        System.arraycopy(from.mac, 0, h, 6, 6);
        h[12] = 0x08;
        h[13] = 0x00;
        int ip = ETHERNET_LENGTH;
        h[ip] = 0x45;
        h[ip + 1] = 0;
        put16(h, ip + 2, ipTotal);
        put16(h, ip + 4, from.ipId++);
        put16(h, ip + 6, 0x4000); // don't fragment
        h[ip + 8] = 64;
        h[ip + 9] = 6;
        put16(h, ip + 10, 0);
        put32(h, ip + 12, from.ip);
        put32(h, ip + 16, to.ip);
        put16(h, ip + 10, ~sum(h, ip, IP_LENGTH, 0) & 0xffff);
        int tcp = ip + IP_LENGTH;
        put16(h, tcp, from.port);
        put16(h, tcp + 2, to.port);
        put32(h, tcp + 4, from.nextSeq);
        put32(h, tcp + 8, (flags & ACK) != 0 ? to.nextSeq : 0);
        h[tcp + 12] = (byte) ((tcpLength / 4) << 4);
        h[tcp + 13] = (byte) flags;
        put16(h, tcp + 14, 65535);
        put16(h, tcp + 16, 0);
        put16(h, tcp + 18, 0);
        if (mssOption) {
            h[tcp + 20] = 2;
            h[tcp + 21] = 4;
            put16(h, tcp + 22, MSS);
        }
        int pseudo = (from.ip >>> 16) + (from.ip & 0xffff) + (to.ip >>> 16) + (to.ip & 0xffff) + 6
                + tcpLength + length;
        int checksum = sum(data, offset, length, sum(h, tcp, tcpLength, pseudo));
        put16(h, tcp + 16, ~checksum & 0xffff);
        out.write(micros, h, tcp + tcpLength, data, offset, length);
    }

    /** The ones'-complement sum of 16-bit big-endian words, folded to 16 bits. */
    private static int sum(byte[] b, int offset, int length, int initial) {
        long s = initial;
        int end = offset + (length & ~1);
        for (int i = offset; i < end; i += 2) {
            s += ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
        }
        if ((length & 1) != 0) {
            s += (b[offset + length - 1] & 0xff) << 8;
        }
        while ((s >>> 16) != 0) {
            s = (s & 0xffff) + (s >>> 16);
        }
        return (int) s;
    }

    private static void put16(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 8);
        b[at + 1] = (byte) v;
    }

    private static void put32(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
