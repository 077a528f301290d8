package org.egret.decoder.openai.chat.internal;

import java.util.List;
import java.util.Locale;
import org.egret.api.http.HttpHeader;
import org.egret.api.http.HttpRequest;

/** Decides how sure we are that a request is a Chat Completions call, from route, headers and body shape. */
final class ChatRequestProbe {

    /** POST to {@code …/chat/completions} without Anthropic signals. */
    static final int CHAT_ROUTE = 90;
    /** Any other path whose JSON body has the chat shape. */
    static final int CHAT_SHAPE = 50;
    /**
     * The chat route and a chat-shaped body, but Anthropic credentials or headers: Anthropic's own OpenAI-compatible
     * endpoint, or a proxy that forwards Anthropic headers. Low, so that any decoder that is sure wins.
     */
    static final int CHAT_ROUTE_ANTHROPIC_SIGNALS = 30;

    private ChatRequestProbe() {
    }

    static int score(HttpRequest request) {
        try {
            if (request == null || !"POST".equalsIgnoreCase(request.method())) {
                return 0;
            }
            String path = ChatPaths.pathOf(request.target());
            boolean anthropic = hasAnthropicSignals(request.headers());
            if (ChatPaths.isChatCompletions(path)) {
                if (!anthropic) {
                    return CHAT_ROUTE;
                }
                ChatRequestScan scan = ChatRequestScan.of(request.body());
                return scan.looksLikeChat() && !scan.anthropicShape() ? CHAT_ROUTE_ANTHROPIC_SIGNALS : 0;
            }
            if (anthropic || ChatPaths.isOtherWireApi(path) || !isJsonOrUntyped(request.headers())) {
                return 0;
            }
            ChatRequestScan scan = ChatRequestScan.of(request.body());
            return scan.looksLikeChat() && !scan.anthropicShape() ? CHAT_SHAPE : 0;
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** {@code anthropic-version}, or an Anthropic key in {@code x-api-key} or a bearer token. */
    static boolean hasAnthropicSignals(List<HttpHeader> headers) {
        if (headers == null) {
            return false;
        }
        for (HttpHeader h : headers) {
            String name = h.name();
            String value = h.value();
            if (name == null) {
                continue;
            }
            if (name.equalsIgnoreCase("anthropic-version")) {
                return true;
            }
            if (value == null) {
                continue;
            }
            String v = value.strip();
            if (name.equalsIgnoreCase("x-api-key") && v.startsWith("sk-ant-")) {
                return true;
            }
            if (name.equalsIgnoreCase("authorization") && v.regionMatches(true, 0, "Bearer ", 0, 7)
                    && v.substring(7).strip().startsWith("sk-ant-")) {
                return true;
            }
        }
        return false;
    }

    /** The shape fallback only looks at bodies that say they are JSON, or say nothing. */
    private static boolean isJsonOrUntyped(List<HttpHeader> headers) {
        if (headers == null) {
            return true;
        }
        String type = HttpHeader.first(headers, "content-type");
        return type == null || type.isBlank() || type.toLowerCase(Locale.ROOT).contains("json");
    }
}
