package org.egret.decoder.openai.responses.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import org.egret.api.decode.LlmCall;
import org.egret.api.http.SseText;
import org.egret.api.transcript.MessageDraft;
import org.egret.api.transcript.Transcript;
import org.egret.api.transcript.TranscriptBody;
import org.egret.api.transcript.TranscriptBuilder;
import org.egret.api.transcript.TranscriptReader;
import org.osgi.service.component.annotations.Component;

/**
 * A Responses call as a transcript: {@code instructions} as the system prompt, the {@code input} items (messages;
 * a run of reasoning, assistant message and call items as one assistant message, reasoning summaries as its
 * reasoning; {@code *_call_output} items as tool messages answering their {@code call_id}, failed by the decoder's
 * rule) and {@code tools}, then the response's {@code output} items the same way. A stored event stream is first
 * rebuilt by this bundle's own stream reader. Each item is read as a tree, so a body cut part way keeps every item
 * before the cut.
 */
@Component(service = TranscriptReader.class,
        property = TranscriptReader.WIRE_API_PROPERTY + "=" + OpenAiResponsesDecoder.WIRE_API)
public final class ResponsesTranscriptReader implements TranscriptReader {

    @Override
    public String wireApi() {
        return OpenAiResponsesDecoder.WIRE_API;
    }

    @Override
    public Transcript read(LlmCall call) {
        return TranscriptBuilder.read(OpenAiResponsesDecoder.WIRE_API, call, ResponsesTranscriptReader::readRequest, ResponsesTranscriptReader::readResponse);
    }

