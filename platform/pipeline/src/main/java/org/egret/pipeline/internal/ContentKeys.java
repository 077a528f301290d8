package org.egret.pipeline.internal;

/**
 * Short keys of tool arguments and results, so repeats can be told apart without keeping the text: 64-bit FNV-1a
 * as hex. Arguments are keyed with JSON whitespace outside strings removed, because models vary spacing.
 */
final class ContentKeys {

    private ContentKeys() {
    }

    static String ofJson(String json) {
        if (json == null) {
            return null;
        }
        long h = 0xcbf29ce484222325L;
        boolean inString = false;
        boolean escaped = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (c == '\\') {
                    escaped = true;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (Character.isWhitespace(c)) {
                continue;
            }
            h = mix(h, c);
        }
        return hex(h);
    }

    static String ofText(String text) {
        if (text == null) {
            return null;
        }
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < text.length(); i++) {
            h = mix(h, text.charAt(i));
        }
        return hex(h);
    }

    private static long mix(long h, char c) {
        h ^= c & 0xff;
        h *= 0x100000001b3L;
        h ^= c >>> 8;
        h *= 0x100000001b3L;
        return h;
    }

    private static String hex(long h) {
        String s = Long.toHexString(h);
        return s.length() == 16 ? s : "0".repeat(16 - s.length()) + s;
    }
}
