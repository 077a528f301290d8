package org.egret.source.pcapfile.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/** Test-side writer of capture files, byte by byte, in a chosen byte order (independent of the reader's code). */
final class CaptureBytes {
    private ByteBuffer out = ByteBuffer.allocate(256);

    CaptureBytes(ByteOrder order) {
        out.order(order);
    }

    static CaptureBytes classicPcap(ByteOrder order, int magic, int linkType) {
        CaptureBytes c = new CaptureBytes(order);
        c.u32(magic).u16(2).u16(4).u32(0).u32(0).u32(262144).u32(linkType);
        return c;
    }

    /** A classic record: header with the given fields, then the data. */
    CaptureBytes record(long seconds, long fraction, byte[] data, int wireLength) {
        return u32(seconds).u32(fraction).u32(data.length).u32(wireLength).bytes(data);
    }

    CaptureBytes sectionHeader() {
        return block(0x0a0d0d0a, new CaptureBytes(order()).u32(0x1a2b3c4d).u16(1).u16(0).u64(-1));
    }

    /** @param tsresol the if_tsresol byte, or -1 to leave the option out */
    CaptureBytes interfaceBlock(int linkType, int tsresol, long tsoffsetSeconds) {
        CaptureBytes body = new CaptureBytes(order()).u16(linkType).u16(0).u32(0);
        body.option(2, "eth-test".getBytes()); // if_name, to prove unrelated options are stepped over
        if (tsresol >= 0) {
            body.option(9, new byte[] {(byte) tsresol});
        }
        if (tsoffsetSeconds != 0) {
            body.option(14, new CaptureBytes(order()).u64(tsoffsetSeconds).toArray());
        }
        body.u16(0).u16(0);
        return block(1, body);
    }

    CaptureBytes enhancedPacket(int interfaceId, long ticks, byte[] data, int wireLength) {
        CaptureBytes body = new CaptureBytes(order()).u32(interfaceId).u32(ticks >>> 32).u32(ticks & 0xffffffffL)
                .u32(data.length).u32(wireLength).bytes(data).pad4();
        body.option(1, "a comment".getBytes()).u16(0).u16(0);
        return block(6, body);
    }

    CaptureBytes obsoletePacket(int interfaceId, long ticks, byte[] data, int wireLength) {
        CaptureBytes body = new CaptureBytes(order()).u16(interfaceId).u16(0).u32(ticks >>> 32)
                .u32(ticks & 0xffffffffL).u32(data.length).u32(wireLength).bytes(data).pad4();
        return block(2, body);
    }

    CaptureBytes simplePacket(byte[] data, int wireLength) {
        return block(3, new CaptureBytes(order()).u32(wireLength).bytes(data).pad4());
    }

    CaptureBytes block(int type, CaptureBytes body) {
        int length = 12 + body.size();
        return u32(type).u32(length).bytes(body.toArray()).u32(length);
    }

    CaptureBytes option(int code, byte[] value) {
        return u16(code).u16(value.length).bytes(value).pad4();
    }

    CaptureBytes u16(int v) {
        ensure(2).putShort((short) v);
        return this;
    }

    CaptureBytes u32(long v) {
        ensure(4).putInt((int) v);
        return this;
    }

    CaptureBytes u64(long v) {
        ensure(8).putLong(v);
        return this;
    }

    CaptureBytes bytes(byte[] b) {
        ensure(b.length).put(b);
        return this;
    }

    CaptureBytes pad4() {
        while ((out.position() & 3) != 0) {
            ensure(1).put((byte) 0);
        }
        return this;
    }

    ByteOrder order() {
        return out.order();
    }

    int size() {
        return out.position();
    }

    byte[] toArray() {
        return Arrays.copyOf(out.array(), out.position());
    }

    private ByteBuffer ensure(int n) {
        if (out.remaining() < n) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(out.capacity() * 2, out.position() + n));
            bigger.order(out.order());
            bigger.put(out.array(), 0, out.position());
            out = bigger;
        }
        return out;
    }
}
