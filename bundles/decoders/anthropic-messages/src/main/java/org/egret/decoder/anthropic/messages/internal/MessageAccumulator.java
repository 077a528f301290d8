package org.egret.decoder.anthropic.messages.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.egret.api.decode.ToolCall;
import org.egret.api.decode.TurnFacts;

/**
 * Everything read from a message, whole or streamed: the message object {@code message_start} carried, its blocks
 * by index, the stop reason and sequence, the usage (message_start's, overridden field by field by message_delta's),
 * and error details.
 */
final class MessageAccumulator {

    /** the {@code message} of message_start (or the whole non-streaming message); its field order is kept */
    ObjectNode message;
    String id;
    String model;
    String stopReason;
    boolean hasStopSequence;
    String stopSequence;
    /** merged usage; null until some usage arrived */
    ObjectNode usage;
    final TreeMap<Integer, ContentBlockAccumulator> blocks = new TreeMap<>();
    /** the {@code error} value of an error event or body: an object, or a bare string */
    JsonNode error;
    /** a top-level {@code message} string (Bedrock's and gateways' error bodies) */
    String topMessage;
    /** Bedrock's {@code amazon-bedrock-invocationMetrics} on message_stop: a usage fallback */
    JsonNode bedrockMetrics;
    /** another API's {@code choices[0].finish_reason}, from a proxy that answered in that shape */
    String foreignFinishReason;

    void startMessage(ObjectNode m) {
        message = m;
        offerId(m.get("id"));
        offerModel(m.get("model"));
        JsonNode stop = m.get("stop_reason");
        if (stop != null && stop.isTextual()) {
            stopReason = stop.textValue();
        }
        JsonNode seq = m.get("stop_sequence");
        if (seq != null) {
            hasStopSequence = true;
            stopSequence = seq.isTextual() ? seq.textValue() : null;
        }
        JsonNode u = m.get("usage");
        if (u != null && u.isObject()) {
            mergeUsage((ObjectNode) u);
        }
    }

    ContentBlockAccumulator block(int index) {
        return blocks.computeIfAbsent(index, ContentBlockAccumulator::new);
    }

    void applyMessageDelta(DeltaFragment d) {
        if (d.stopReason != null) {
            stopReason = d.stopReason;
        }
        if (d.hasStopSequence) {
            hasStopSequence = true;
            if (d.stopSequence != null) {
                stopSequence = d.stopSequence;
            }
        }
    }

    /**
     * Later usage overrides earlier field by field. An input count of 0 does not replace a known one: some
     * gateways send {@code input_tokens: 0} on message_delta.
     */
    void mergeUsage(ObjectNode later) {
        if (usage == null) {
            usage = later.deepCopy();
            return;
        }
        for (Map.Entry<String, JsonNode> f : later.properties()) {
            JsonNode v = f.getValue();
            if (v == null || v.isNull()) {
                continue;
            }
            if ("input_tokens".equals(f.getKey()) && v.isNumber() && v.asLong() == 0
                    && usage.path("input_tokens").asLong(0) > 0) {
                continue;
            }
            usage.set(f.getKey(), v);
        }
    }

    /** Usage for the call: the merged usage, else Bedrock's invocation metrics in Anthropic names. */
    JsonNode effectiveUsage() {
        if (usage != null || bedrockMetrics == null || !bedrockMetrics.isObject()) {
            return usage;
        }
        ObjectNode u = JsonNodeFactory.instance.objectNode();
        copy(bedrockMetrics, "inputTokenCount", u, "input_tokens");
        copy(bedrockMetrics, "outputTokenCount", u, "output_tokens");
        copy(bedrockMetrics, "cacheReadInputTokenCount", u, "cache_read_input_tokens");
        copy(bedrockMetrics, "cacheWriteInputTokenCount", u, "cache_creation_input_tokens");
        return u.isEmpty() ? null : u;
    }

    void offerId(JsonNode v) {
        if (id == null && v != null && v.isTextual() && !v.textValue().isEmpty()) {
            id = v.textValue();
        }
    }

    void offerModel(JsonNode v) {
        if (model == null && v != null && v.isTextual() && !v.textValue().isEmpty()) {
            model = v.textValue();
        }
    }

    /** The response's tool calls ({@code tool_use} blocks) in index order; server-run tools are not the client's. */
    List<ToolCall> toolCalls() {
        List<ToolCall> out = new ArrayList<>();
        for (ContentBlockAccumulator b : blocks.values()) {
            if (!"tool_use".equals(b.type())) {
                continue;
            }
            JsonNode id = b.start != null ? b.start.get("id") : null;
            JsonNode name = b.start != null ? b.start.get("name") : null;
            out.add(new ToolCall(out.size(), id != null && id.isTextual() ? id.textValue() : null,
                    name != null && name.isTextual() ? name.textValue() : null, b.inputText()));
        }
        return out;
    }

    /**
     * The answer's text: its text blocks, with a newline where thinking or a tool call stood between two of them
     * (adjacent blocks, as citations split them, are one text). Null when there is none.
     */
    String answerText() {
        StringBuilder out = null;
        boolean adjacent = false;
        for (ContentBlockAccumulator b : blocks.values()) {
            if (!"text".equals(b.type())) {
                adjacent = false;
                continue;
            }
            String t = b.text();
            if (out == null) {
                out = new StringBuilder(t);
            } else {
                out.append(adjacent ? "" : "\n").append(t);
            }
            adjacent = true;
        }
        return out == null || out.isEmpty() ? null : out.toString();
    }

    /** What the answer says first, for the anchor of a first call: its first tool call's id, else its first text. */
    String answerSignature() {
        for (ContentBlockAccumulator b : blocks.values()) {
            if ("tool_use".equals(b.type())) {
                JsonNode id = b.start != null ? b.start.get("id") : null;
                if (id != null && id.isTextual()) {
                    return TurnFacts.canonicalToolId(id.textValue());
                }
            }
        }
        for (ContentBlockAccumulator b : blocks.values()) {
            if ("text".equals(b.type()) && !b.text().isBlank()) {
                return b.text();
            }
        }
        return null;
    }

    private static void copy(JsonNode from, String name, ObjectNode to, String as) {
        JsonNode v = from.get(name);
        if (v != null && v.isNumber()) {
            to.set(as, v);
        }
    }
}
