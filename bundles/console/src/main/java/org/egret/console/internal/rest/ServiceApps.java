package org.egret.console.internal.rest;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which serving app an endpoint runs (Heron's Services badge): one of ollama, llamacpp, vllm, sglang, litellm,
 * openai, anthropic, gemini, or unknown. It knows only what its calls' stored columns say: the server kind the
 * pipeline read from each exchange's response headers and bodies (the strongest signal: a LiteLLM proxy marks its
 * answers whatever backend it forwards to), then routes only one app serves, then the provider's host name.
 * Bodies and headers are not read again here.
 */
final class ServiceApps {

    static final String UNKNOWN = "unknown";

    /**
     * One combination of what the calls of an endpoint were sent to and answered by.
     *
     * @param requestPath the request path, query included or not
     * @param host        the Host header, port included or not
     * @param serverKind  the pipeline's classification of the answering server
     * @param calls       how many calls had these
     */
    record Evidence(String requestPath, String host, String serverKind, long calls) {
    }

    private static final Set<String> OLLAMA_PATHS = Set.of("/api/chat", "/api/generate", "/api/tags", "/api/show",
            "/api/version", "/api/embed", "/api/embeddings", "/api/ps");
    private static final Set<String> LLAMACPP_PATHS = Set.of("/completion", "/tokenize", "/detokenize", "/props",
            "/infill", "/slots");
    private static final Set<String> SGLANG_PATHS = Set.of("/generate", "/health_generate", "/get_server_info",
            "/flush_cache", "/encode", "/get_model_info");
    private static final Set<String> VLLM_PATHS = Set.of("/version", "/v1/score", "/score", "/pooling",
            "/v1/rerank", "/rerank");

    private ServiceApps() {
    }

    static String classify(List<Evidence> evidence) {
        Map<String, Long> kinds = new HashMap<>();
        for (Evidence e : evidence) {
            String k = e.serverKind() == null ? "" : e.serverKind().toLowerCase(Locale.ROOT);
            if (!k.isEmpty() && !k.equals(UNKNOWN)) {
                kinds.merge(k, e.calls(), Long::sum);
            }
        }
        if (kinds.containsKey("litellm")) {
            return "litellm";
        }
        if (!kinds.isEmpty()) {
            return kinds.entrySet().stream()
                    .max(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey(
                            java.util.Comparator.reverseOrder())))
                    .orElseThrow().getKey();
        }
        for (Evidence e : evidence) {
            String app = byPath(e.requestPath());
            if (app != null) {
                return app;
            }
        }
        for (Evidence e : evidence) {
            String app = byHost(e.host());
            if (app != null) {
                return app;
            }
        }
        return UNKNOWN;
    }

    static String byPath(String requestPath) {
        if (requestPath == null) {
            return null;
        }
        int q = requestPath.indexOf('?');
        String p = q < 0 ? requestPath : requestPath.substring(0, q);
        if (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (OLLAMA_PATHS.contains(p)) {
            return "ollama";
        }
        if (LLAMACPP_PATHS.contains(p)) {
            return "llamacpp";
        }
        if (SGLANG_PATHS.contains(p)) {
            return "sglang";
        }
        if (VLLM_PATHS.contains(p)) {
            return "vllm";
        }
        return null;
    }

    static String byHost(String host) {
        if (host == null) {
            return null;
        }
        String h = host.toLowerCase(Locale.ROOT).strip();
        int colon = h.lastIndexOf(':');
        if (colon > 0 && h.indexOf(']') < colon) {
            h = h.substring(0, colon);
        }
        if (h.equals("openai.com") || h.endsWith(".openai.com") || h.endsWith(".openai.azure.com")) {
            return "openai";
        }
        if (h.equals("anthropic.com") || h.endsWith(".anthropic.com")) {
            return "anthropic";
        }
        if (h.equals("generativelanguage.googleapis.com")) {
            return "gemini";
        }
        return null;
    }
}
