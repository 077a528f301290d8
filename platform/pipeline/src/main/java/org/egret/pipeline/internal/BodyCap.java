package org.egret.pipeline.internal;

import java.nio.charset.StandardCharsets;

/**
 * Caps what is stored of a body: a body over the cap keeps its head (3/4) and tail (1/4) around a marker naming
 * how many bytes were elided, so both the prompt's start and a stream's final usage survive.
 */
final class BodyCap {
    private final int cap;

    BodyCap(int cap) {
        this.cap = Math.max(1024, cap);
    }

    /** Number of bytes {@link #text} or {@link #bytes} drop from a body of this length. */
    long dropped(int length) {
        return length <= cap ? 0 : length - head() - tail();
    }

    private int head() {
        return cap / 4 * 3;
    }

    private int tail() {
        return cap / 4;
    }

    byte[] bytes(byte[] body) {
        if (body == null || body.length <= cap) {
            return body;
        }
        byte[] marker = marker(body.length).getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[head() + marker.length + tail()];
        System.arraycopy(body, 0, out, 0, head());
        System.arraycopy(marker, 0, out, head(), marker.length);
        System.arraycopy(body, body.length - tail(), out, head() + marker.length, tail());
        return out;
    }

    /** The body as UTF-8 text, capped; a cut never splits a multi-byte character. */
    String text(byte[] body) {
        if (body == null) {
            return null;
        }
        if (body.length <= cap) {
            return new String(body, StandardCharsets.UTF_8);
        }
        int headEnd = utf8Boundary(body, head());
        int tailStart = utf8Boundary(body, body.length - tail());
        return new String(body, 0, headEnd, StandardCharsets.UTF_8) + marker(body.length)
                + new String(body, tailStart, body.length - tailStart, StandardCharsets.UTF_8);
    }

    String text(String body) {
        if (body == null || body.length() <= cap / 4) {
            return body; // at most 4 UTF-8 bytes per char: certainly under the cap
        }
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        return b.length <= cap ? body : text(b);
    }

    private String marker(int length) {
        return "\n...[egret body cap: " + dropped(length) + " bytes elided]...\n";
    }

    /** Moves back to the start of the UTF-8 character containing index i. */
    private static int utf8Boundary(byte[] b, int i) {
        while (i > 0 && i < b.length && (b[i] & 0xC0) == 0x80) {
            i--;
        }
        return i;
    }
}
