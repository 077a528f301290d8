package org.egret.decoder.gemini.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.TreeMap;

/**
 * Everything read from a response or from the chunks of a stream: identity (first non-empty value wins), candidates
 * by index, and the usage, prompt feedback and error last seen (Gemini repeats usage on every chunk, growing).
 */
final class ResponseAccumulator {

    String responseId;
    String modelVersion;
    String model;
    String createTime;
    final TreeMap<Integer, CandidateAccumulator> candidates = new TreeMap<>();
    JsonNode usageMetadata;
    JsonNode foreignUsage;
    JsonNode promptFeedback;
    JsonNode error;
    int chunks;

    void apply(ResponseChunk chunk) {
        chunks++;
        responseId = first(responseId, chunk.responseId);
        modelVersion = first(modelVersion, chunk.modelVersion);
        model = first(model, chunk.model);
        createTime = first(createTime, chunk.createTime);
        for (ResponseChunk.Candidate c : chunk.candidates) {
            candidates.computeIfAbsent(c.index, CandidateAccumulator::new).apply(c);
        }
        if (chunk.usageMetadata != null) {
            usageMetadata = chunk.usageMetadata;
        }
        if (chunk.foreignUsage != null) {
            foreignUsage = chunk.foreignUsage;
        }
        if (chunk.promptFeedback != null) {
            promptFeedback = chunk.promptFeedback;
        }
        if (chunk.error != null && !chunk.error.isNull()) {
            error = chunk.error;
        }
    }

    /** The served model: {@code modelVersion}, else a {@code model} field (proxies). */
    String servedModel() {
        return modelVersion != null ? modelVersion : model;
    }

    /** Candidate 0, or the lowest-indexed one; null when there is none. */
    CandidateAccumulator firstCandidate() {
        CandidateAccumulator c = candidates.get(0);
        return c != null || candidates.isEmpty() ? c : candidates.firstEntry().getValue();
    }

    /** {@code promptFeedback.blockReason}: the prompt itself was refused, and there are no candidates. */
    String blockReason() {
        if (promptFeedback == null) {
            return null;
        }
        JsonNode r = promptFeedback.get("blockReason");
        return r != null && r.isTextual() && !r.textValue().isEmpty() ? r.textValue() : null;
    }

    boolean anyFinishReason() {
        for (CandidateAccumulator c : candidates.values()) {
            if (c.finishReason != null) {
                return true;
            }
        }
        return false;
    }

    private static String first(String have, String offered) {
        return have != null || offered == null || offered.isEmpty() ? have : offered;
    }
}
