package org.egret.decoder.gemini.internal;

import java.util.List;
import java.util.Locale;
import org.egret.api.http.HttpHeader;
import org.egret.api.http.HttpRequest;

/** Decides how sure we are that a request is a Gemini generate call, from route, credentials and body shape. */
final class GeminiRequestProbe {

    /** A generate route and a Gemini credential ({@code x-goog-api-key}, {@code key=}, or a bearer token). */
    static final int ROUTE_WITH_CREDENTIALS = 95;
    /** A generate route alone (a proxy that strips credentials, or a keyless local gateway). */
    static final int ROUTE = 85;
    /** Another path whose JSON body has the Gemini shape (Gemini CLI through a proxy's own prefix). */
    static final int SHAPE = 50;

    private GeminiRequestProbe() {
    }

    static int score(HttpRequest request) {
        try {
            if (request == null || !"POST".equalsIgnoreCase(request.method())) {
                return 0;
            }
            GeminiRoute route = GeminiRoute.of(request.target());
            switch (route.kind()) {
                case GENERATE, STREAM -> {
                    return route.keyInQuery() || hasCredentials(request.headers()) ? ROUTE_WITH_CREDENTIALS : ROUTE;
                }
                case NOT_A_CALL, OTHER_WIRE_API -> {
                    return 0;
                }
                default -> {
                    if (!isJsonOrUntyped(request.headers())) {
                        return 0;
                    }
                    return GeminiRequestShape.of(request.body()).looksLikeGemini() ? SHAPE : 0;
                }
            }
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private static boolean hasCredentials(List<HttpHeader> headers) {
        if (headers == null) {
            return false;
        }
        for (HttpHeader h : headers) {
            String name = h.name();
            String value = h.value();
            if (name == null || value == null || value.isBlank()) {
                continue;
            }
            if (name.equalsIgnoreCase("x-goog-api-key")) {
                return true;
            }
            if (name.equalsIgnoreCase("authorization") && value.strip().regionMatches(true, 0, "Bearer ", 0, 7)) {
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
