package org.egret.decoder.openai.chat.internal;

/**
 * Tool-call ids in one spelling for the conversation anchor: some proxies drop the underscore after the id's prefix
 * ({@code calld9c1…} for {@code call_d9c1…}), and one conversation must not get two anchors for it.
 */
final class ToolCallIds {

    private static final String[] PREFIXES = {"chatcmpl", "toolu", "call", "fc"};

    private ToolCallIds() {
    }

    static String canonical(String id) {
        if (id == null) {
            return null;
        }
        for (String prefix : PREFIXES) {
            int n = prefix.length();
            if (id.length() > n && id.startsWith(prefix) && Character.isLetterOrDigit(id.charAt(n))) {
                return prefix + '_' + id.substring(n);
            }
        }
        return id;
    }
}
