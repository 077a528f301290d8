package org.egret.example.ollama.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import org.egret.api.http.HttpRequest;

/**
 * How sure we are that a request is an Ollama native call. The route decides without reading the body; the body is
 * read only for a request on another path, where Ollama's own fields (options, keep_alive, think) tell it apart.
 */
final class OllamaRequestProbe {

    /** The route and an Ollama client library's User-Agent. */
    static final int ROUTE_AND_CLIENT = 95;
    /** The route alone (curl, a proxy, an agent with its own HTTP client). */
    static final int ROUTE = 85;
    /** Another path, but a JSON body with the model and Ollama's own request fields. */
    static final int SHAPE = 55;

    private OllamaRequestProbe() {
    }

    static int score(HttpRequest request) {
        try {
            if (request == null || !"POST".equalsIgnoreCase(request.method())) {
                return 0;
            }
            if (OllamaRoute.of(request.target()) != null) {
                return isOllamaClient(request.header("user-agent")) ? ROUTE_AND_CLIENT : ROUTE;
            }
            if (OllamaRoute.isOtherWireApi(request.target()) || !isJsonOrUntyped(request.header("content-type"))) {
                return 0;
            }
            return hasOllamaShape(OllamaJson.tree(request.body())) ? SHAPE : 0;
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** ollama-js, ollama-python and their descendants say who they are. */
    private static boolean isOllamaClient(String userAgent) {
        return userAgent != null && userAgent.toLowerCase(Locale.ROOT).startsWith("ollama");
    }

    private static boolean isJsonOrUntyped(String contentType) {
        return contentType == null || contentType.isBlank() || contentType.toLowerCase(Locale.ROOT).contains("json");
    }

    /** A model and messages or a prompt, plus a field only Ollama's API has. */
    static boolean hasOllamaShape(JsonNode body) {
        if (body == null || !body.path("model").isTextual()) {
            return false;
        }
        boolean asks = body.path("messages").isArray() || body.path("prompt").isTextual();
        boolean ollamaOnly = body.path("options").isObject() || body.has("keep_alive") || body.has("think");
        return asks && ollamaOnly && !body.has("input");
    }
}
