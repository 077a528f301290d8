package org.egret.decoder.gemini.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.egret.api.decode.ToolResult;
import org.egret.api.decode.TurnFacts;

/**
 * What decoding needs from a request body, read in one streaming pass: the declared tools, the function calls of
 * the history and the function responses sent back, a {@code model} field (Gemini puts the model in the URL; some
 * proxies also send it in the body), and what the contents say about the agent turn. Only {@code functionCall} /
 * {@code functionResponse} parts become trees. Both spellings the REST API accepts are read
 * ({@code functionDeclarations} and {@code function_declarations}, {@code inlineData} and {@code inline_data}, …).
 * A truncated or broken body yields what was read before the damage.
 */
final class GeminiRequestScan {

    /** A {@code functionCall} part of a model turn in the history. */
    private record HistoryCall(String id, String name) {
    }

    /** A {@code functionResponse} part sent back. */
    private record SentResponse(String id, String name, JsonNode response) {
    }

    private String model;
    private final List<String> tools = new ArrayList<>();
    private final List<HistoryCall> calls = new ArrayList<>();
    private final List<SentResponse> responses = new ArrayList<>();

    private boolean readable;
    private boolean complete;
    private int contents;
    private String firstUserText;
    private boolean modelSeen;
    /** the first model content's first function call signature, else its text */
    private String firstModelSignature;
    private String systemPreview;
    /** the last content, judged once its parts and role are read */
    private boolean lastIsUser;
    private ContentParts last;

    private GeminiRequestScan() {
    }

    static GeminiRequestScan of(byte[] body) {
        GeminiRequestScan scan = new GeminiRequestScan();
        if (!GeminiJson.startsWithObject(body)) {
            return scan;
        }
        scan.readable = true;
        try (JsonParser p = GeminiJson.FACTORY.createParser(body)) {
            scan.read(p);
            scan.complete = true;
        } catch (IOException | RuntimeException e) {
            // what was read before the damage still counts
        }
        return scan;
    }

    String model() {
        return model;
    }

    /** Names of the declared function tools, and of built-in tools by their key ({@code googleSearch}, …). */
    List<String> requestTools() {
        return List.copyOf(tools);
    }

    /**
     * Every function response of the request, in order. Gemini links a response to its call by name (ids are
     * optional, and Gemini CLI sends ids of its own that the model's calls never carried): the id when the part has
     * one, else the function name, is the tool-call id; the name is the answered call's when an id matches one.
     */
    List<ToolResult> toolResults() {
        List<ToolResult> out = new ArrayList<>(responses.size());
        for (SentResponse r : responses) {
            String name = r.name();
            if (r.id() != null) {
                for (HistoryCall c : calls) {
                    if (r.id().equals(c.id()) && c.name() != null) {
                        name = c.name();
                        break;
                    }
                }
            }
            String id = r.id() != null ? r.id() : r.name();
            boolean error = r.response() != null && r.response().isObject() && r.response().has("error");
            String content = r.response() == null ? null : ToolResult.clip(r.response().toString());
            out.add(new ToolResult(id, name, error, content));
        }
        return out;
    }

    /**
     * The turn facts of the call, {@link TurnFacts#UNKNOWN} when the body is no JSON object. Of a body cut before its
     * end, the last content is unknown, and so is the anchor while no model content was read.
     *
     * @param answerText      the answer's text (no thoughts)
     * @param terminal        whether the answer ends the agent loop (null: no complete answer)
     * @param answerSignature the answer's first function call signature, else its text: the anchor's second half
     *                        while the history has no model content
     */
    TurnFacts turnFacts(String answerText, Boolean terminal, String answerSignature) {
        if (!readable) {
            return TurnFacts.UNKNOWN;
        }
        Boolean userTurnStart = null;
        String userInput = null;
        if (complete && last != null) {
            // function responses are the loop going on, even beside text
            boolean user = lastIsUser && !last.functionResponse;
            userTurnStart = user && (last.hasText() || last.media);
            userInput = user && last.hasText() ? last.text() : null;
        }
        String anchor = modelSeen || complete
                ? TurnFacts.anchor(firstUserText, modelSeen ? firstModelSignature : answerSignature)
                : null;
        return new TurnFacts(userTurnStart, userInput, TurnFacts.clip(answerText, TurnFacts.TEXT_LIMIT), terminal,
                anchor, systemPreview, contents, null);
    }

