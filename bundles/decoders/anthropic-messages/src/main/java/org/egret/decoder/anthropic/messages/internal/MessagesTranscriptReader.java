package org.egret.decoder.anthropic.messages.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.egret.api.decode.LlmCall;
import org.egret.api.http.SseText;
import org.egret.api.transcript.MessageDraft;
import org.egret.api.transcript.Transcript;
import org.egret.api.transcript.TranscriptBody;
import org.egret.api.transcript.TranscriptBuilder;
import org.egret.api.transcript.TranscriptReader;
import org.osgi.service.component.annotations.Component;

/**
 * A Messages call as a transcript: {@code system} (Claude Code's billing line left out, as the decoder does), the
 * {@code messages} (a user message's {@code tool_result} blocks first, one tool message each, then its text;
 * assistant text, {@code thinking} as reasoning, {@code tool_use} as tool calls) and {@code tools}, then the
 * response's message. A stored event stream is first rebuilt by this bundle's own stream reader. Each message is read
 * as a tree, so a body cut part way keeps every message before the cut.
 */
@Component(service = TranscriptReader.class,
        property = TranscriptReader.WIRE_API_PROPERTY + "=" + AnthropicMessagesDecoder.WIRE_API)
public final class MessagesTranscriptReader implements TranscriptReader {

    @Override
    public String wireApi() {
        return AnthropicMessagesDecoder.WIRE_API;
    }

    @Override
    public Transcript read(LlmCall call) {
        return TranscriptBuilder.read(AnthropicMessagesDecoder.WIRE_API, call, MessagesTranscriptReader::readRequest, MessagesTranscriptReader::readResponse);
    }

    private static void readRequest(TranscriptBody body, TranscriptBuilder out) {
        readObject(body, body.text(), out, (p, field, value) -> {
            switch (field) {
                case "system" -> system(AnthropicJson.EXACT.readTree(p), out);
                case "messages" -> eachElement(p, value, m -> message(m, out, false));
                case "tools" -> eachElement(p, value, t -> out.tool(text(t.get("name")) != null ? text(t.get("name"))
                        : text(t.get("type")), text(t.get("description")), json(t.get("input_schema"))));
                default -> p.skipChildren();
            }
        });
    }

    private static void readResponse(TranscriptBody body, TranscriptBuilder out) {
        String json = body.text();
        if (SseText.looksLikeEventStream(json)) {
            json = rebuilt(json, out);
            if (body.capped()) {
                out.problem(body.unreadable(null, true));
            }
            if (json == null) {
                return;
            }
        }
        MessageDraft answer = out.responseMessage("assistant");
        ResultsAfter results = new ResultsAfter();
        readObject(body, json, out, (p, field, value) -> {
            if ("content".equals(field)) {
                eachElement(p, value, block -> assistantBlock(block, answer, results));
            } else {
                p.skipChildren();
            }
        });
        results.emit(out, true);
    }

    /** An event stream stored as it came (its rebuild failed or never ran): rebuilt here the decoder's way. */
    private static String rebuilt(String sse, TranscriptBuilder out) {
        MessageAccumulator acc = new MessageAccumulator();
        MessagesStreamReader stream = new MessagesStreamReader(acc);
        stream.read(SseText.split(sse, 0));
        if (stream.events() == 0) {
            out.problem("response event stream carries no message event");
            return null;
        }
        try {
            return MessageJsonWriter.write(acc, null);
        } catch (IOException | RuntimeException e) {
            out.problem("response event stream could not be rebuilt: " + AnthropicJson.describe(e));
            return null;
        }
    }

    private static void system(JsonNode system, TranscriptBuilder out) {
        MessageDraft d = out.systemPrompt();
        if (system.isTextual()) {
            d.text(system.textValue());
            return;
        }
        for (JsonNode block : system) {
            String t = text(block.get("text"));
            if (t != null && !t.startsWith(SystemPrompt.BILLING_HEADER)) {
                d.text(t);
            }
        }
    }

    private static void message(JsonNode m, TranscriptBuilder out, boolean fromResponse) {
        String role = m.path("role").asText("user");
        JsonNode content = m.get("content");
        if (!"assistant".equals(role)) {
            // tool results answer the calls before them: they come first, the user's own text after
            if (content != null && content.isArray()) {
                for (JsonNode block : content) {
                    if ("tool_result".equals(text(block.get("type")))) {
                        toolResult(block, out);
                    }
                }
            }
            MessageDraft d = out.message("system".equals(role) ? "system" : "user");
            if (content != null && content.isTextual()) {
                d.text(content.textValue());
            } else if (content != null) {
                for (JsonNode block : content) {
                    if (!"tool_result".equals(text(block.get("type")))) {
                        userBlock(block, d);
                    }
                }
            }
            return;
        }
        MessageDraft d = fromResponse ? out.responseMessage("assistant") : out.message("assistant");
        ResultsAfter results = new ResultsAfter();
        if (content != null && content.isTextual()) {
            d.text(content.textValue());
        } else if (content != null) {
            for (JsonNode block : content) {
                assistantBlock(block, d, results);
            }
        }
        results.emit(out, fromResponse);
    }

