package org.egret.netstack;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.egret.api.packet.LinkType;

/**
 * Reads the link, IP and TCP headers of a frame in place (absolute reads from {@code frame.position()} to
 * {@code frame.limit()}; the buffer's position, limit and byte order are left alone) into a reusable
 * {@link DecodedPacket}. Single-threaded; one decoder per worker.
 */
public final class PacketDecoder {
    private static final int ETH_IPV4 = 0x0800;
    private static final int ETH_IPV6 = 0x86DD;
    private static final int ETH_VLAN = 0x8100;
    private static final int ETH_QINQ = 0x88A8;
    private static final int ETH_QINQ_OLD = 0x9100;
    private static final int ETH_MPLS = 0x8847;
    private static final int ETH_MPLS_MULTICAST = 0x8848;
    /** Ethertype unknown: decide by the IP version nibble. */
    private static final int SNIFF = -1;
    private static final int MAX_TAGS = 8;
    private static final int MAX_IPV6_EXTENSIONS = 16;

    private final NetstackCounters counters;
    private final ArrayFrame arrayFrame = new ArrayFrame();
    private final BufferFrame bufferFrame = new BufferFrame();

    public PacketDecoder(NetstackCounters counters) {
        this.counters = counters;
    }

    /**
     * Decodes link, IP (v4, v6 with extension headers walked) and TCP headers. Returns false, and counts why, for
     * non-IP, non-TCP, IP fragments and malformed frames. Never throws on any input.
     */
    public boolean decode(int linkType, ByteBuffer frame, DecodedPacket out) {
        out.reset();
        Frame f;
        if (frame.hasArray()) {
            arrayFrame.array = frame.array();
            arrayFrame.base = frame.arrayOffset();
            f = arrayFrame;
        } else {
            bufferFrame.buffer = frame;
            f = bufferFrame;
        }
        try {
            boolean ok = decodeLink(linkType, frame.position(), frame.limit(), f, out);
            if (ok) {
                counters.increment(NetstackCounter.PKTS_PARSED);
            }
            return ok;
        } catch (IndexOutOfBoundsException e) {
            counters.increment(NetstackCounter.PKTS_DROPPED_MALFORMED);
            return false;
        } finally {
            arrayFrame.array = null;
            bufferFrame.buffer = null;
        }
    }

    private boolean decodeLink(int linkType, int start, int end, Frame f, DecodedPacket out) {
        int off;
        int etherType;
        switch (linkType) {
            case LinkType.ETHERNET -> {
                if (end - start < 14) {
                    return malformed();
                }
                etherType = u16(f, start + 12);
                off = start + 14;
            }
            case LinkType.LINUX_SLL -> {
                if (end - start < 16) {
                    return malformed();
                }
                etherType = u16(f, start + 14);
                off = start + 16;
            }
            case LinkType.LINUX_SLL2 -> {
                if (end - start < 20) {
                    return malformed();
                }
                etherType = u16(f, start);
                off = start + 20;
            }
            case LinkType.NULL, LinkType.LOOP -> {
                if (end - start < 4) {
                    return malformed();
                }
                // the family is in the writer's byte order for NULL, network order for LOOP; accept both
                int be = u16(f, start) << 16 | u16(f, start + 2);
                int family = (be & 0xFFFFFF00) == 0 ? be : Integer.reverseBytes(be);
                if (family != 2 && family != 10 && family != 24 && family != 28 && family != 30) {
                    return notIp();
                }
                etherType = SNIFF;
                off = start + 4;
            }
            case LinkType.RAW, LinkType.IPV4, LinkType.IPV6 -> {
                etherType = SNIFF;
                off = start;
            }
            default -> {
                return notIp();
            }
        }
        for (int tags = 0; etherType == ETH_VLAN || etherType == ETH_QINQ || etherType == ETH_QINQ_OLD; tags++) {
            if (tags == MAX_TAGS || end - off < 4) {
                return malformed();
            }
            etherType = u16(f, off + 2);
            off += 4;
        }
        if (etherType == ETH_MPLS || etherType == ETH_MPLS_MULTICAST) {
            for (int labels = 0; ; labels++) {
                if (labels == MAX_TAGS || end - off < 4) {
                    return malformed();
                }
                boolean bottom = (u8(f, off + 2) & 1) != 0;
                off += 4;
                if (bottom) {
                    break;
                }
            }
            etherType = SNIFF;
        }
        if (etherType == SNIFF) {
            if (off >= end) {
                return malformed();
            }
            int version = u8(f, off) >>> 4;
            etherType = version == 4 ? ETH_IPV4 : version == 6 ? ETH_IPV6 : 0;
        }
        if (etherType == ETH_IPV4) {
            return decodeIpv4(f, off, end, out);
        }
        if (etherType == ETH_IPV6) {
            return decodeIpv6(f, off, end, out);
        }
        return notIp();
    }

    private boolean decodeIpv4(Frame f, int off, int end, DecodedPacket out) {
        if (end - off < 20) {
            return malformed();
        }
        int vihl = u8(f, off);
        int ihl = (vihl & 0x0F) * 4;
        if (vihl >>> 4 != 4 || ihl < 20 || off + ihl > end) {
            return malformed();
        }
        int total = u16(f, off + 2);
        long wireEnd;
        if (total == 0) {
            wireEnd = end; // TCP segmentation offload leaves the length unset
        } else if (total < ihl) {
            return malformed();
        } else {
            wireEnd = (long) off + total; // shorter than the frame: Ethernet padding is cut here
        }
        if ((u16(f, off + 6) & 0x3FFF) != 0) {
            counters.increment(NetstackCounter.PKTS_IP_FRAGMENTS);
            return false;
        }
        if (u8(f, off + 9) != 6) {
            return notTcp();
        }
        out.ipVersion = 4;
        out.srcLo = u32(f, off + 12) & 0xFFFFFFFFL;
        out.dstLo = u32(f, off + 16) & 0xFFFFFFFFL;
        return decodeTcp(f, off + ihl, end, wireEnd, out);
    }

