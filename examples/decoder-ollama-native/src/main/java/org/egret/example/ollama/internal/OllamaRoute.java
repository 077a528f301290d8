package org.egret.example.ollama.internal;

/** The two generating routes of Ollama's native API, and the routes of other wire APIs this decoder leaves alone. */
enum OllamaRoute {
    CHAT, GENERATE;

    static final String CHAT_PATH = "/api/chat";
    static final String GENERATE_PATH = "/api/generate";

    /** The route of a request target (query dropped, one trailing slash tolerated), or null. */
    static OllamaRoute of(String target) {
        String path = pathOf(target);
        if (path.endsWith(CHAT_PATH)) {
            return CHAT;
        }
        if (path.endsWith(GENERATE_PATH)) {
            return GENERATE;
        }
        return null;
    }

    /** OpenAI, Anthropic and Gemini routes: never claimed by body shape, whatever the body looks like. */
    static boolean isOtherWireApi(String target) {
        String path = pathOf(target);
        return path.endsWith("/completions") || path.endsWith("/messages") || path.contains("/messages/")
                || path.endsWith("/responses") || path.endsWith("/embeddings") || path.contains(":generateContent")
                || path.contains(":streamGenerateContent");
    }

    static String pathOf(String target) {
        if (target == null) {
            return "";
        }
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
