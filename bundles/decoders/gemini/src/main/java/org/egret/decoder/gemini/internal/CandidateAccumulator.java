package org.egret.decoder.gemini.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.egret.api.decode.ToolCall;
import org.egret.api.decode.TurnFacts;

/**
 * One candidate merged over the chunks of a stream: consecutive text parts are concatenated (answer text and thought
 * text each into their own part, as {@code thought:true} keeps them apart on the wire), function calls and other
 * part kinds are kept whole in arrival order, and the finish reason and safety ratings last seen win.
 */
final class CandidateAccumulator {

    /** A rebuilt part: text with its thought flag, or a part kept whole. */
    static final class MergedPart {
        final StringBuilder text;
        final boolean thought;
        String thoughtSignature;
        /** the whole wire part, for function calls and other part kinds */
        final ObjectNode whole;
        final JsonNode functionCall;

        private MergedPart(StringBuilder text, boolean thought, ObjectNode whole, JsonNode functionCall) {
            this.text = text;
            this.thought = thought;
            this.whole = whole;
            this.functionCall = functionCall;
        }
    }

    final int index;
    String role;
    final List<MergedPart> parts = new ArrayList<>();
    String finishReason;
    String finishMessage;
    JsonNode safetyRatings;
    final Map<String, JsonNode> extras = new LinkedHashMap<>();

    CandidateAccumulator(int index) {
        this.index = index;
    }

    void apply(ResponseChunk.Candidate c) {
        if (c.role != null) {
            role = c.role;
        }
        for (ResponseChunk.Part p : c.parts) {
            add(p);
        }
        if (c.finishReason != null) {
            finishReason = c.finishReason;
        }
        if (c.finishMessage != null) {
            finishMessage = c.finishMessage;
        }
        if (c.safetyRatings != null && !c.safetyRatings.isNull()) {
            safetyRatings = c.safetyRatings;
        }
        extras.putAll(c.extras);
    }

    private void add(ResponseChunk.Part p) {
        if (p.functionCall != null || p.other != null || p.text == null) {
            ObjectNode whole = GeminiJson.MAPPER.createObjectNode();
            if (p.text != null) {
                whole.put("text", p.text);
            }
            if (p.thought) {
                whole.put("thought", true);
            }
            if (p.functionCall != null) {
                whole.set("functionCall", p.functionCall);
            }
            if (p.other != null) {
                whole.setAll(p.other);
            }
            if (p.thoughtSignature != null) {
                whole.put("thoughtSignature", p.thoughtSignature);
            }
            if (!whole.isEmpty()) {
                parts.add(new MergedPart(null, p.thought, whole, p.functionCall));
            }
            return;
        }
        MergedPart last = parts.isEmpty() ? null : parts.get(parts.size() - 1);
        if (last == null || last.text == null || last.thought != p.thought) {
            last = new MergedPart(new StringBuilder(), p.thought, null, null);
            parts.add(last);
        }
        last.text.append(p.text);
        // the signature closes a span of text (often on a last, empty text part); the last one seen is the one to keep
        if (p.thoughtSignature != null) {
            last.thoughtSignature = p.thoughtSignature;
        }
    }

    /**
     * The answer's text: its text parts that are no thoughts, concatenated as a client re-sends them in the next
     * request's model content; null when there is none.
     */
    String answerText() {
        StringBuilder out = new StringBuilder();
        for (MergedPart p : parts) {
            if (p.text != null && !p.thought) {
                out.append(p.text);
            }
        }
        return out.toString().isBlank() ? null : out.toString();
    }

    /** What the answer says first, for the anchor of a first call: its first function call, else its text. */
    String answerSignature() {
        for (MergedPart p : parts) {
            if (p.functionCall != null && p.functionCall.isObject()) {
                return FunctionCallSignature.of(p.functionCall);
            }
        }
        return TurnFacts.clip(answerText(), TurnFacts.TEXT_LIMIT);
    }

    /** The function calls, in order: id when the call has one (Gemini 3, Vertex), else null; args as JSON text. */
    List<ToolCall> toolCalls() {
        List<ToolCall> out = new ArrayList<>();
        for (MergedPart p : parts) {
            if (p.functionCall == null) {
                continue;
            }
            JsonNode id = p.functionCall.get("id");
            JsonNode name = p.functionCall.get("name");
            JsonNode args = p.functionCall.get("args");
            // proto JSON drops an empty args Struct: a call without args is a call with no arguments
            String arguments = args == null || args.isNull() ? "{}" : args.toString();
            out.add(new ToolCall(out.size(), id != null && id.isTextual() ? id.textValue() : null,
                    name != null && name.isTextual() ? name.textValue() : null, arguments));
        }
        return out;
    }
}
