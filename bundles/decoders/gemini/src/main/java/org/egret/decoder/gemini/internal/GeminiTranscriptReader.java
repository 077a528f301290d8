package org.egret.decoder.gemini.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.egret.api.decode.LlmCall;
import org.egret.api.http.BodyTimeline;
import org.egret.api.http.SseText;
import org.egret.api.transcript.MessageDraft;
import org.egret.api.transcript.Transcript;
import org.egret.api.transcript.TranscriptBody;
import org.egret.api.transcript.TranscriptBuilder;
import org.egret.api.transcript.TranscriptReader;
import org.osgi.service.component.annotations.Component;

/**
 * A {@code generateContent} call (AI Studio or Vertex AI, camelCase or snake_case fields) as a transcript:
 * {@code systemInstruction} first, the {@code contents} (a content's {@code functionResponse} parts as tool messages
 * before its text; {@code model} as assistant, thought parts as reasoning, {@code functionCall} parts as tool calls)
 * and the function declarations, then the first candidate of the response. Gemini's calls mostly carry no id (and
 * Gemini CLI gives its responses ids of its own), so calls without one are numbered {@code gemini-call-1}, … in
 * transcript order and a response whose id matches no call is paired by name and order. A stored event stream or
 * JSON-array stream is first rebuilt by this bundle's own stream readers.
 */
@Component(service = TranscriptReader.class,
        property = TranscriptReader.WIRE_API_PROPERTY + "=" + GeminiDecoder.WIRE_API)
public final class GeminiTranscriptReader implements TranscriptReader {

    private static final String CALL_ID_PREFIX = "gemini-call-";

    @Override
    public String wireApi() {
        return GeminiDecoder.WIRE_API;
    }

    @Override
    public Transcript read(LlmCall call) {
        Contents contents = new Contents();
        return TranscriptBuilder.read(GeminiDecoder.WIRE_API, call, (body, out) -> readRequest(body, contents, out),
                (body, out) -> readResponse(body, contents, out));
    }

    private static void readRequest(TranscriptBody body, Contents contents, TranscriptBuilder out) {
        readObject(body, body.text(), out, (p, field, value) -> {
            switch (field) {
                case "systemInstruction", "system_instruction" -> {
                    JsonNode system = GeminiJson.EXACT.readTree(p);
                    MessageDraft d = out.systemPrompt();
                    if (system.isTextual()) {
                        d.text(system.textValue());
                    }
                    for (JsonNode part : system.path("parts")) {
                        d.text(text(part.get("text")));
                    }
                }
                case "contents" -> eachElement(p, value, c -> contents.content(c, false, out));
                case "tools" -> eachElement(p, value, t -> tools(t, out));
                default -> p.skipChildren();
            }
        });
    }

    private static void readResponse(TranscriptBody body, Contents contents, TranscriptBuilder out) {
        String json = body.text();
        boolean sse = SseText.looksLikeEventStream(json);
        if (sse || GeminiJson.firstChar(json) == '[') {
            json = rebuilt(json, sse, out);
            if (body.capped()) {
                out.problem(body.unreadable(null, true));
            }
            if (json == null) {
                return;
            }
        }
        readObject(body, json, out, (p, field, value) -> {
            if ("candidates".equals(field)) {
                eachElement(p, value, candidate -> {
                    // the first candidate is the answer, as the decoder takes it
                    if (candidate.path("index").asInt(0) == 0 && candidate.path("content").isObject()) {
                        contents.content(candidate.get("content"), true, out);
                    }
                });
            } else {
                p.skipChildren();
            }
        });
    }

    /** A stream stored as it came (its rebuild failed or never ran): rebuilt here the decoder's way. */
    private static String rebuilt(String stream, boolean sse, TranscriptBuilder out) {
        ResponseAccumulator acc = new ResponseAccumulator();
        if (sse) {
            new SseStreamReader(acc).read(SseText.split(stream, 0));
        } else {
            new JsonArrayStreamReader(acc).read(stream.getBytes(StandardCharsets.UTF_8), BodyTimeline.EMPTY);
        }
        if (acc.chunks == 0) {
            out.problem("response stream carries no chunk");
            return null;
        }
        try {
            return ResponseJsonWriter.write(acc);
        } catch (IOException | RuntimeException e) {
            out.problem("response stream could not be rebuilt: " + GeminiJson.describe(e));
            return null;
        }
    }

    /** The contents in order, with the numbering of id-less calls shared by request and response. */
    private static final class Contents {
        private final Set<String> callIds = new HashSet<>();
        private int calls;

