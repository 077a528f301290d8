package org.egret.decoder.gemini.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * Streams one {@code GenerateContentResponse} object into a {@link ResponseChunk}. Text parts are read as strings;
 * only the small objects (function calls, usage, safety ratings, errors, unknown part kinds) become trees. Both
 * spellings the REST API emits through proxies are read ({@code finishReason} / {@code finish_reason}, …).
 */
final class ChunkReader {

    private ChunkReader() {
    }

    /**
     * Reads the object whose {@code START_OBJECT} the parser is on.
     *
     * @throws IOException when the JSON is malformed or ends early; the chunk keeps what was read before
     */
    static void readObject(JsonParser p, ResponseChunk chunk) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "candidates" -> readCandidates(p, value, chunk);
                case "usageMetadata", "usage_metadata" -> chunk.usageMetadata = objectOrNull(p, value);
                case "usage" -> chunk.foreignUsage = objectOrNull(p, value);
                case "promptFeedback", "prompt_feedback" -> chunk.promptFeedback = objectOrNull(p, value);
                case "error" -> {
                    if (value == JsonToken.START_OBJECT || value == JsonToken.VALUE_STRING) {
                        chunk.error = GeminiJson.MAPPER.readTree(p);
                    } else {
                        p.skipChildren();
                    }
                }
                case "modelVersion", "model_version" -> chunk.modelVersion = GeminiJson.stringOrNull(p, value);
                case "model" -> chunk.model = GeminiJson.stringOrNull(p, value);
                case "responseId", "response_id" -> chunk.responseId = GeminiJson.stringOrNull(p, value);
                case "createTime", "create_time" -> chunk.createTime = GeminiJson.stringOrNull(p, value);
                default -> p.skipChildren();
            }
        }
    }

    private static void readCandidates(JsonParser p, JsonToken value, ResponseChunk chunk) throws IOException {
        if (value != JsonToken.START_ARRAY) {
            p.skipChildren();
            return;
        }
        int position = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
            if (t == JsonToken.START_OBJECT) {
                ResponseChunk.Candidate c = new ResponseChunk.Candidate();
                c.index = position;
                chunk.candidates.add(c);
                readCandidate(p, c);
            } else {
                p.skipChildren();
            }
            position++;
        }
    }

    private static void readCandidate(JsonParser p, ResponseChunk.Candidate c) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "index" -> {
                    if (value == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT) {
                        c.index = p.getIntValue();
                    }
                }
                case "content" -> {
                    if (value == JsonToken.START_OBJECT) {
                        readContent(p, c);
                    } else {
                        p.skipChildren();
                    }
                }
                case "finishReason", "finish_reason" -> c.finishReason = GeminiJson.stringOrNull(p, value);
                case "finishMessage", "finish_message" -> c.finishMessage = GeminiJson.stringOrNull(p, value);
                case "safetyRatings", "safety_ratings" -> c.safetyRatings = GeminiJson.MAPPER.readTree(p);
                default -> c.extras.put(field, GeminiJson.MAPPER.readTree(p));
            }
        }
    }

    private static void readContent(JsonParser p, ResponseChunk.Candidate c) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if ("role".equals(field)) {
                c.role = GeminiJson.stringOrNull(p, value);
            } else if ("parts".equals(field) && value == JsonToken.START_ARRAY) {
                JsonToken t;
                while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
                    if (t == JsonToken.START_OBJECT) {
                        ResponseChunk.Part part = new ResponseChunk.Part();
                        c.parts.add(part);
                        readPart(p, part);
                    } else {
                        p.skipChildren();
                    }
                }
            } else {
                p.skipChildren();
            }
        }
    }

    private static void readPart(JsonParser p, ResponseChunk.Part part) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "text" -> part.text = GeminiJson.stringOrNull(p, value);
                case "thought" -> part.thought = value == JsonToken.VALUE_TRUE;
                case "thoughtSignature", "thought_signature" -> part.thoughtSignature = GeminiJson.stringOrNull(p, value);
                case "functionCall", "function_call" -> {
                    if (value == JsonToken.START_OBJECT) {
                        part.functionCall = GeminiJson.MAPPER.readTree(p);
                    } else {
                        p.skipChildren();
                    }
                }
                default -> {
                    JsonNode v = GeminiJson.MAPPER.readTree(p);
                    if (part.other == null) {
                        part.other = GeminiJson.MAPPER.createObjectNode();
                    }
                    part.other.set(field, v);
                }
            }
        }
    }

    private static JsonNode objectOrNull(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.START_OBJECT) {
            JsonNode n = GeminiJson.MAPPER.readTree(p);
            return n instanceof ObjectNode ? n : null;
        }
        p.skipChildren();
        return null;
    }
}
