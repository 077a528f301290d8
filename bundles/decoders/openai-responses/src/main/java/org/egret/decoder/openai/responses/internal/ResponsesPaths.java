package org.egret.decoder.openai.responses.internal;

/** What a request path says about the wire API: the Responses create route, its sub-resources, other APIs' routes. */
final class ResponsesPaths {

    static final String RESPONSES = "/responses";

    private ResponsesPaths() {
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
        String path = target.substring(0, end);
        if (path.startsWith("http://") || path.startsWith("https://")) {
            int slash = path.indexOf('/', path.indexOf("//") + 2);
            path = slash < 0 ? "/" : path.substring(slash);
        }
        return path;
    }

    /**
     * The create route: {@code …/v1/responses} (OpenAI, OpenRouter {@code /api/v1}, Groq {@code /openai/v1}, Azure
     * {@code /openai/v1}), Azure's {@code /openai/responses} and {@code /openai/deployments/{d}/responses}, the
     * ChatGPT backend's {@code /backend-api/codex/responses}, and a bare {@code /responses} (LiteLLM and other
     * proxies without a version prefix). One trailing slash is tolerated. Another {@code …/responses} path is only
     * judged by its body.
     */
    static boolean isCreateRoute(String path) {
        String p = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
        if (!p.endsWith(RESPONSES)) {
            return false;
        }
        String before = p.substring(0, p.length() - RESPONSES.length());
        return before.isEmpty() || before.endsWith("/v1") || before.endsWith("/openai") || before.endsWith("/codex")
                || before.contains("/openai/deployments/");
    }

    /**
     * Paths whose JSON body can carry {@code model} and {@code input} but are not a model response: Responses
     * sub-resources ({@code /responses/{id}/cancel}, {@code /responses/input_tokens}, {@code /responses/compact}),
     * embeddings, moderations, speech, classification and scoring, and other LLM wire APIs' routes.
     */
    static boolean isOtherRoute(String path) {
        return path.contains("/responses/") || path.endsWith("/completions") || path.endsWith("/messages")
                || path.contains("/messages/") || path.contains(":generateContent")
                || path.contains(":streamGenerateContent") || path.contains(":embedContent")
                || path.contains("embed") || path.contains("/moderations") || path.contains("/audio/")
                || path.endsWith("/api/chat") || path.endsWith("/api/generate") || path.endsWith("/classify")
                || path.endsWith("/score") || path.endsWith("/rerank") || path.endsWith("/pooling")
                || path.endsWith("/tokenize");
    }
}
