package org.egret.decoder.anthropic.messages.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One content block of a streamed message, by its index: the block as {@code content_block_start} opened it, plus
 * what its deltas appended. Deltas of different indexes may interleave (parallel tool use); each lands on its own.
 */
final class ContentBlockAccumulator {

    final int index;
    /** the {@code content_block} object of the start event; null when the start was never seen */
    ObjectNode start;
    StringBuilder text;
    StringBuilder thinking;
    StringBuilder signature;
    StringBuilder partialJson;
    List<JsonNode> citations;
    boolean stopped;

    ContentBlockAccumulator(int index) {
        this.index = index;
    }

    /** The block's type: from its start, else guessed from the deltas it received. */
    String type() {
        JsonNode t = start != null ? start.get("type") : null;
        if (t != null && t.isTextual()) {
            return t.textValue();
        }
        if (partialJson != null) {
            return "tool_use";
        }
        if (thinking != null || signature != null) {
            return "thinking";
        }
        return "text";
    }

    /** @return true when the start itself carries model output (a tool call's name, non-empty text or thinking) */
    boolean start(ObjectNode block) {
        start = block;
        String type = type();
        return switch (type) {
            case "tool_use", "server_tool_use", "mcp_tool_use" -> block.hasNonNull("name");
            case "text" -> !block.path("text").asText("").isEmpty();
            case "thinking" -> !block.path("thinking").asText("").isEmpty();
            case "redacted_thinking" -> true;
            default -> false;
        };
    }

    /** @return true when the delta carried model output (text, thinking, or tool input) */
    boolean apply(DeltaFragment d) {
        String type = d.type != null ? d.type : d.guessType();
        switch (type) {
            case "text_delta" -> {
                if (d.text != null) {
                    text = append(text, d.text);
                    return !d.text.isEmpty();
                }
            }
            case "input_json_delta" -> {
                if (d.partialJson != null) {
                    partialJson = append(partialJson, d.partialJson);
                    return !d.partialJson.isEmpty();
                }
            }
            case "thinking_delta" -> {
                if (d.thinking != null) {
                    thinking = append(thinking, d.thinking);
                    return !d.thinking.isEmpty();
                }
            }
            case "signature_delta" -> {
                if (d.signature != null) {
                    signature = append(signature, d.signature);
                }
            }
            case "citations_delta" -> {
                if (d.citation != null) {
                    if (citations == null) {
                        citations = new ArrayList<>(2);
                    }
                    citations.add(d.citation);
                }
            }
            default -> {
                // a delta type this decoder does not know carries nothing it can rebuild
            }
        }
        return false;
    }

    /** A text block's text: what its start carried, then the streamed deltas. */
    String text() {
        JsonNode started = start != null ? start.get("text") : null;
        String head = started != null && started.isTextual() ? started.textValue() : "";
        return text == null ? head : head + text;
    }

    /** A tool-use block's input as JSON text: the streamed JSON verbatim, else the start's input object. */
    String inputText() {
        if (partialJson != null && !partialJson.isEmpty()) {
            return partialJson.toString();
        }
        JsonNode input = start != null ? start.get("input") : null;
        return input == null || input.isNull() ? "{}" : input.toString();
    }

    private static StringBuilder append(StringBuilder b, String s) {
        return b == null ? new StringBuilder(s) : b.append(s);
    }
}
