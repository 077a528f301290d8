package org.egret.decoder.anthropic.messages.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.StringWriter;
import java.util.Map;

/**
 * Writes a streamed message back in the non-streaming Messages shape: message_start's message with its fields in
 * their order, {@code content} = the blocks in index order, the final stop reason, stop sequence and usage.
 */
final class MessageJsonWriter {

    private MessageJsonWriter() {
    }

    /**
     * @param model the model to name when message_start named none: the requested one
     */
    static String write(MessageAccumulator acc, String model) throws IOException {
        StringWriter out = new StringWriter(256 + estimate(acc));
        try (JsonGenerator g = AnthropicJson.FACTORY.createGenerator(out)) {
            g.writeStartObject();
            boolean content = false;
            boolean stopReason = false;
            boolean stopSequence = false;
            boolean usage = false;
            if (acc.message != null) {
                for (Map.Entry<String, JsonNode> f : acc.message.properties()) {
                    switch (f.getKey()) {
                        case "content" -> {
                            writeContent(g, acc);
                            content = true;
                        }
                        case "stop_reason" -> {
                            g.writeStringField("stop_reason", acc.stopReason);
                            stopReason = true;
                        }
                        case "stop_sequence" -> {
                            g.writeStringField("stop_sequence", acc.stopSequence);
                            stopSequence = true;
                        }
                        case "usage" -> {
                            writeUsage(g, acc);
                            usage = true;
                        }
                        default -> {
                            g.writeFieldName(f.getKey());
                            AnthropicJson.MAPPER.writeTree(g, f.getValue());
                        }
                    }
                }
            } else {
                // message_start was lost: the fields every message has
                g.writeStringField("id", acc.id);
                g.writeStringField("type", "message");
                g.writeStringField("role", "assistant");
                g.writeStringField("model", acc.model != null ? acc.model : model);
            }
            if (!content) {
                writeContent(g, acc);
            }
            if (!stopReason) {
                g.writeStringField("stop_reason", acc.stopReason);
            }
            if (!stopSequence) {
                g.writeStringField("stop_sequence", acc.stopSequence);
            }
            if (!usage) {
                writeUsage(g, acc);
            }
            if (acc.error != null) {
                g.writeFieldName("error");
                AnthropicJson.MAPPER.writeTree(g, acc.error);
            }
            g.writeEndObject();
        }
        return out.toString();
    }

    private static void writeUsage(JsonGenerator g, MessageAccumulator acc) throws IOException {
        JsonNode u = acc.effectiveUsage();
        g.writeFieldName("usage");
        if (u == null) {
            g.writeNull();
        } else {
            AnthropicJson.MAPPER.writeTree(g, u);
        }
    }

    private static void writeContent(JsonGenerator g, MessageAccumulator acc) throws IOException {
        g.writeArrayFieldStart("content");
        for (ContentBlockAccumulator b : acc.blocks.values()) {
            writeBlock(g, b);
        }
        g.writeEndArray();
    }

    /** The start's fields in order, with the streamed parts put in; fields the start lacked appended. */
    private static void writeBlock(JsonGenerator g, ContentBlockAccumulator b) throws IOException {
        String type = b.type();
        boolean toolUse = "tool_use".equals(type) || "server_tool_use".equals(type) || "mcp_tool_use".equals(type);
        boolean text = false;
        boolean thinking = false;
        boolean signature = false;
        boolean input = false;
        boolean citations = false;
        g.writeStartObject();
        if (b.start == null) {
            g.writeStringField("type", type);
        } else {
            for (Map.Entry<String, JsonNode> f : b.start.properties()) {
                String name = f.getKey();
                JsonNode v = f.getValue();
                if ("text".equals(name) && "text".equals(type)) {
                    g.writeStringField("text", v.asText("") + (b.text != null ? b.text : ""));
                    text = true;
                } else if ("thinking".equals(name) && "thinking".equals(type)) {
                    g.writeStringField("thinking", v.asText("") + (b.thinking != null ? b.thinking : ""));
                    thinking = true;
                } else if ("signature".equals(name) && "thinking".equals(type)) {
                    g.writeStringField("signature", v.asText("") + (b.signature != null ? b.signature : ""));
                    signature = true;
                } else if ("input".equals(name) && toolUse) {
                    writeInput(g, b);
                    input = true;
                } else if ("citations".equals(name) && b.citations != null) {
                    writeCitations(g, v, b);
                    citations = true;
                } else {
                    g.writeFieldName(name);
                    AnthropicJson.MAPPER.writeTree(g, v);
                }
            }
        }
        if (!text && b.text != null) {
            g.writeStringField("text", b.text.toString());
        }
        if (!thinking && b.thinking != null) {
            g.writeStringField("thinking", b.thinking.toString());
        }
        if (!signature && b.signature != null) {
            g.writeStringField("signature", b.signature.toString());
        }
        if (!input && (toolUse || b.partialJson != null)) {
            writeInput(g, b);
        }
        if (!citations && b.citations != null) {
            writeCitations(g, null, b);
        }
        g.writeEndObject();
    }

    /** The input as parsed JSON; streamed text that does not parse is kept as the raw string. */
    private static void writeInput(JsonGenerator g, ContentBlockAccumulator b) throws IOException {
        g.writeFieldName("input");
        if (b.partialJson == null || b.partialJson.isEmpty()) {
            JsonNode start = b.start != null ? b.start.get("input") : null;
            if (start != null) {
                AnthropicJson.MAPPER.writeTree(g, start);
            } else {
                g.writeStartObject();
                g.writeEndObject();
            }
            return;
        }
        String raw = b.partialJson.toString();
        JsonNode parsed;
        try {
            parsed = AnthropicJson.WHOLE_DOCUMENT.readTree(raw);
        } catch (IOException | RuntimeException e) {
            parsed = null;
        }
        if (parsed == null || parsed.isMissingNode()) {
            g.writeString(raw);
        } else {
            AnthropicJson.MAPPER.writeTree(g, parsed);
        }
    }

    private static void writeCitations(JsonGenerator g, JsonNode fromStart, ContentBlockAccumulator b)
            throws IOException {
        g.writeArrayFieldStart("citations");
        if (fromStart != null && fromStart.isArray()) {
            for (JsonNode c : fromStart) {
                AnthropicJson.MAPPER.writeTree(g, c);
            }
        }
        for (JsonNode c : b.citations) {
            AnthropicJson.MAPPER.writeTree(g, c);
        }
        g.writeEndArray();
    }

    private static int estimate(MessageAccumulator acc) {
        int n = 0;
        for (ContentBlockAccumulator b : acc.blocks.values()) {
            n += 64 + length(b.text) + length(b.thinking) + length(b.signature) + length(b.partialJson);
        }
        return n + n / 8;
    }

    private static int length(StringBuilder b) {
        return b == null ? 0 : b.length();
    }
}
