package org.egret.decoder.openai.responses.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeMap;

/**
 * One output item of a stream as it arrives: the item of {@code response.output_item.added}, its content parts,
 * reasoning summary parts and argument text grown by deltas, until {@code response.output_item.done} delivers the
 * finished item, which then wins. Built into an item in the non-streaming shape either way.
 */
final class OutputItemBuilder {

    String itemId;
    private ObjectNode added;
    private JsonNode done;
    /** content parts by content_index: output_text, refusal, reasoning_text */
    private final TreeMap<Integer, PartBuilder> content = new TreeMap<>();
    /** reasoning summary parts by summary_index */
    private final TreeMap<Integer, PartBuilder> summary = new TreeMap<>();
    /** function_call arguments, or custom_tool_call input */
    private StringBuilder arguments;
    private String argumentsField;
    private String doneArguments;

    /** A content or summary part: its skeleton from a {@code *.part.added} event, its text from deltas or done. */
    private static final class PartBuilder {
        ObjectNode part;
        final String type;
        final String textField;
        StringBuilder text;
        String doneText;
        JsonNode donePart;

        PartBuilder(String type, String textField) {
            this.type = type;
            this.textField = textField;
        }

        JsonNode build() {
            if (donePart != null) {
                return donePart;
            }
            ObjectNode out = part != null ? part.deepCopy() : ResponsesJson.MAPPER.createObjectNode().put("type", type);
            if (doneText != null) {
                out.put(textField, doneText);
            } else if (text != null) {
                out.put(textField, text.toString());
            } else if (!out.has(textField)) {
                out.put(textField, "");
            }
            return out;
        }
    }

    void added(JsonNode item) {
        if (item != null && item.isObject()) {
            added = (ObjectNode) item;
            if (itemId == null) {
                itemId = ResponsesJson.text(item.get("id"));
            }
        }
    }

    void done(JsonNode item) {
        if (item != null && item.isObject()) {
            done = item;
            if (itemId == null) {
                itemId = ResponsesJson.text(item.get("id"));
            }
        }
    }

    boolean isDone() {
        return done != null;
    }

    void contentPartAdded(int index, JsonNode part) {
        if (part != null && part.isObject()) {
            String type = ResponsesJson.text(part.get("type"));
            PartBuilder b = contentPart(index, type != null ? type : "output_text");
            b.part = (ObjectNode) part;
        }
    }

    void contentPartDone(int index, JsonNode part) {
        if (part != null && part.isObject()) {
            String type = ResponsesJson.text(part.get("type"));
            contentPart(index, type != null ? type : "output_text").donePart = part;
        }
    }

    /** @param type the part type a delta implies: output_text, refusal or reasoning_text */
    void contentDelta(int index, String type, String delta) {
        PartBuilder b = contentPart(index, type);
        if (b.text == null) {
            b.text = new StringBuilder(Math.max(16, delta.length()));
        }
        b.text.append(delta);
    }

    void contentDone(int index, String type, String text) {
        contentPart(index, type).doneText = text;
    }

    void summaryPartAdded(int index, JsonNode part) {
        if (part != null && part.isObject()) {
            summaryPart(index).part = (ObjectNode) part;
        }
    }

    void summaryPartDone(int index, JsonNode part) {
        if (part != null && part.isObject()) {
            summaryPart(index).donePart = part;
        }
    }

    void summaryDelta(int index, String delta) {
        PartBuilder b = summaryPart(index);
        if (b.text == null) {
            b.text = new StringBuilder(Math.max(16, delta.length()));
        }
        b.text.append(delta);
    }

    void summaryDone(int index, String text) {
        summaryPart(index).doneText = text;
    }

    /** @param field {@code arguments} (function calls) or {@code input} (custom tool calls) */
    void argumentsDelta(String field, String delta) {
        argumentsField = field;
        if (arguments == null) {
            arguments = new StringBuilder(Math.max(16, delta.length()));
        }
        arguments.append(delta);
    }

    void argumentsDone(String field, String text) {
        argumentsField = field;
        doneArguments = text;
    }

    /** The item in the non-streaming shape: the done item, else the added item with what the deltas carried. */
    JsonNode build() {
        if (done != null) {
            return done;
        }
        ObjectNode out = added != null ? added.deepCopy() : ResponsesJson.MAPPER.createObjectNode();
        if (!out.has("id") && itemId != null) {
            out.put("id", itemId);
        }
        if (!out.has("type")) {
            out.put("type", impliedType());
        }
        if (!content.isEmpty()) {
            ArrayNode parts = out.putArray("content");
            for (PartBuilder b : content.values()) {
                parts.add(b.build());
            }
        }
        if (!summary.isEmpty()) {
            ArrayNode parts = out.putArray("summary");
            for (PartBuilder b : summary.values()) {
                parts.add(b.build());
            }
        }
        if (argumentsField != null) {
            out.put(argumentsField, doneArguments != null ? doneArguments
                    : arguments != null ? arguments.toString() : "");
        }
        return out;
    }

    private String impliedType() {
        if ("input".equals(argumentsField)) {
            return "custom_tool_call";
        }
        if (argumentsField != null) {
            return "function_call";
        }
        if (!summary.isEmpty()) {
            return "reasoning";
        }
        for (Map.Entry<Integer, PartBuilder> e : content.entrySet()) {
            if ("reasoning_text".equals(e.getValue().type)) {
                return "reasoning";
            }
        }
        return "message";
    }

    private PartBuilder contentPart(int index, String type) {
        return content.computeIfAbsent(Math.max(index, 0),
                k -> new PartBuilder(type, "refusal".equals(type) ? "refusal" : "text"));
    }

    private PartBuilder summaryPart(int index) {
        return summary.computeIfAbsent(Math.max(index, 0), k -> new PartBuilder("summary_text", "text"));
    }
}
