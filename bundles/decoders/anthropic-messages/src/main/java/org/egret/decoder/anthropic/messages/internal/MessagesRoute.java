package org.egret.decoder.anthropic.messages.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * What a request path says: Anthropic's own {@code …/v1/messages}, an Anthropic model behind Bedrock or Vertex AI
 * (with the model and streaming taken from the path), another wire API's route, or nothing.
 *
 * @param kind   which route
 * @param model  the model named by the path (Bedrock, Vertex), else null
 * @param stream the path itself asks for a stream (Bedrock's invoke-with-response-stream, Vertex's streamRawPredict)
 */
record MessagesRoute(Kind kind, String model, boolean stream) {

    enum Kind {
        /** {@code …/v1/messages} */
        MESSAGES,
        /** {@code /model/{modelId}/invoke[-with-response-stream]}: any model family, the body tells */
        BEDROCK,
        /** {@code …/publishers/anthropic/models/{model}:rawPredict|:streamRawPredict} */
        VERTEX,
        /** a route of another wire API, or Anthropic's token counting and batches: never ours */
        OTHER_API,
        /** a path that says nothing: only the body's shape can tell */
        UNKNOWN
    }

    static final String MESSAGES_SUFFIX = "/v1/messages";
    static final String BEDROCK_INVOKE = "/invoke";
    static final String BEDROCK_INVOKE_STREAM = "/invoke-with-response-stream";
    static final String VERTEX_RAW_PREDICT = ":rawPredict";
    static final String VERTEX_STREAM_RAW_PREDICT = ":streamRawPredict";
    private static final String BEDROCK_MODEL = "/model/";
    private static final String VERTEX_MODELS = "/publishers/anthropic/models/";

    private static final MessagesRoute OTHER = new MessagesRoute(Kind.OTHER_API, null, false);
    private static final MessagesRoute NONE = new MessagesRoute(Kind.UNKNOWN, null, false);
    private static final MessagesRoute MESSAGES = new MessagesRoute(Kind.MESSAGES, null, false);

    static MessagesRoute of(String target) {
        String path = pathOf(target);
        if (path.endsWith("/") && path.length() > 1) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.endsWith(MESSAGES_SUFFIX)) {
            return MESSAGES;
        }
        if (path.endsWith("/messages/count_tokens") || path.contains("/messages/batches")) {
            return OTHER;
        }
        MessagesRoute bedrock = bedrock(path);
        if (bedrock != null) {
            return bedrock;
        }
        MessagesRoute vertex = vertex(path);
        if (vertex != null) {
            return vertex;
        }
        return isOtherWireApi(path) ? OTHER : NONE;
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
        return target.substring(0, end);
    }

    private static MessagesRoute bedrock(String path) {
        boolean stream = path.endsWith(BEDROCK_INVOKE_STREAM);
        if (!stream && !path.endsWith(BEDROCK_INVOKE)) {
            return null;
        }
        int at = path.indexOf(BEDROCK_MODEL);
        int start = at + BEDROCK_MODEL.length();
        int end = path.length() - (stream ? BEDROCK_INVOKE_STREAM : BEDROCK_INVOKE).length();
        if (at < 0 || end <= start) {
            return null;
        }
        return new MessagesRoute(Kind.BEDROCK, decode(path.substring(start, end)), stream);
    }

    private static MessagesRoute vertex(String path) {
        int at = path.indexOf(VERTEX_MODELS);
        if (at < 0) {
            return null;
        }
        boolean stream = path.endsWith(VERTEX_STREAM_RAW_PREDICT);
        if (!stream && !path.endsWith(VERTEX_RAW_PREDICT)) {
            return null;
        }
        int start = at + VERTEX_MODELS.length();
        int end = path.length() - (stream ? VERTEX_STREAM_RAW_PREDICT : VERTEX_RAW_PREDICT).length();
        if (end <= start || path.indexOf('/', start) >= 0 && path.indexOf('/', start) < end) {
            return null;
        }
        return new MessagesRoute(Kind.VERTEX, decode(path.substring(start, end)), stream);
    }

    /** Routes of other LLM wire APIs whose bodies can look like a Messages request. */
    private static boolean isOtherWireApi(String path) {
        return path.endsWith("/chat/completions") || path.endsWith("/completions") || path.endsWith("/responses")
                || path.endsWith("/embeddings") || path.endsWith("/api/chat") || path.endsWith("/api/generate")
                || path.contains(":generateContent") || path.contains(":streamGenerateContent")
                || path.endsWith("/converse") || path.endsWith("/converse-stream");
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
