package org.egret.bench;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte array for building HTTP and JSON text without a String per piece. */
final class TextBuffer {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private byte[] bytes;
    private int size;

    TextBuffer(int initialCapacity) {
        bytes = new byte[initialCapacity];
    }

    byte[] array() {
        return bytes;
    }

    int size() {
        return size;
    }

    TextBuffer clear() {
        size = 0;
        return this;
    }

    TextBuffer append(byte[] b) {
        return append(b, 0, b.length);
    }

    TextBuffer append(byte[] b, int offset, int length) {
        ensure(length);
        System.arraycopy(b, offset, bytes, size, length);
        size += length;
        return this;
    }

    TextBuffer append(TextBuffer other) {
        return append(other.bytes, 0, other.size);
    }

    /** Appends text known to be ASCII, one byte per char. */
    TextBuffer ascii(CharSequence s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            bytes[size++] = (byte) s.charAt(i);
        }
        return this;
    }

    TextBuffer decimal(long v) {
        if (v < 0) {
            ensure(1);
            bytes[size++] = '-';
            v = -v;
        }
        int digits = 1;
        for (long t = v; t >= 10; t /= 10) {
            digits++;
        }
        ensure(digits);
        for (int i = size + digits - 1; i >= size; i--) {
            bytes[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        size += digits;
        return this;
    }

    TextBuffer hex(int v) {
        int digits = Math.max(1, (32 - Integer.numberOfLeadingZeros(v) + 3) / 4);
        ensure(digits);
        for (int i = digits - 1; i >= 0; i--) {
            bytes[size++] = HEX[(v >>> (i * 4)) & 0xf];
        }
        return this;
    }

    /** Appends raw ASCII bytes as the inside of a JSON string. */
    TextBuffer jsonEscaped(byte[] raw, int offset, int length) {
        ensure(length * 2);
        for (int i = offset; i < offset + length; i++) {
            byte c = raw[i];
            switch (c) {
                case '"', '\\' -> {
                    bytes[size++] = '\\';
                    bytes[size++] = c;
                }
                case '\n' -> {
                    bytes[size++] = '\\';
                    bytes[size++] = 'n';
                }
                case '\t' -> {
                    bytes[size++] = '\\';
                    bytes[size++] = 't';
                }
                default -> bytes[size++] = c;
            }
        }
        return this;
    }

    @Override
    public String toString() {
        return new String(bytes, 0, size, StandardCharsets.UTF_8);
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
