package org.egret.decoder.anthropic.messages.internal;

/**
 * Claude Code wraps context it adds to a user message (CLAUDE.md, todo state, hook output) in
 * {@code <system-reminder>…</system-reminder>} spans: they are not what the user typed, so the turn facts leave them
 * out.
 */
final class SystemReminders {

    private static final String OPEN = "<system-reminder>";
    private static final String CLOSE = "</system-reminder>";

    private SystemReminders() {
    }

    /** {@code text} without its reminder spans, stripped of surrounding white space; null stays null. */
    static String strip(String text) {
        if (text == null) {
            return null;
        }
        int open = text.indexOf(OPEN);
        if (open < 0) {
            return text.strip();
        }
        StringBuilder kept = new StringBuilder(text.length());
        int from = 0;
        while (open >= 0) {
            kept.append(text, from, open);
            int close = text.indexOf(CLOSE, open + OPEN.length());
            // an unclosed reminder (a body cut inside it) runs to the end
            from = close < 0 ? text.length() : close + CLOSE.length();
            open = close < 0 ? -1 : text.indexOf(OPEN, from);
        }
        kept.append(text, from, text.length());
        return kept.toString().strip();
    }
}
