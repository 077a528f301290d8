package org.egret.decoder.anthropic.messages.internal;

import java.util.regex.Pattern;

/**
 * Bedrock and Vertex AI name Anthropic models their own way ({@code us.anthropic.claude-sonnet-4-20250514-v1:0},
 * {@code claude-sonnet-4@20250514}); the served message names them Anthropic's way. This turns a path's model id
 * into Anthropic's form, so that only a real substitution counts as one.
 */
final class ProviderModelIds {

    private static final Pattern BEDROCK_VERSION = Pattern.compile("-v\\d+(:\\d+)?$");
    private static final String BEDROCK_PROVIDER = "anthropic.";

    private ProviderModelIds() {
    }

    /** The model id in Anthropic's form, for comparison with the served model; unchanged for direct calls. */
    static String comparable(String requested, MessagesRoute.Kind route) {
        if (requested == null) {
            return null;
        }
        return switch (route) {
            case BEDROCK -> bedrock(requested);
            case VERTEX -> requested.replace('@', '-');
            default -> requested;
        };
    }

    /** Without the ARN, the cross-region prefix ({@code us.}, {@code eu.}, …), {@code anthropic.} and {@code -v1:0}. */
    private static String bedrock(String id) {
        String m = id;
        int slash = m.lastIndexOf('/');
        if (m.startsWith("arn:") && slash >= 0) {
            m = m.substring(slash + 1);
        }
        int provider = m.indexOf(BEDROCK_PROVIDER);
        if (provider >= 0) {
            m = m.substring(provider + BEDROCK_PROVIDER.length());
        }
        return BEDROCK_VERSION.matcher(m).replaceFirst("");
    }
}
