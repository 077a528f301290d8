package org.egret.decoder.openai.chat.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** What a request path says about the wire API: the chat route, Azure deployments, other APIs' routes. */
final class ChatPaths {

    static final String CHAT_COMPLETIONS = "/chat/completions";
    private static final String AZURE_DEPLOYMENTS = "/openai/deployments/";

    private ChatPaths() {
    }

    /** The path of a request target (origin-form or absolute-form), without query or fragment. */
    static String pathOf(String target) {
        if (target == null) {
            return "";
        }
        int end = target.length();
        int q = target.indexOf('?');
        if (q >= 0) {
            end = q;
        }
        int h = target.indexOf('#');
        if (h >= 0 && h < end) {
            end = h;
        }
        return target.substring(0, end);
    }

    /** {@code …/chat/completions}, with one trailing slash tolerated. */
    static boolean isChatCompletions(String path) {
        String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return p.endsWith(CHAT_COMPLETIONS);
    }

    /** Routes of other LLM wire APIs whose bodies can look like a chat request (Anthropic, Ollama native, …). */
    static boolean isOtherWireApi(String path) {
        return path.endsWith("/messages") || path.contains("/messages/") || path.endsWith("/responses")
                || path.endsWith("/api/chat") || path.endsWith("/api/generate") || path.contains(":generateContent")
                || path.contains(":streamGenerateContent");
    }

    /** The Azure OpenAI deployment in {@code /openai/deployments/{d}/chat/completions}, or null. */
    static String azureDeployment(String path) {
        int at = path.indexOf(AZURE_DEPLOYMENTS);
        if (at < 0) {
            return null;
        }
        int start = at + AZURE_DEPLOYMENTS.length();
        int end = path.indexOf('/', start);
        if (end <= start) {
            return null;
        }
        String segment = path.substring(start, end);
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return segment;
        }
    }
}