    private static void toolResult(JsonNode block, TranscriptBuilder out) {
        MessageDraft d = out.toolResult(text(block.get("tool_use_id")), null)
                .error(block.path("is_error").asBoolean(false));
        JsonNode content = block.get("content");
        if (content != null && content.isTextual()) {
            d.text(content.textValue());
        } else if (content != null) {
            for (JsonNode part : content) {
                userBlock(part, d);
            }
        }
    }

    private static void userBlock(JsonNode block, MessageDraft d) {
        String type = block.path("type").asText("");
        switch (type) {
            case "text" -> d.text(text(block.get("text")));
            case "image", "document" -> d.omitted(type);
            default -> d.omitted(type.isEmpty() ? "part" : type);
        }
    }

    /**
     * Server tools (web search, code execution) run inside the answer: their call is a tool call and their result,
     * kept out as a placeholder (it is encrypted or large), a tool message after the message.
     */
    private static final class ResultsAfter {
        private final List<JsonNode> blocks = new ArrayList<>(0);

        void emit(TranscriptBuilder out, boolean fromResponse) {
            for (JsonNode block : blocks) {
                String type = block.path("type").asText("");
                MessageDraft d = fromResponse ? out.responseMessage("tool") : out.message("tool");
                d.answers(text(block.get("tool_use_id")), null).omitted(type)
                        .error(block.path("content").path("type").asText("").endsWith("_error"));
            }
        }
    }

    private static void assistantBlock(JsonNode block, MessageDraft d, ResultsAfter results) {
        String type = block.path("type").asText("");
        switch (type) {
            case "text" -> d.text(text(block.get("text")));
            case "thinking" -> d.reasoning(text(block.get("thinking")));
            case "redacted_thinking" -> {
                // encrypted: nothing a reader can show
            }
            case "tool_use", "server_tool_use", "mcp_tool_use" -> toolCall(d, text(block.get("id")),
                    text(block.get("name")), block.get("input"));
            default -> {
                if (type.endsWith("_tool_result")) {
                    results.blocks.add(block);
                } else {
                    d.omitted(type.isEmpty() ? "part" : type);
                }
            }
        }
    }

    /** The input is an object on the wire; a cut stream's rebuilt block keeps its unparsed text as a string. */
    private static void toolCall(MessageDraft d, String id, String name, JsonNode input) {
        String sent = input == null || input.isNull() ? null : input.isTextual() ? input.textValue() : input.toString();
        d.toolCallAsSent(id, name, sent, input != null && input.isObject() ? sent : AnthropicJson.compactObject(sent));
    }

    private static String text(JsonNode n) {
        return n != null && n.isTextual() ? n.textValue() : null;
    }

    private static String json(JsonNode n) {
        return n == null || n.isNull() ? null : n.toString();
    }

    /** What to do with one top-level field's value; the parser is on the value. */
    private interface FieldReader {
        void read(JsonParser p, String field, JsonToken value) throws IOException;
    }

    private interface ElementReader {
        void read(JsonNode element);
    }

    private static void readObject(TranscriptBody body, String json, TranscriptBuilder out, FieldReader fields) {
        if (!AnthropicJson.startsWithObject(json)) {
            out.problem(body.notJson());
            return;
        }
        try (JsonParser p = AnthropicJson.EXACT.createParser(json)) {
            p.nextToken();
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                fields.read(p, field, p.nextToken());
            }
            if (t != JsonToken.END_OBJECT) {
                out.problem(body.unreadable("it ends early", true));
            }
        } catch (IOException | RuntimeException | StackOverflowError e) {
            out.problem(body.unreadable(AnthropicJson.describe(e), e instanceof JsonEOFException));
        }
    }

    private static void eachElement(JsonParser p, JsonToken value, ElementReader each) throws IOException {
        if (value != JsonToken.START_ARRAY) {
            p.skipChildren();
            return;
        }
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) {
                throw new JsonEOFException(p, null, "unexpected end of input in an array");
            }
            JsonNode element = AnthropicJson.EXACT.<JsonNode>readTree(p);
            if (element != null && element.isObject()) {
                each.read(element);
            }
        }
    }
}
