package org.egret.decoder.gemini.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.egret.api.decode.ToolResult;

/**
 * What decoding needs from a request body, read in one streaming pass: the declared tools, the function calls of
 * the history and the function responses sent back, and a {@code model} field (Gemini puts the model in the URL;
 * some proxies also send it in the body). Only {@code functionCall} / {@code functionResponse} parts become trees.
 * Both spellings the REST API accepts are read ({@code functionDeclarations} and {@code function_declarations}).
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

    private GeminiRequestScan() {
    }

    static GeminiRequestScan of(byte[] body) {
        GeminiRequestScan scan = new GeminiRequestScan();
        if (!GeminiJson.startsWithObject(body)) {
            return scan;
        }
        try (JsonParser p = GeminiJson.FACTORY.createParser(body)) {
            scan.read(p);
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
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonToken v = p.nextToken();
                if ("parts".equals(key) && v == JsonToken.START_ARRAY) {
                    readParts(p);
                } else {
                    // role does not matter: a functionCall is always the model's, a functionResponse always sent back
                    p.skipChildren();
                }
            }
        }
    }

    private void readParts(JsonParser p) throws IOException {
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
            if (t != JsonToken.START_OBJECT) {
                p.skipChildren();
                continue;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonToken v = p.nextToken();
                if (v == JsonToken.START_OBJECT && ("functionCall".equals(key) || "function_call".equals(key))) {
                    JsonNode call = GeminiJson.MAPPER.readTree(p);
                    calls.add(new HistoryCall(text(call, "id"), text(call, "name")));
                } else if (v == JsonToken.START_OBJECT
                        && ("functionResponse".equals(key) || "function_response".equals(key))) {
                    JsonNode r = GeminiJson.MAPPER.readTree(p);
                    responses.add(new SentResponse(text(r, "id"), text(r, "name"), r.get("response")));
                } else {
                    p.skipChildren();
                }
            }
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode n = node.get(field);
        return n != null && n.isTextual() && !n.textValue().isEmpty() ? n.textValue() : null;
    }
}