    private boolean decodeIpv6(Frame f, int off, int end, DecodedPacket out) {
        if (end - off < 40) {
            return malformed();
        }
        if (u8(f, off) >>> 4 != 6) {
            return malformed();
        }
        int payloadLength = u16(f, off + 4);
        long wireEnd = payloadLength == 0 ? end : (long) off + 40 + payloadLength; // 0: jumbogram or offload
        int next = u8(f, off + 6);
        out.srcHi = u64(f, off + 8);
        out.srcLo = u64(f, off + 16);
        out.dstHi = u64(f, off + 24);
        out.dstLo = u64(f, off + 32);
        int l4 = off + 40;
        int limit = (int) Math.min(end, wireEnd);
        for (int i = 0; next != 6; i++) {
            if (i == MAX_IPV6_EXTENSIONS) {
                return malformed();
            }
            switch (next) {
                case 0, 43, 60, 135, 139, 140 -> { // hop-by-hop, routing, destination options, mobility, HIP, shim6
                    if (limit - l4 < 8) {
                        return malformed();
                    }
                    next = u8(f, l4);
                    l4 += (u8(f, l4 + 1) + 1) * 8;
                }
                case 44 -> { // fragment
                    if (limit - l4 < 8) {
                        return malformed();
                    }
                    if ((u16(f, l4 + 2) & 0xFFF9) != 0) {
                        counters.increment(NetstackCounter.PKTS_IP_FRAGMENTS);
                        return false;
                    }
                    next = u8(f, l4); // atomic fragment (offset 0, no more fragments): the packet is whole
                    l4 += 8;
                }
                case 51 -> { // authentication header
                    if (limit - l4 < 8) {
                        return malformed();
                    }
                    next = u8(f, l4);
                    l4 += (u8(f, l4 + 1) + 2) * 4;
                }
                default -> {
                    return notTcp(); // includes 59 (no next header) and 50 (ESP: encrypted)
                }
            }
            if (l4 > limit) {
                return malformed();
            }
        }
        out.ipVersion = 6;
        return decodeTcp(f, l4, end, wireEnd, out);
    }

    private boolean decodeTcp(Frame f, int off, int end, long wireEnd, DecodedPacket out) {
        int capEnd = (int) Math.min(end, wireEnd);
        if (wireEnd > end) {
            counters.increment(NetstackCounter.PKTS_TRUNCATED);
        }
        if (capEnd - off < 20) {
            return malformed();
        }
        int dataOffset = (u8(f, off + 12) >>> 4) * 4;
        if (dataOffset < 20 || off + dataOffset > capEnd) {
            return malformed();
        }
        out.srcPort = u16(f, off);
        out.dstPort = u16(f, off + 2);
        out.seq = u32(f, off + 4);
        out.ack = u32(f, off + 8);
        out.tcpFlags = u8(f, off + 13);
        out.payloadOffset = off + dataOffset;
        out.payloadLength = capEnd - out.payloadOffset;
        out.payloadMissing = (int) (wireEnd - capEnd);
        out.flowHash = DecodedPacket.symmetricHash(out.ipVersion, out.srcHi, out.srcLo, out.srcPort, out.dstHi,
                out.dstLo, out.dstPort);
        return true;
    }

    private boolean malformed() {
        counters.increment(NetstackCounter.PKTS_DROPPED_MALFORMED);
        return false;
    }

    private boolean notIp() {
        counters.increment(NetstackCounter.PKTS_DROPPED_NOT_IP);
        return false;
    }

    private boolean notTcp() {
        counters.increment(NetstackCounter.PKTS_DROPPED_NOT_TCP);
        return false;
    }

    private static int u8(Frame f, int i) {
        return f.u8(i);
    }

    private static int u16(Frame f, int i) {
        return f.u16(i);
    }

    private static int u32(Frame f, int i) {
        return f.u32(i);
    }

    private static long u64(Frame f, int i) {
        return (long) f.u32(i) << 32 | (f.u32(i + 4) & 0xFFFFFFFFL);
    }

    /**
     * Big-endian reads at absolute frame indexes. Every read is of an index the decoder has already checked against
     * the frame's limit.
     */
    private abstract static class Frame {
        abstract int u8(int i);

        abstract int u16(int i);

        abstract int u32(int i);
    }

    /** A heap buffer's backing array: read directly. */
    private static final class ArrayFrame extends Frame {
        private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
        private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
        byte[] array;
        int base;

        @Override
        int u8(int i) {
            return array[base + i] & 0xFF;
        }

        @Override
        int u16(int i) {
            return (short) SHORT.get(array, base + i) & 0xFFFF;
        }

        @Override
        int u32(int i) {
            return (int) INT.get(array, base + i);
        }
    }

    /** Any other buffer (direct, read-only): absolute reads, whatever its byte order. */
    private static final class BufferFrame extends Frame {
        ByteBuffer buffer;

        @Override
        int u8(int i) {
            return buffer.get(i) & 0xFF;
        }

        @Override
        int u16(int i) {
            return (buffer.get(i) & 0xFF) << 8 | (buffer.get(i + 1) & 0xFF);
        }

        @Override
        int u32(int i) {
            return u16(i) << 16 | u16(i + 2);
        }
    }
}
