package org.egret.api.decode;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How requested and served model names compare across providers. */
public final class ModelNames {

    /** {@code [region.]<provider>.<model>[-v<n>[:<m>]]}, as Bedrock names foundation models. */
    private static final Pattern BEDROCK_ID = Pattern.compile(
            "(?:[a-z]{2,4}\\.)?(?:anthropic|meta|mistral|amazon|cohere|ai21|deepseek|openai|qwen)\\.(.+?)(?:-v\\d+(?::\\d+)?)?");

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
        String r = canonical(requested);
        String s = canonical(served);
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
        if (sep != '-' && sep != ':') {
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

    /**
     * A model's name as providers compare it: lower case, without a path or provider prefix ({@code models/},
     * {@code openai/}, {@code publishers/x/models/}, a Bedrock ARN), without Bedrock's region and provider prefix and
     * version suffix ({@code us.anthropic.claude-sonnet-4-20250514-v1:0} is {@code claude-sonnet-4-20250514}), and
     * with Vertex AI's {@code @} before a snapshot date as {@code -}. Null stays null.
     */
    public static String canonical(String model) {
        if (model == null) {
            return null;
        }
        String m = model.strip().toLowerCase(Locale.ROOT);
        int slash = m.lastIndexOf('/');
        if (slash >= 0) {
            m = m.substring(slash + 1);
        }
        Matcher bedrock = BEDROCK_ID.matcher(m);
        if (bedrock.matches()) {
            m = bedrock.group(1);
        }
        return m.replace('@', '-');
    }
}
