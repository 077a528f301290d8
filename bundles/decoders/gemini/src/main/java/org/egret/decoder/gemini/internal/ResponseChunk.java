package org.egret.decoder.gemini.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@code GenerateContentResponse} as read from the wire: a whole response, one SSE event, or one element of a
 * JSON-array stream. Filled field by field, so a chunk broken off part way holds what came before the break.
 */
final class ResponseChunk {

    /** One part of a candidate's content. */
    static final class Part {
        String text;
        boolean thought;
        String thoughtSignature;
        /** the {@code functionCall} object, kept whole */
        JsonNode functionCall;
        /** fields of any other part kind ({@code inlineData}, {@code executableCode}, …), kept whole */
        ObjectNode other;

        /** Text (answer or thought) that is not empty, or a function call. */
        boolean carriesOutput() {
            return functionCall != null || (text != null && !text.isEmpty());
        }
    }

    /** One {@code candidates[]} element. */
    static final class Candidate {
        /** the wire {@code index}, else the position in the array */
        int index;
        String role;
        final List<Part> parts = new ArrayList<>();
        String finishReason;
        String finishMessage;
        JsonNode safetyRatings;
        /** other candidate fields ({@code citationMetadata}, {@code groundingMetadata}, {@code avgLogprobs}, …) */
        final Map<String, JsonNode> extras = new LinkedHashMap<>();
    }

    final List<Candidate> candidates = new ArrayList<>(1);
    JsonNode usageMetadata;
    /** a {@code usage} object with OpenAI or Anthropic names, from proxies that translate answers */
    JsonNode foreignUsage;
    JsonNode promptFeedback;
    JsonNode error;
    String modelVersion;
    String model;
    String responseId;
    String createTime;

    boolean carriesOutput() {
        for (Candidate c : candidates) {
            for (Part p : c.parts) {
                if (p.carriesOutput()) {
                    return true;
                }
            }
        }
        return false;
    }
}
