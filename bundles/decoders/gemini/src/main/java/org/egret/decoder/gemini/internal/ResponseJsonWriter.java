package org.egret.decoder.gemini.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.StringWriter;
import java.util.Map;

/**
 * Writes a stream's merged chunks as the one non-streaming {@code GenerateContentResponse} the same call would have
 * answered: candidates with their merged parts, prompt feedback, usage, model version and response id. An error
 * that ended the stream is kept as a top-level {@code error}, the shape the API gives it inside the stream.
 */
final class ResponseJsonWriter {

    private ResponseJsonWriter() {
    }

    static String write(ResponseAccumulator acc) throws IOException {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = GeminiJson.FACTORY.createGenerator(out)) {
            g.writeStartObject();
            if (!acc.candidates.isEmpty()) {
                g.writeArrayFieldStart("candidates");
                for (CandidateAccumulator c : acc.candidates.values()) {
                    writeCandidate(g, c);
                }
                g.writeEndArray();
            }
            tree(g, "promptFeedback", acc.promptFeedback);
            tree(g, "usageMetadata", acc.usageMetadata);
            tree(g, "usage", acc.foreignUsage);
            string(g, "modelVersion", acc.modelVersion);
            if (acc.modelVersion == null) {
                string(g, "model", acc.model);
            }
            string(g, "createTime", acc.createTime);
            string(g, "responseId", acc.responseId);
            tree(g, "error", acc.error);
            g.writeEndObject();
        }
        return out.toString();
    }

    private static void writeCandidate(JsonGenerator g, CandidateAccumulator c) throws IOException {
        g.writeStartObject();
        if (!c.parts.isEmpty()) {
            g.writeObjectFieldStart("content");
            g.writeArrayFieldStart("parts");
            for (CandidateAccumulator.MergedPart p : c.parts) {
                if (p.whole != null) {
                    g.writeTree(p.whole);
                    continue;
                }
                g.writeStartObject();
                g.writeStringField("text", p.text.toString());
                if (p.thought) {
                    g.writeBooleanField("thought", true);
                }
                string(g, "thoughtSignature", p.thoughtSignature);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeStringField("role", c.role != null ? c.role : "model");
            g.writeEndObject();
        }
        string(g, "finishReason", c.finishReason);
        string(g, "finishMessage", c.finishMessage);
        g.writeNumberField("index", c.index);
        tree(g, "safetyRatings", c.safetyRatings);
        for (Map.Entry<String, JsonNode> e : c.extras.entrySet()) {
            tree(g, e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }

    private static void string(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }

    private static void tree(JsonGenerator g, String name, JsonNode value) throws IOException {
        if (value != null && !value.isNull() && !value.isMissingNode()) {
            g.writeFieldName(name);
            g.writeTree(value);
        }
    }
}