        void content(JsonNode content, boolean fromResponse, TranscriptBuilder out) {
            List<JsonNode> parts = new ArrayList<>();
            content.path("parts").forEach(parts::add);
            String role = content.path("role").asText(fromResponse ? "model" : "user");
            if ("model".equals(role) || "assistant".equals(role)) {
                MessageDraft d = fromResponse ? out.responseMessage("assistant") : out.message("assistant");
                for (JsonNode part : parts) {
                    modelPart(part, d);
                }
                return;
            }
            // function responses answer the calls before them: they come first, the user's own text after
            for (JsonNode part : parts) {
                JsonNode r = field(part, "functionResponse", "function_response");
                if (r != null) {
                    functionResponse(r, fromResponse, out);
                }
            }
            MessageDraft d = fromResponse ? out.responseMessage("user") : out.message("user");
            for (JsonNode part : parts) {
                if (field(part, "functionResponse", "function_response") == null) {
                    userPart(part, d);
                }
            }
        }

        private void modelPart(JsonNode part, MessageDraft d) {
            JsonNode call = field(part, "functionCall", "function_call");
            if (call != null) {
                String id = text(call.get("id"));
                if (id == null) {
                    id = CALL_ID_PREFIX + (++calls);
                }
                callIds.add(id);
                JsonNode args = call.get("args");
                d.toolCall(id, text(call.get("name")), args != null && args.isObject() ? args.toString() : null);
            } else if (part.path("thought").asBoolean(false)) {
                d.reasoning(text(part.get("text")));
            } else {
                userPart(part, d);
            }
        }

        private void functionResponse(JsonNode r, boolean fromResponse, TranscriptBuilder out) {
            String id = text(r.get("id"));
            MessageDraft d = fromResponse ? out.responseMessage("tool") : out.message("tool");
            // an id no call carried (Gemini CLI makes its own) pairs nothing: then by name and order
            d.answers(id != null && callIds.contains(id) ? id : null, text(r.get("name")));
            JsonNode response = r.get("response");
            d.error(response != null && response.isObject() && response.has("error"));
            if (response == null || response.isNull()) {
                return;
            }
            JsonNode output = response.get("output");
            JsonNode error = response.get("error");
            if (response.size() == 1 && output != null && output.isTextual()) {
                d.text(output.textValue());
            } else if (response.size() == 1 && error != null && error.isTextual()) {
                d.text(error.textValue());
            } else {
                d.text(response.toString());
            }
        }
    }

    private static void userPart(JsonNode part, MessageDraft d) {
        if (part.has("text")) {
            d.text(text(part.get("text")));
            return;
        }
        JsonNode inline = field(part, "inlineData", "inline_data");
        JsonNode file = field(part, "fileData", "file_data");
        if (inline != null || file != null) {
            JsonNode data = inline != null ? inline : file;
            String mime = text(field(data, "mimeType", "mime_type"));
            d.omitted(mime == null ? "file" : mime.startsWith("image/") ? "image" : mime.startsWith("audio/") ? "audio"
                    : mime.startsWith("video/") ? "video" : "file");
        } else if (part.size() > 0) {
            String kind = part.fieldNames().next();
            if (!"thoughtSignature".equals(kind) && !"thought_signature".equals(kind)) {
                d.omitted(kind);
            }
        }
    }

    private static void tools(JsonNode tool, TranscriptBuilder out) {
        tool.fields().forEachRemaining(e -> {
            if (e.getKey().equals("functionDeclarations") || e.getKey().equals("function_declarations")) {
                for (JsonNode f : e.getValue()) {
                    JsonNode parameters = field(f, "parameters", "parametersJsonSchema");
                    if (parameters == null) {
                        parameters = f.get("parameters_json_schema");
                    }
                    out.tool(text(f.get("name")), text(f.get("description")),
                            parameters == null || parameters.isNull() ? null : parameters.toString());
                }
            } else {
                out.tool(e.getKey(), null, null); // a built-in tool: googleSearch, codeExecution, urlContext…
            }
        });
    }

    /** The field under either of its spellings. */
    private static JsonNode field(JsonNode node, String camel, String other) {
        JsonNode n = node.get(camel);
        return n != null ? n : node.get(other);
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
        if (GeminiJson.firstChar(json) != '{') {
            out.problem(body.notJson());
            return;
        }
        try (JsonParser p = GeminiJson.EXACT.createParser(json)) {
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
            out.problem(body.unreadable(GeminiJson.describe(e), e instanceof JsonEOFException));
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
            JsonNode element = GeminiJson.EXACT.<JsonNode>readTree(p);
            if (element != null && element.isObject()) {
                each.read(element);
            }
        }
    }
}
