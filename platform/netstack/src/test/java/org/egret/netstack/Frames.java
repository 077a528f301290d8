package org.egret.netstack;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Builds frames byte by byte for tests: TCP segments in IPv4/IPv6, wrapped in the link layers Egret reads. */
final class Frames {
    static final int FIN = DecodedPacket.FIN;
    static final int SYN = DecodedPacket.SYN;
    static final int RST = DecodedPacket.RST;
    static final int PSH = DecodedPacket.PSH;
    static final int ACK = DecodedPacket.ACK;

    private Frames() {
    }

    static byte[] addr(String ip) {
        try {
            return InetAddress.getByName(ip).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(ip, e);
        }
    }

    static byte[] tcp(int srcPort, int dstPort, int seq, int ack, int flags, byte[] payload) {
        return tcp(srcPort, dstPort, seq, ack, flags, new byte[0], payload);
    }

    static byte[] tcp(int srcPort, int dstPort, int seq, int ack, int flags, byte[] options, byte[] payload) {
        int hl = 20 + options.length;
        byte[] b = new byte[hl + payload.length];
        put16(b, 0, srcPort);
        put16(b, 2, dstPort);
        put32(b, 4, seq);
        put32(b, 8, ack);
        b[12] = (byte) ((hl / 4) << 4);
        b[13] = (byte) flags;
        put16(b, 14, 65535);
        System.arraycopy(options, 0, b, 20, options.length);
        System.arraycopy(payload, 0, b, hl, payload.length);
        return b;
    }

    static byte[] ipv4(String src, String dst, int protocol, byte[] l4) {
        return ipv4(src, dst, protocol, new byte[0], 0, l4);
    }

    /** {@code flagsFragment}: the 16-bit flags + fragment offset field. */
    static byte[] ipv4(String src, String dst, int protocol, byte[] options, int flagsFragment, byte[] l4) {
        int hl = 20 + options.length;
        byte[] b = new byte[hl + l4.length];
        b[0] = (byte) (0x40 | hl / 4);
        put16(b, 2, b.length);
        put16(b, 4, 0x1234);
        put16(b, 6, flagsFragment);
        b[8] = 64;
        b[9] = (byte) protocol;
        System.arraycopy(addr(src), 0, b, 12, 4);
        System.arraycopy(addr(dst), 0, b, 16, 4);
        System.arraycopy(options, 0, b, 20, options.length);
        System.arraycopy(l4, 0, b, hl, l4.length);
        return b;
    }

    /** {@code extensions}: already-encoded extension headers; {@code firstNext} is the next-header value after the fixed header. */
    static byte[] ipv6(String src, String dst, int firstNext, byte[] extensions, byte[] l4) {
        byte[] b = new byte[40 + extensions.length + l4.length];
        b[0] = 0x60;
        put16(b, 4, extensions.length + l4.length);
        b[6] = (byte) firstNext;
        b[7] = 64;
        System.arraycopy(addr(src), 0, b, 8, 16);
        System.arraycopy(addr(dst), 0, b, 24, 16);
        System.arraycopy(extensions, 0, b, 40, extensions.length);
        System.arraycopy(l4, 0, b, 40 + extensions.length, l4.length);
        return b;
    }

    static byte[] ipv6(String src, String dst, byte[] tcp) {
        return ipv6(src, dst, 6, new byte[0], tcp);
    }

    /** An extension header in 8-octet units (hop-by-hop, routing, destination options): next header + padding. */
    static byte[] ext8(int next, int units) {
        byte[] b = new byte[8 * (units + 1)];
        b[0] = (byte) next;
        b[1] = (byte) units;
        return b;
    }

    static byte[] fragmentHeader(int next, int offsetUnits, boolean more) {
        byte[] b = new byte[8];
        b[0] = (byte) next;
        put16(b, 2, offsetUnits << 3 | (more ? 1 : 0));
        put32(b, 4, 0xCAFE);
        return b;
    }

    /** Authentication header: payload length in 4-octet units minus 2. */
    static byte[] authHeader(int next) {
        byte[] b = new byte[24];
        b[0] = (byte) next;
        b[1] = 4;
        return b;
    }

    static byte[] ethernet(int etherType, byte[] payload, int... vlanTpids) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
        int vid = 100;
        for (int tpid : vlanTpids) {
            out.writeBytes(new byte[] {(byte) (tpid >> 8), (byte) tpid, (byte) (vid >> 8), (byte) vid++});
        }
        out.writeBytes(new byte[] {(byte) (etherType >> 8), (byte) etherType});
        out.writeBytes(payload);
        return out.toByteArray();
    }

    static byte[] sll(int protocol, byte[] payload) {
        byte[] b = new byte[16 + payload.length];
        put16(b, 0, 0); // to us
        put16(b, 2, 1); // ARPHRD_ETHER
        put16(b, 4, 6);
        put16(b, 14, protocol);
        System.arraycopy(payload, 0, b, 16, payload.length);
        return b;
    }

    static byte[] sll2(int protocol, byte[] payload) {
        byte[] b = new byte[20 + payload.length];
        put16(b, 0, protocol);
        put32(b, 4, 2); // interface index
        put16(b, 8, 1);
        b[10] = 0;
        b[11] = 6;
        System.arraycopy(payload, 0, b, 20, payload.length);
        return b;
    }

    static byte[] nullLoopback(int family, boolean littleEndian, byte[] payload) {
        byte[] b = new byte[4 + payload.length];
        if (littleEndian) {
            b[0] = (byte) family;
            b[1] = (byte) (family >> 8);
        } else {
            put32(b, 0, family);
        }
        System.arraycopy(payload, 0, b, 4, payload.length);
        return b;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static void put16(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 8);
        b[at + 1] = (byte) v;
    }

    static void put32(byte[] b, int at, int v) {
        put16(b, at, v >>> 16);
        put16(b, at + 2, v);
    }
}
