package org.egret.netstack;

import org.egret.netstack.internal.IpAddressText;

/**
 * The L3/L4 facts of one frame, filled by {@link PacketDecoder#decode} and reused for the next frame: no object is
 * allocated per packet. Addresses are held as two longs each (IPv4 in the low 32 bits of {@code lo}); their text is
 * formatted only when asked for.
 */
public final class DecodedPacket {
    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;

    int ipVersion;
    long srcHi;
    long srcLo;
    long dstHi;
    long dstLo;
    int srcPort;
    int dstPort;
    int seq;
    int ack;
    int tcpFlags;
    int payloadOffset;
    int payloadLength;
    int payloadMissing;
    int flowHash;
    private String srcText;
    private String dstText;

    void reset() {
        ipVersion = 0;
        srcHi = srcLo = dstHi = dstLo = 0;
        srcPort = dstPort = seq = ack = tcpFlags = payloadOffset = payloadLength = payloadMissing = flowHash = 0;
        srcText = dstText = null;
    }

    public int ipVersion() {
        return ipVersion;
    }

    /** Source address as text (IPv4 dotted quad, IPv6 RFC 5952); formatted on first call for this packet. */
    public String srcIp() {
        if (srcText == null) {
            srcText = IpAddressText.format(ipVersion, srcHi, srcLo);
        }
        return srcText;
    }

    public String dstIp() {
        if (dstText == null) {
            dstText = IpAddressText.format(ipVersion, dstHi, dstLo);
        }
        return dstText;
    }

    public int srcPort() {
        return srcPort;
    }

    public int dstPort() {
        return dstPort;
    }

    /** Raw 32-bit TCP sequence number (compare with wrap-around arithmetic: {@code (a - b) < 0}). */
    public int seq() {
        return seq;
    }

    public int ack() {
        return ack;
    }

    public int tcpFlags() {
        return tcpFlags;
    }

    /** Absolute index of the first TCP payload byte in the frame buffer that was decoded. */
    public int payloadOffset() {
        return payloadOffset;
    }

    /** Payload bytes present in the frame. */
    public int payloadLength() {
        return payloadLength;
    }

    /** Payload bytes the IP header announces but the capture cut off (snap length); 0 normally. */
    public int payloadMissing() {
        return payloadMissing;
    }

    public boolean isSyn() {
        return (tcpFlags & SYN) != 0;
    }

    public boolean isFin() {
        return (tcpFlags & FIN) != 0;
    }

    public boolean isRst() {
        return (tcpFlags & RST) != 0;
    }

    public boolean isAck() {
        return (tcpFlags & ACK) != 0;
    }

    /** Hash of the 5-tuple that is the same for both directions of a connection. */
    public int flowHash() {
        return flowHash;
    }

    /** True when this packet's source is {@code (hi, lo, port)} (used by the flow table without building keys). */
    boolean srcIs(long hi, long lo, int port) {
        return srcLo == lo && srcHi == hi && srcPort == port;
    }

    boolean dstIs(long hi, long lo, int port) {
        return dstLo == lo && dstHi == hi && dstPort == port;
    }

    static int symmetricHash(int ipVersion, long aHi, long aLo, int aPort, long bHi, long bLo, int bPort) {
        long a = mix(aHi * 31 + aLo) ^ aPort;
        long b = mix(bHi * 31 + bLo) ^ bPort;
        long h = mix((a + b) ^ mix(a ^ b) ^ ipVersion);
        return (int) (h ^ (h >>> 32));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }

    @Override
    public String toString() {
        return "IPv" + ipVersion + " " + srcIp() + ":" + srcPort + " > " + dstIp() + ":" + dstPort + " seq=" + Integer.toUnsignedString(seq)
                + " ack=" + Integer.toUnsignedString(ack) + " flags=0x" + Integer.toHexString(tcpFlags) + " len=" + payloadLength;
    }
}
