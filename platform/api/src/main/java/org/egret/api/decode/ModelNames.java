package org.egret.api.decode;

import java.util.Locale;

/** How requested and served model names compare across providers. */
public final class ModelNames {

    private ModelNames() {
    }

    /**
     * True when the served model is another model than the requested one. Not a substitution: the same name up to
     * case; a provider prefix on either side ({@code models/gemini-2.5-flash}, {@code openai/gpt-4o}); a dated or
     * numbered snapshot of the requested alias ({@code gpt-4o-mini} → {@code gpt-4o-mini-2024-07-18},
     * {@code claude-sonnet-4-5} → {@code claude-sonnet-4-5-20250929}, {@code gemini-1.5-pro} →
     * {@code gemini-1.5-pro-002}); {@code -latest} answered by a snapshot. Unknown on either side is no substitution.
     */
    public static boolean isSubstitution(String requested, String served) {
        if (requested == null || served == null || requested.isBlank() || served.isBlank()) {
            return false;
        }
        String r = bare(requested);
        String s = bare(served);
        if (r.equals(s)) {
            return false;
        }
        if (r.endsWith("-latest")) {
            r = r.substring(0, r.length() - "-latest".length());
        }
        return !(isSnapshotOf(s, r) || isSnapshotOf(r, s));
    }

    /** {@code name} is {@code alias} followed by a version suffix made of digits, dashes, dots and {@code v}. */
    private static boolean isSnapshotOf(String name, String alias) {
        if (!name.startsWith(alias) || name.length() < alias.length() + 2) {
            return false;
        }
        char sep = name.charAt(alias.length());
        if (sep != '-' && sep != '@' && sep != ':') {
            return false;
        }
        boolean digit = false;
        for (int i = alias.length() + 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if (c != '-' && c != '.' && c != 'v') {
                return false;
            }
        }
        return digit;
    }

    /** Lower case, without a provider or path prefix ({@code models/}, {@code openai/}, {@code publishers/x/models/}). */
    private static String bare(String model) {
        String m = model.strip().toLowerCase(Locale.ROOT);
        int slash = m.lastIndexOf('/');
        return slash >= 0 ? m.substring(slash + 1) : m;
    }
}
