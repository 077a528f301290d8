package org.egret.decoder.anthropic.messages.internal;

import java.util.List;
import java.util.Locale;
import org.egret.api.http.HttpHeader;
import org.egret.api.http.HttpRequest;

/** Decides how sure we are that a request is an Anthropic Messages call, from route, headers and body shape. */
final class MessagesRequestProbe {

    /** {@code …/v1/messages} with Anthropic headers or key; Bedrock or Vertex with {@code anthropic_version}. */
    static final int ROUTE_WITH_SIGNALS = 95;
    /** {@code …/v1/messages} alone (a proxy that drops the headers), or Vertex's Anthropic route alone. */
    static final int ROUTE = 85;
    /** A Messages-shaped JSON body on a path that says nothing. */
    static final int SHAPE = 50;

    private MessagesRequestProbe() {
    }

    static int score(HttpRequest request) {
        try {
            if (request == null || !"POST".equalsIgnoreCase(request.method())) {
                return 0;
            }
            MessagesRoute route = MessagesRoute.of(request.target());
            return switch (route.kind()) {
                case MESSAGES -> AnthropicSignals.present(request.headers()) ? ROUTE_WITH_SIGNALS : ROUTE;
                case BEDROCK -> bedrock(request, route);
                case VERTEX -> RequestShapeScan.of(request.body()).anthropicVersion() ? ROUTE_WITH_SIGNALS : ROUTE;
                case OTHER_API -> 0;
                case UNKNOWN -> shape(request);
            };
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** Bedrock's invoke route serves every model family: the body's {@code anthropic_version}, or the model id, tells. */
    private static int bedrock(HttpRequest request, MessagesRoute route) {
        if (RequestShapeScan.of(request.body()).anthropicVersion()) {
            return ROUTE_WITH_SIGNALS;
        }
        String model = route.model() == null ? "" : route.model().toLowerCase(Locale.ROOT);
        return model.contains("anthropic.") ? ROUTE : 0;
    }

    private static int shape(HttpRequest request) {
        if (!isJsonOrUntyped(request.headers())) {
            return 0;
        }
        RequestShapeScan scan = RequestShapeScan.of(request.body());
        if (!scan.looksLikeMessages()) {
            return 0;
        }
        boolean sure = AnthropicSignals.present(request.headers()) || scan.systemOrStopSequences()
                || scan.anthropicVersion();
        return sure ? SHAPE : 0;
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