    private static void readRequest(TranscriptBody body, TranscriptBuilder out) {
        Items items = new Items(out, false);
        readObject(body, body.text(), out, (p, field, value) -> {
            switch (field) {
                case "instructions" -> out.systemPrompt().text(text(ResponsesJson.EXACT.readTree(p)));
                case "input" -> {
                    if (value == JsonToken.VALUE_STRING) {
                        out.message("user").text(p.getText());
                    } else {
                        eachElement(p, value, items::item);
                    }
                }
                case "tools" -> eachElement(p, value, t -> tool(t, out));
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
        Items items = new Items(out, true);
        readObject(body, json, out, (p, field, value) -> {
            if ("output".equals(field)) {
                eachElement(p, value, items::item);
            } else {
                p.skipChildren();
            }
        });
    }

    /** An event stream stored as it came (its rebuild failed or never ran): rebuilt here the decoder's way. */
    private static String rebuilt(String sse, TranscriptBuilder out) {
        ResponsesStreamReader stream = new ResponsesStreamReader();
        stream.read(SseText.split(sse, 0));
        ObjectNode body = StreamedResponseBody.of(stream, null);
        if (body == null) {
            out.problem("response event stream carries no response");
            return null;
        }
        return body.toString();
    }

    /** Items in order: a run of assistant-side items is one assistant message. */
    private static final class Items {
        private final TranscriptBuilder out;
        private final boolean fromResponse;
        private MessageDraft assistant;

        Items(TranscriptBuilder out, boolean fromResponse) {
            this.out = out;
            this.fromResponse = fromResponse;
        }

        void item(JsonNode item) {
            String type = item.path("type").asText(item.has("role") ? "message" : "");
            if ("message".equals(type)) {
                String role = item.path("role").asText("user");
                if ("assistant".equals(role)) {
                    content(item.get("content"), assistant());
                } else {
                    assistant = null;
                    content(item.get("content"), message("system".equals(role) || "developer".equals(role)
                            ? "system" : "user"));
                }
            } else if ("reasoning".equals(type)) {
                MessageDraft d = assistant();
                for (JsonNode s : item.path("summary")) {
                    d.reasoning(text(s.get("text")));
                }
                for (JsonNode c : item.path("content")) {
                    d.reasoning(text(c.get("text")));
                }
            } else if (type.endsWith("_call_output")) {
                assistant = null;
                JsonNode output = item.get("output");
                MessageDraft d = fromResponse ? out.responseMessage("tool") : out.message("tool");
                d.answers(text(item.get("call_id")), null)
                        .error(ToolResultOutcome.reportsFailure(type, text(item.get("status")), output));
                if (output != null && output.isArray()) {
                    content(output, d);
                } else {
                    d.text(ToolResultOutcome.text(output));
                }
            } else if (ToolCallItems.isClientCall(type)) {
                String id = text(item.get("call_id")) != null ? text(item.get("call_id")) : text(item.get("id"));
                toolCall(assistant(), id, ToolCallItems.toolName(type, text(item.get("name"))), switch (type) {
                    case "function_call" -> item.get("arguments");
                    // free-form input (apply_patch's grammar) is no JSON: carried as {"input": …}
                    case "custom_tool_call" -> ResponsesJson.EXACT.createObjectNode().set("input", item.get("input"));
                    case "apply_patch_call" -> item.get("operation");
                    default -> item.get("action");
                });
            } else if (type.endsWith("_call")) {
                // a hosted tool the server ran (web search, file search…): part of the answer
                assistant().omitted(type);
            } else if (!type.isEmpty() && !"item_reference".equals(type)) {
                assistant = null;
                message("user").omitted(type);
            }
        }

        private MessageDraft assistant() {
            if (assistant == null) {
                assistant = message("assistant");
            }
            return assistant;
        }

        private MessageDraft message(String role) {
            return fromResponse ? out.responseMessage(role) : out.message(role);
        }
    }

    /** A string, or parts: text parts as text, the others (images, files, audio) as placeholders. */
    private static void content(JsonNode content, MessageDraft d) {
        if (content == null || content.isNull()) {
            return;
        }
        if (content.isTextual()) {
            d.text(content.textValue());
            return;
        }
        for (JsonNode part : content) {
            String type = part.path("type").asText("");
            switch (type) {
                case "input_text", "output_text", "text" -> d.text(text(part.get("text")));
                case "refusal" -> d.text(text(part.get("refusal")));
                case "input_image" -> d.omitted("image");
                case "input_file" -> d.omitted("file");
                case "input_audio" -> d.omitted("audio");
                default -> d.omitted(type.isEmpty() ? "part" : type);
            }
        }
    }

    private static void tool(JsonNode t, TranscriptBuilder out) {
        String type = text(t.get("type"));
        JsonNode function = t.path("function"); // the Chat shape some proxies accept
        String name = text(t.get("name")) != null ? text(t.get("name")) : text(function.get("name"));
        JsonNode parameters = t.has("parameters") ? t.get("parameters") : function.get("parameters");
        String description = text(t.get("description")) != null ? text(t.get("description"))
                : text(function.get("description"));
        out.tool(name != null ? name : type, description,
                parameters == null || parameters.isNull() ? null : parameters.toString());
    }

    /** Arguments are a string of JSON on the wire: kept as the compact text of the object it holds, if it is one. */
    private static void toolCall(MessageDraft d, String id, String name, JsonNode arguments) {
        String sent = arguments == null || arguments.isNull() ? null : arguments.isTextual() ? arguments.textValue() : arguments.toString();
        d.toolCallAsSent(id, name, sent, arguments != null && arguments.isObject() ? sent : ResponsesJson.compactObject(sent));
    }

    private static String text(JsonNode n) {
        return n != null && n.isTextual() ? n.textValue() : null;
    }

    /** What to do with one top-level field's value; the parser is on the value. */
    private interface FieldReader {
        void read(JsonParser p, String field, JsonToken value) throws IOException;
    }

    private interface ElementReader {
        void read(JsonNode element);
    }

    private static void readObject(TranscriptBody body, String json, TranscriptBuilder out, FieldReader fields) {
        if (!ResponsesJson.startsWithObject(json)) {
            out.problem(body.notJson());
            return;
        }
        try (JsonParser p = ResponsesJson.EXACT.createParser(json)) {
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
            out.problem(body.unreadable(ResponsesJson.describe(e), e instanceof JsonEOFException));
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
            JsonNode element = ResponsesJson.EXACT.<JsonNode>readTree(p);
            if (element != null && element.isObject()) {
                each.read(element);
            }
        }
    }
}
