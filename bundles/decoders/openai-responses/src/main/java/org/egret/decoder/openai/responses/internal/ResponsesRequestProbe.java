package org.egret.decoder.openai.responses.internal;

import java.util.List;
import java.util.Locale;
import org.egret.api.http.HttpHeader;
import org.egret.api.http.HttpRequest;

/** Decides how sure we are that a request creates an OpenAI response, from route, headers and body shape. */
final class ResponsesRequestProbe {

    /** POST to the create route with OpenAI-style credentials ({@code Authorization: Bearer}, Azure's {@code api-key}). */
    static final int ROUTE_WITH_CREDENTIALS = 95;
    /** POST to the create route without credentials on the wire (a local proxy, a gateway that adds them). */
    static final int ROUTE = 85;
    /** Any other path whose JSON body has the Responses shape. */
    static final int SHAPE = 50;
    /**
     * The create route and a Responses-shaped body, but Anthropic credentials or headers. Low, so that any decoder
     * that is sure wins.
     */
    static final int ROUTE_ANTHROPIC_SIGNALS = 30;

    private ResponsesRequestProbe() {
    }

    static int score(HttpRequest request) {
        try {
            if (request == null || !"POST".equalsIgnoreCase(request.method())) {
                return 0;
            }
            String path = ResponsesPaths.pathOf(request.target());
            List<HttpHeader> headers = request.headers() != null ? request.headers() : List.of();
            boolean anthropic = hasAnthropicSignals(headers);
            if (ResponsesPaths.isCreateRoute(path)) {
                if (anthropic) {
                    return ResponsesRequestShape.of(request.body()).looksLikeResponses() ? ROUTE_ANTHROPIC_SIGNALS : 0;
                }
                return hasOpenAiCredentials(headers) ? ROUTE_WITH_CREDENTIALS : ROUTE;
            }
            if (anthropic || ResponsesPaths.isOtherRoute(path) || !isJsonOrUntyped(headers)) {
                return 0;
            }
            return ResponsesRequestShape.of(request.body()).looksLikeResponses() ? SHAPE : 0;
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** {@code anthropic-version}, or an Anthropic key in {@code x-api-key} or a bearer token. */
    static boolean hasAnthropicSignals(List<HttpHeader> headers) {
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
            if (name.equalsIgnoreCase("authorization") && isBearer(v) && v.substring(7).strip().startsWith("sk-ant-")) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasOpenAiCredentials(List<HttpHeader> headers) {
        for (HttpHeader h : headers) {
            String name = h.name();
            String value = h.value();
            if (name == null || value == null || value.isBlank()) {
                continue;
            }
            if (name.equalsIgnoreCase("api-key") || (name.equalsIgnoreCase("authorization") && isBearer(value.strip()))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isBearer(String v) {
        return v.length() > 7 && v.regionMatches(true, 0, "Bearer ", 0, 7);
    }

    /** The shape fallback only looks at bodies that say they are JSON, or say nothing. */
    private static boolean isJsonOrUntyped(List<HttpHeader> headers) {
        String type = null;
        for (HttpHeader h : headers) {
            if (h.name() != null && h.name().equalsIgnoreCase("content-type")) {
                type = h.value();
                break;
            }
        }
        return type == null || type.isBlank() || type.toLowerCase(Locale.ROOT).contains("json");
    }
}
