package org.egret.bodyblocks;

/**
 * One block of a body as it was cut: where it lies in the body and its id.
 *
 * @param id     SHA-256 of its bytes
 * @param offset first byte in the body
 * @param length bytes
 */
public record Chunk(BlockId id, int offset, int length) {

    /** A copy of its bytes out of the body it was cut from. */
    public byte[] copyOf(byte[] body) {
        byte[] out = new byte[length];
        System.arraycopy(body, offset, out, 0, length);
        return out;
    }
}
