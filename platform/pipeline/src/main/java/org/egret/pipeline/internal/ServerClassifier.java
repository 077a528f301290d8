package org.egret.pipeline.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.egret.api.decode.LlmCall;
import org.egret.api.http.HttpExchange;
import org.egret.api.http.HttpHeader;
import org.egret.api.http.HttpRequest;
import org.egret.api.http.HttpResponse;
import org.egret.api.http.SseEvent;

/**
 * Tells which server software answered a call, from the bytes alone: response headers first (the most specific
 * signal: a proxy such as LiteLLM adds its own next to the backend's), then body quirks of the self-hosted servers,
 * then the request's host and path. One of openai, anthropic, gemini, vllm, sglang, ollama, llamacpp, litellm,
 * unknown.
 */
final class ServerClassifier {

    static final String UNKNOWN = "unknown";
    /** Bytes of a body, or of one event's data, searched for quirks: they sit in the first object's fields. */
    private static final int QUIRK_WINDOW = 4096;

    private ServerClassifier() {
    }

    /** Sets the call's server kind unless its decoder already recognised the server. */
    static void classify(LlmCall call, HttpExchange exchange) {
        if (call.getServerKind() == null) {
            call.setServerKind(of(exchange));
        }
    }

    static String of(HttpExchange exchange) {
        HttpResponse response = exchange.response();
        String byHeaders = response == null ? null : byHeaders(response.headers());
        if (byHeaders != null) {
            return byHeaders;
        }
        String byBody = response == null ? null : byBody(response);
        if (byBody != null) {
            return byBody;
        }
        return byRequest(exchange.request(), exchange.server() == null ? 0 : exchange.server().port());
    }

    private static String byHeaders(List<HttpHeader> headers) {
        if (headers == null) {
            return null;
        }
        String found = null;
        for (HttpHeader h : headers) {
            String name = h.name() == null ? "" : h.name().toLowerCase(Locale.ROOT);
            String value = h.value() == null ? "" : h.value();
            if (name.startsWith("x-litellm-")) {
                return "litellm"; // the proxy answered, whatever backend headers it forwards
            }
            if (found != null) {
                continue;
            }
            if (name.startsWith("openai-") || name.equals("x-ms-region") || name.equals("apim-request-id")
                    || name.equals("azureml-model-session")) {
                found = "openai";
            } else if (name.startsWith("anthropic-") || name.equals("x-amzn-bedrock-input-token-count")) {
                found = "anthropic";
            } else if (name.equals("server")) {
                found = byServerHeader(value.toLowerCase(Locale.ROOT));
            }
        }
        return found;
    }

    private static String byServerHeader(String server) {
        if (server.startsWith("scaffolding on httpserver2") || server.equals("esf")) {
            return "gemini";
        }
        if (server.contains("llama.cpp")) {
            return "llamacpp";
        }
        if (server.contains("ollama")) {
            return "ollama";
        }
        return null; // uvicorn, nginx, cloudflare…: says nothing about the model server
    }

    /** Field names and values only one server family writes into its OpenAI-compatible bodies. */
    private static String byBody(HttpResponse response) {
        List<SseEvent> events = response.events();
        if (events != null && !events.isEmpty()) {
            // usage, timings and stop details ride on the last chunks; ids and fingerprints on the first
            String found = byQuirk(events.get(0).data());
            for (int i = Math.max(1, events.size() - 3); found == null && i < events.size(); i++) {
                found = byQuirk(events.get(i).data());
            }
            return found;
        }
        byte[] body = response.body();
        if (body == null || body.length == 0) {
            return null;
        }
        return byQuirk(new String(body, 0, Math.min(body.length, QUIRK_WINDOW), StandardCharsets.UTF_8));
    }

    static String byQuirk(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        String t = text.length() > QUIRK_WINDOW ? text.substring(0, QUIRK_WINDOW) : text;
        if (t.contains("\"fp_ollama\"") || t.contains("\"done_reason\"") && t.contains("\"eval_count\"")) {
            return "ollama";
        }
        if (t.contains("\"timings\"") && t.contains("\"predicted_ms\"") || t.contains("\"__verbose\"")) {
            return "llamacpp";
        }
        if (t.contains("\"matched_stop\"") || t.contains("\"sglext\"")) {
            return "sglang";
        }
        if (t.contains("\"prompt_logprobs\"") || t.contains("\"kv_transfer_params\"")
                || t.contains("\"stop_reason\"") && t.contains("\"choices\"")) {
            return "vllm";
        }
        return null;
    }

    /** Last resort: the provider's own host names and the self-hosted servers' default ports and routes. */
    private static String byRequest(HttpRequest request, int serverPort) {
        if (request == null) {
            return UNKNOWN;
        }
        String host = request.header("host");
        host = host == null ? "" : host.toLowerCase(Locale.ROOT);
        String path = request.path() == null ? "" : request.path();
        if (host.endsWith("openai.com") || host.endsWith(".openai.azure.com")) {
            return "openai";
        }
        if (host.endsWith("anthropic.com")) {
            return "anthropic";
        }
        if (host.endsWith("generativelanguage.googleapis.com")) {
            return "gemini";
        }
        if (serverPort == 11434 || path.startsWith("/api/chat") || path.startsWith("/api/generate")) {
            return "ollama";
        }
        return UNKNOWN;
    }
}