    private void read(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            return;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "model" -> model = GeminiJson.stringOrNull(p, value);
                case "contents" -> readContents(p, value);
                case "tools" -> readTools(p, value);
                case "systemInstruction", "system_instruction" -> systemPreview = readSystemInstruction(p, value);
                default -> p.skipChildren();
            }
        }
    }

    private void readTools(JsonParser p, JsonToken value) throws IOException {
        if (value != JsonToken.START_ARRAY) {
            p.skipChildren();
            return;
        }
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
            if (t != JsonToken.START_OBJECT) {
                p.skipChildren();
                continue;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonToken v = p.nextToken();
                if ("functionDeclarations".equals(key) || "function_declarations".equals(key)) {
                    readDeclarations(p, v);
                } else {
                    // a built-in tool: googleSearch, codeExecution, urlContext, retrieval, …
                    tools.add(key);
                    p.skipChildren();
                }
            }
        }
    }

    private void readDeclarations(JsonParser p, JsonToken value) throws IOException {
        if (value != JsonToken.START_ARRAY) {
            p.skipChildren();
            return;
        }
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
            if (t != JsonToken.START_OBJECT) {
                p.skipChildren();
                continue;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonToken v = p.nextToken();
                if ("name".equals(key) && v == JsonToken.VALUE_STRING) {
                    tools.add(p.getText());
                } else {
                    p.skipChildren();
                }
            }
        }
    }

    /** A {@code systemInstruction} content (its role, if any, is ignored): the text of its parts. */
    private static String readSystemInstruction(JsonParser p, JsonToken value) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            p.skipChildren();
            return null;
        }
        ContentParts parts = new ContentParts();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken v = p.nextToken();
            if ("parts".equals(key) && v == JsonToken.START_ARRAY) {
                parts.read(p, null);
            } else {
                p.skipChildren();
            }
        }
        return parts.hasText() ? TurnFacts.clip(parts.text(), TurnFacts.SYSTEM_LIMIT) : null;
    }

    private void readContents(JsonParser p, JsonToken value) throws IOException {
        if (value != JsonToken.START_ARRAY) {
            p.skipChildren();
            return;
        }
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
            if (t != JsonToken.START_OBJECT) {
                p.skipChildren();
                continue;
            }
            readContent(p);
        }
    }

    /** One content. A functionCall is always the model's, a functionResponse always sent back, whatever the role. */
    private void readContent(JsonParser p) throws IOException {
        String role = null;
        ContentParts parts = new ContentParts();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken v = p.nextToken();
            if ("parts".equals(key) && v == JsonToken.START_ARRAY) {
                parts.read(p, this);
            } else if ("role".equals(key)) {
                role = GeminiJson.stringOrNull(p, v);
            } else {
                p.skipChildren();
            }
        }
        contents++;
        // the role may be left out of a user content (single-turn requests, Gemini CLI's first context message)
        boolean user = role == null || "user".equals(role);
        if (user && firstUserText == null && parts.hasText() && !parts.functionResponse) {
            firstUserText = parts.text();
        } else if ("model".equals(role) && !modelSeen) {
            modelSeen = true;
            firstModelSignature = parts.firstCall != null ? FunctionCallSignature.of(parts.firstCall)
                    : parts.hasText() ? parts.text() : null;
        }
        lastIsUser = user;
        last = parts;
    }

    /** A {@code functionCall} part of the history, read by {@link ContentParts}. */
    void historyCall(JsonNode call) {
        calls.add(new HistoryCall(text(call, "id"), text(call, "name")));
    }

    /** A {@code functionResponse} part sent back, read by {@link ContentParts}. */
    void sentResponse(JsonNode r) {
        responses.add(new SentResponse(text(r, "id"), text(r, "name"), r.get("response")));
    }

    private static String text(JsonNode node, String field) {
        JsonNode n = node.get(field);
        return n != null && n.isTextual() && !n.textValue().isEmpty() ? n.textValue() : null;
    }
}
