package org.egret.bodyblocks;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The name of a block: the SHA-256 of its bytes. A cryptographic hash, not a faster checksum, because captured
 * content is chosen by whoever sends it: with a weak hash a crafted body could collide with another's block and
 * rewrite what storage rebuilds for it.
 */
public final class BlockId {
    /** Bytes of an id. */
    public static final int LENGTH = 32;

    private static final MessageDigest PROTOTYPE = sha256();

    private final byte[] bytes;
    private final int hash;

    private BlockId(byte[] bytes) {
        this.bytes = bytes;
        this.hash = (bytes[0] & 0xff) << 24 | (bytes[1] & 0xff) << 16 | (bytes[2] & 0xff) << 8 | (bytes[3] & 0xff);
    }

    /** The id of {@code length} bytes of {@code data} from {@code offset}. */
    public static BlockId of(byte[] data, int offset, int length) {
        MessageDigest d = digest();
        d.update(data, offset, length);
        return new BlockId(d.digest());
    }

    /** The id of all of {@code data}. */
    public static BlockId of(byte[] data) {
        return of(data, 0, data.length);
    }

    /** An id read back from storage: its 32 bytes. */
    public static BlockId fromBytes(byte[] bytes) {
        if (bytes == null || bytes.length != LENGTH) {
            throw new IllegalArgumentException("a block id is " + LENGTH + " bytes, not "
                    + (bytes == null ? "null" : bytes.length));
        }
        return new BlockId(bytes.clone());
    }

    /** An id read back from its 64 hex digits. */
    public static BlockId fromHex(String hex) {
        return fromBytes(HexFormat.of().parseHex(hex));
    }

    /** A copy of its 32 bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Writes its 32 bytes into {@code out} at {@code offset}. */
    void copyTo(byte[] out, int offset) {
        System.arraycopy(bytes, 0, out, offset, LENGTH);
    }

    /** Its 64 lower-case hex digits. */
    public String hex() {
        return HexFormat.of().formatHex(bytes);
    }

    /** True when {@code data} from {@code offset} hashes to this id. */
    public boolean matches(byte[] data, int offset, int length) {
        MessageDigest d = digest();
        d.update(data, offset, length);
        return MessageDigest.isEqual(bytes, d.digest());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BlockId other && hash == other.hash && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return hex();
    }

    private static MessageDigest digest() {
        try {
            return (MessageDigest) PROTOTYPE.clone();
        } catch (CloneNotSupportedException e) {
            return sha256();
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
