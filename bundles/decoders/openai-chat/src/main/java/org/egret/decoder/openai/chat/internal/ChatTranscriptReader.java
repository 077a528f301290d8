package org.egret.decoder.openai.chat.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import org.egret.api.decode.LlmCall;
import org.egret.api.http.SseEvent;
import org.egret.api.http.SseText;
import org.egret.api.transcript.MessageDraft;
import org.egret.api.transcript.Transcript;
import org.egret.api.transcript.TranscriptBody;
import org.egret.api.transcript.TranscriptBuilder;
import org.egret.api.transcript.TranscriptReader;
import org.osgi.service.component.annotations.Component;

/**
 * A Chat Completions call as a transcript: the request's {@code messages} (system and developer as system, user,
 * assistant with {@code reasoning_content}/{@code reasoning} and tool calls, tool results) and {@code tools}, then
 * the response's first choice. A stored event stream is first rebuilt by this bundle's own stream reader. Each
 * message is read as a tree, so a body cut part way keeps every message before the cut.
 */
@Component(service = TranscriptReader.class,
        property = TranscriptReader.WIRE_API_PROPERTY + "=" + OpenAiChatDecoder.WIRE_API)
public final class ChatTranscriptReader implements TranscriptReader {

    @Override
    public String wireApi() {
        return OpenAiChatDecoder.WIRE_API;
    }

    @Override
    public Transcript read(LlmCall call) {
        return TranscriptBuilder.read(OpenAiChatDecoder.WIRE_API, call, ChatTranscriptReader::readRequest, ChatTranscriptReader::readResponse);
    }

    private static void readRequest(TranscriptBody body, TranscriptBuilder out) {
        readObject(body, body.text(), out, (p, field, value) -> {
            switch (field) {
                case "messages" -> eachElement(p, value, m -> message(m, out, false));
                case "tools" -> eachElement(p, value, t -> tool(t.path("function"), t, out));
                case "functions" -> eachElement(p, value, f -> tool(f, f, out));
                default -> p.skipChildren();
            }
        });
    }

    private static void readResponse(TranscriptBody body, TranscriptBuilder out) {
        String json = body.text();
        if (SseText.looksLikeEventStream(json)) {
            json = rebuilt(SseText.split(json, 0), out);
            if (body.capped()) {
                out.problem(body.unreadable(null, true));
            }
            if (json == null) {
                return;
            }
        }
        readObject(body, json, out, (p, field, value) -> {
            if ("choices".equals(field)) {
                eachElement(p, value, choice -> {
                    // the first choice is the answer, as the decoder takes it; n > 1 would be alternatives
                    if (choice.path("index").asInt(0) == 0 && choice.path("message").isObject()) {
                        message(choice.get("message"), out, true);
                    }
                });
            } else {
                p.skipChildren();
            }
        });
    }

    /** An event stream stored as it came (its rebuild failed or never ran): rebuilt here the decoder's way. */
    private static String rebuilt(List<SseEvent> events, TranscriptBuilder out) {
        CompletionAccumulator acc = new CompletionAccumulator();
        ChatStreamReader stream = new ChatStreamReader(acc);
        stream.read(events);
        if (stream.chunks() == 0) {
            out.problem("response event stream carries no completion chunk");
            return null;
        }
        try {
            return CompletionJsonWriter.write(acc, null);
        } catch (IOException e) {
            out.problem("response event stream could not be rebuilt: " + ChatJson.describe(e));
            return null;
        }
    }

    private static void message(JsonNode m, TranscriptBuilder out, boolean fromResponse) {
        String role = role(m.path("role").asText(fromResponse ? "assistant" : "user"));
        if (role.equals("tool")) {
            MessageDraft d = out.toolResult(text(m.get("tool_call_id")), text(m.get("name")));
            content(m.get("content"), d);
            return;
        }
        MessageDraft d = fromResponse ? out.responseMessage(role) : out.message(role);
        d.reasoning(text(m.get("reasoning_content")));
        if (m.get("reasoning_content") == null) {
            d.reasoning(text(m.get("reasoning")));
        }
        content(m.get("content"), d);
        d.text(text(m.get("refusal")));
        for (JsonNode c : m.path("tool_calls")) {
            JsonNode f = c.path("function");
            toolCall(d, text(c.get("id")), text(f.get("name")), f.get("arguments"));
        }
        JsonNode legacy = m.get("function_call");
        if (legacy != null && legacy.isObject()) {
            toolCall(d, null, text(legacy.get("name")), legacy.get("arguments"));
        }
    }

    /** A string, or parts: text parts as text, the others (image_url, input_audio, file) as placeholders. */
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
                case "text", "input_text", "output_text" -> d.text(text(part.get("text")));
                case "refusal" -> d.text(text(part.get("refusal")));
                case "image_url", "input_image" -> d.omitted("image");
                case "input_audio" -> d.omitted("audio");
                default -> d.omitted(type.isEmpty() ? "part" : type);
            }
        }
    }

    private static void tool(JsonNode function, JsonNode entry, TranscriptBuilder out) {
        String name = text(function.get("name"));
        JsonNode parameters = function.get("parameters");
        out.tool(name != null ? name : text(entry.get("type")), text(function.get("description")),
                parameters == null || parameters.isNull() ? null : parameters.toString());
    }

    private static String role(String wire) {
        return switch (wire) {
            case "system", "developer" -> "system";
            case "tool", "function" -> "tool";
            default -> wire;
        };
    }

    /** Arguments are a string of JSON on the wire: kept as the compact text of the object it holds, if it is one. */
    private static void toolCall(MessageDraft d, String id, String name, JsonNode arguments) {
        String sent = arguments == null || arguments.isNull() ? null : arguments.isTextual() ? arguments.textValue() : arguments.toString();
        d.toolCallAsSent(id, name, sent, arguments != null && arguments.isObject() ? sent : ChatJson.compactObject(sent));
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
        if (!ChatJson.startsWithObject(json)) {
            out.problem(body.notJson());
            return;
        }
        try (JsonParser p = ChatJson.EXACT.createParser(json)) {
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
            out.problem(body.unreadable(ChatJson.describe(e), e instanceof JsonEOFException));
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
            JsonNode element = ChatJson.EXACT.<JsonNode>readTree(p);
            if (element != null && element.isObject()) {
                each.read(element);
            }
        }
    }
}
