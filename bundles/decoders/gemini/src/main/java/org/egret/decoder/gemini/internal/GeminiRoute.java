package org.egret.decoder.gemini.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * What a request target says: a Gemini generate call (model and whether it streams come from the URL, not the
 * body), another Gemini method that is not an LLM call, another wire API's route, or nothing.
 *
 * @param kind   what the route is
 * @param model  the model of {@code …/models/{model}:method}, percent-decoded; null unless a generate call
 * @param vertex the Vertex AI publisher path ({@code …/publishers/google/models/…})
 * @param altSse the query asks for SSE framing ({@code alt=sse}); without it a stream is a JSON array
 * @param keyInQuery the API key rides in the query ({@code key=…})
 */
record GeminiRoute(Kind kind, String model, boolean vertex, boolean altSse, boolean keyInQuery) {

    enum Kind {
        /** {@code :generateContent} */
        GENERATE,
        /** {@code :streamGenerateContent} */
        STREAM,
        /** countTokens, embedContent, batchEmbedContents, cachedContents …: Gemini traffic, not a call */
        NOT_A_CALL,
        /** a route of another LLM wire API */
        OTHER_WIRE_API,
        /** nothing the route alone decides */
        NONE
    }

    static final String GENERATE_CONTENT = ":generateContent";
    static final String STREAM_GENERATE_CONTENT = ":streamGenerateContent";
    private static final String VERTEX_MODELS = "/publishers/google/models/";
    private static final String[] VERSIONED_MODELS = {"/v1beta/models/", "/v1/models/", "/v1alpha/models/"};
    private static final String[] NOT_CALLS = {":countTokens", ":embedContent", ":batchEmbedContents",
        ":batchGenerateContent", ":predict", ":computeTokens"};

    private static final GeminiRoute NONE = new GeminiRoute(Kind.NONE, null, false, false, false);

    boolean isCall() {
        return kind == Kind.GENERATE || kind == Kind.STREAM;
    }

    static GeminiRoute of(String target) {
        if (target == null || target.isEmpty()) {
            return NONE;
        }
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        String query = q < 0 ? "" : target.substring(q + 1);
        int hash = query.indexOf('#');
        if (hash >= 0) {
            query = query.substring(0, hash);
        }
        if (path.contains("/cachedContents")) {
            return new GeminiRoute(Kind.NOT_A_CALL, null, false, false, false);
        }
        for (String method : NOT_CALLS) {
            if (path.endsWith(method)) {
                return new GeminiRoute(Kind.NOT_A_CALL, null, false, false, false);
            }
        }
        Kind kind;
        String method;
        if (path.endsWith(STREAM_GENERATE_CONTENT)) {
            kind = Kind.STREAM;
            method = STREAM_GENERATE_CONTENT;
        } else if (path.endsWith(GENERATE_CONTENT)) {
            kind = Kind.GENERATE;
            method = GENERATE_CONTENT;
        } else {
            return isOtherWireApi(path) ? new GeminiRoute(Kind.OTHER_WIRE_API, null, false, false, false) : NONE;
        }
        String head = path.substring(0, path.length() - method.length());
        int models = head.lastIndexOf(VERTEX_MODELS);
        boolean vertex = models >= 0;
        int modelStart = vertex ? models + VERTEX_MODELS.length() : versionedModelsEnd(head);
        if (modelStart < 0 || modelStart >= head.length() || head.indexOf('/', modelStart) >= 0) {
            // :generateContent on an unknown layout (a proxy's own prefix): the body's shape decides
            return NONE;
        }
        return new GeminiRoute(kind, decode(head.substring(modelStart)), vertex, hasParam(query, "alt", "sse"),
                hasParam(query, "key", null));
    }

    /** Index after {@code /v1beta/models/} (or v1, v1alpha), -1 when the path has none. */
    private static int versionedModelsEnd(String head) {
        for (String prefix : VERSIONED_MODELS) {
            int at = head.lastIndexOf(prefix);
            if (at >= 0) {
                return at + prefix.length();
            }
        }
        return -1;
    }

    /** Routes of other LLM wire APIs, never ours even when a body looks like Gemini's. */
    private static boolean isOtherWireApi(String path) {
        String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return p.endsWith("/chat/completions") || p.endsWith("/completions") || p.endsWith("/messages")
                || p.contains("/messages/") || p.endsWith("/responses") || p.endsWith("/api/chat")
                || p.endsWith("/api/generate") || p.endsWith("/embeddings");
    }

    /** A query parameter {@code name} (with {@code value}, or any value when null). */
    private static boolean hasParam(String query, String name, String value) {
        if (query.isEmpty()) {
            return false;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            if (!k.equals(name)) {
                continue;
            }
            if (value == null) {
                return true;
            }
            if (eq >= 0 && pair.substring(eq + 1).equalsIgnoreCase(value)) {
                return true;
            }
        }
        return false;
    }

    private static String decode(String segment) {
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
