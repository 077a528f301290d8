package org.egret.decoder.openai.responses.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.egret.api.decode.ToolResult;

/**
 * What decoding needs from a request body, read in one streaming pass: model, stream flag, declared tools, and the
 * tool results sent back in {@code input} with the names of the calls they answer. Input items are read field by
 * field, so message content (text, base64 images) is skipped, never built. A truncated or broken body yields what
 * was read before the damage.
 */
final class ResponsesRequest {

    String model;
    boolean stream;
    final List<String> tools = new ArrayList<>();
    final List<ToolResult> toolResults = new ArrayList<>();
    /** the body could not be read to its end */
    boolean damaged;

    private final Map<String, String> callNames = new HashMap<>();
    private final List<PendingResult> pending = new ArrayList<>();

    private record PendingResult(String callId, boolean error, String content) {
    }

    static ResponsesRequest of(byte[] body) {
        ResponsesRequest r = new ResponsesRequest();
        if (!ResponsesJson.startsWithObject(body)) {
            r.damaged = body != null && body.length > 0;
            return r;
        }
        try (JsonParser p = ResponsesJson.FACTORY.createParser(body)) {
            r.read(p);
        } catch (IOException | RuntimeException | StackOverflowError e) {
            r.damaged = true;
        }
        r.linkResults();
        return r;
    }

    private void read(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            return;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "model" -> model = value == JsonToken.VALUE_STRING ? p.getText() : model;
                case "stream" -> stream = value == JsonToken.VALUE_TRUE;
                case "tools" -> readTools(p, value);
                case "input" -> readInput(p, value);
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
            String type = null;
            String name = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                if ("type".equals(field) && v == JsonToken.VALUE_STRING) {
                    type = p.getText();
                } else if ("name".equals(field) && v == JsonToken.VALUE_STRING) {
                    name = p.getText();
                } else if ("function".equals(field) && v == JsonToken.START_OBJECT && name == null) {
                    // Chat-style {"type":"function","function":{"name":…}} as some proxies accept it
                    name = ResponsesJson.text(ResponsesJson.MAPPER.<JsonNode>readTree(p).get("name"));
                } else {
                    p.skipChildren();
                }
            }
            String declared = name != null && !name.isEmpty() ? name : type;
            if (declared != null && !declared.isEmpty()) {
                tools.add(declared);
            }
        }
    }

    private void readInput(JsonParser p, JsonToken value) throws IOException {
        if (value != JsonToken.START_ARRAY) {
            p.skipChildren();
            return;
        }
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
            if (t == JsonToken.START_OBJECT) {
                readInputItem(p);
            } else {
                p.skipChildren();
            }
        }
    }

    /** One input item: only type, call_id, name, status and output are read; everything else is skipped. */
    private void readInputItem(JsonParser p) throws IOException {
        String type = null;
        String callId = null;
        String name = null;
        String status = null;
        JsonNode output = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            switch (field) {
                case "type" -> type = stringOrSkip(p, v);
                case "call_id" -> callId = stringOrSkip(p, v);
                case "name" -> name = stringOrSkip(p, v);
                case "status" -> status = stringOrSkip(p, v);
                case "output" -> output = ResponsesJson.MAPPER.readTree(p);
                default -> p.skipChildren();
            }
        }
        if (type == null || callId == null) {
            return;
        }
        if (type.endsWith("_call_output")) {
            pending.add(new PendingResult(callId, ToolResultOutcome.reportsFailure(type, status, output),
                    ToolResult.clip(ToolResultOutcome.text(output))));
        } else if (type.endsWith("_call")) {
            callNames.putIfAbsent(callId, ToolCallItems.toolName(type, name));
        }
    }

    /** Results are linked once the whole input is read: a call normally precedes its result, but need not. */
    private void linkResults() {
        for (PendingResult r : pending) {
            toolResults.add(new ToolResult(r.callId(), callNames.get(r.callId()), r.error(), r.content()));
        }
        pending.clear();
    }

    private static String stringOrSkip(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        p.skipChildren();
        return null;
    }
}
