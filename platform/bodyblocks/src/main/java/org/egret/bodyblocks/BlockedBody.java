package org.egret.bodyblocks;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A body as the list of its blocks, which is what storage keeps in the body's place. Encoded as: a format byte
 * (1), the body length and the block count as unsigned LEB128 varints, then per block its 32-byte id and its length
 * as a varint — 33 to 35 bytes per block of 2 to 64 KiB.
 *
 * @param length bytes of the whole body
 * @param blocks its blocks in order
 */
public record BlockedBody(long length, List<BlockRef> blocks) {
    private static final int FORMAT = 1;

    public BlockedBody {
        blocks = List.copyOf(blocks);
        long sum = 0;
        for (BlockRef b : blocks) {
            sum += b.length();
        }
        if (sum != length) {
            throw new IllegalArgumentException("blocks of " + sum + " bytes for a body of " + length);
        }
    }

    /** The blocks {@link ContentChunker} cut a body into. */
    public static BlockedBody of(List<Chunk> chunks) {
        List<BlockRef> refs = new ArrayList<>(chunks.size());
        long length = 0;
        for (Chunk c : chunks) {
            refs.add(new BlockRef(c.id(), c.length()));
            length += c.length();
        }
        return new BlockedBody(length, refs);
    }

    public byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4 + blocks.size() * (BlockId.LENGTH + 3));
        out.write(FORMAT);
        varint(out, length);
        varint(out, blocks.size());
        byte[] id = new byte[BlockId.LENGTH];
        for (BlockRef b : blocks) {
            b.id().copyTo(id, 0);
            out.write(id, 0, id.length);
            varint(out, b.length());
        }
        return out.toByteArray();
    }

    /**
     * Reads an encoded list back.
     *
     * @throws IllegalArgumentException when the bytes are not one (damaged, or another format)
     */
    public static BlockedBody decode(byte[] encoded) {
        Reader r = new Reader(encoded);
        int format = r.nextByte();
        if (format != FORMAT) {
            throw new IllegalArgumentException("unknown block list format " + format);
        }
        long length = r.varint();
        long count = r.varint();
        if (count > encoded.length / BlockId.LENGTH) {
            throw new IllegalArgumentException("block list claims " + count + " blocks in " + encoded.length
                    + " bytes");
        }
        List<BlockRef> refs = new ArrayList<>((int) count);
        for (long i = 0; i < count; i++) {
            BlockId id = BlockId.fromBytes(r.bytes(BlockId.LENGTH));
            long n = r.varint();
            if (n <= 0 || n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("block of " + n + " bytes");
            }
            refs.add(new BlockRef(id, (int) n));
        }
        if (!r.atEnd()) {
            throw new IllegalArgumentException("trailing bytes after the block list");
        }
        return new BlockedBody(length, refs);
    }

    /**
     * The body, byte for byte, from its blocks. Each block is checked against its id, so storage that lost or mixed
     * up a block is found out rather than served.
     *
     * @param blocks a block's bytes by id, or null when storage no longer has it
     * @throws MissingBlockException when a block is missing, has another length or does not hash to its id
     */
    public byte[] assemble(Function<BlockId, byte[]> blocks) throws MissingBlockException {
        if (length > Integer.MAX_VALUE - 8) {
            throw new MissingBlockException("a body of " + length + " bytes does not fit in memory");
        }
        byte[] out = new byte[(int) length];
        int at = 0;
        for (BlockRef ref : this.blocks) {
            byte[] data = blocks.apply(ref.id());
            if (data == null) {
                throw new MissingBlockException("block " + ref.id() + " is not stored (retention removed it?)");
            }
            if (data.length != ref.length() || !ref.id().matches(data, 0, data.length)) {
                throw new MissingBlockException("block " + ref.id() + " is damaged: " + data.length
                        + " bytes that do not hash to its id");
            }
            System.arraycopy(data, 0, out, at, data.length);
            at += data.length;
        }
        return out;
    }

    private static void varint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    private static final class Reader {
        private final byte[] b;
        private int at;

        Reader(byte[] b) {
            this.b = b;
        }

        int nextByte() {
            if (at >= b.length) {
                throw new IllegalArgumentException("block list cut short");
            }
            return b[at++] & 0xff;
        }

        long varint() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int x = nextByte();
                v |= (long) (x & 0x7F) << shift;
                if ((x & 0x80) == 0) {
                    return v;
                }
            }
            throw new IllegalArgumentException("varint too long in block list");
        }

        byte[] bytes(int n) {
            if (b.length - at < n) {
                throw new IllegalArgumentException("block list cut short");
            }
            byte[] out = new byte[n];
            System.arraycopy(b, at, out, 0, n);
            at += n;
            return out;
        }

        boolean atEnd() {
            return at == b.length;
        }
    }
}
