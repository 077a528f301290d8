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
import org.egret.api.decode.TurnFacts;

/**
 * What decoding needs from a request body, read in one streaming pass: model, stream flag, declared tools, the tool
 * results sent back in {@code input} with the names of the calls they answer, and what the input says about the
 * agent turn. Input items are read field by field: only the message texts the turn facts need are decoded, other
 * content (reasoning, base64 images) is skipped, never built. A truncated or broken body yields what was read before
 * the damage.
 */
final class ResponsesRequest {

    String model;
    boolean stream;
    final List<String> tools = new ArrayList<>();
    final List<ToolResult> toolResults = new ArrayList<>();
    /** the body could not be read to its end */
    boolean damaged;
    /** Codex's conversation id; see {@link ResponsesCallDecoding} for when it counts as the session */
    String promptCacheKey;

    private boolean readable;
    private int items;
    private String firstUserText;
    /** an assistant-side item (message, reasoning, call) was read; the first run of them ends at the next other */
    private boolean assistantSeen;
    private boolean firstRunOver;
    private String firstCallId;
    private String firstAssistantText;
    private String instructions;
    private String firstSystemText;
    /** the last item that is not a system or developer message */
    private boolean lastIsUserMessage;
    private String lastText;
    private boolean lastMedia;

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
        r.readable = true;
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
                case "instructions" -> instructions = TurnFacts.clip(stringOrSkip(p, value),
                        TurnFacts.SYSTEM_LIMIT);
                case "prompt_cache_key" -> promptCacheKey = stringOrSkip(p, value);
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

    /**
     * The turn facts of the call, {@link TurnFacts#UNKNOWN} when the body is no JSON object. Of a body cut before its
     * end, the last item is unknown, and so is the anchor while no assistant item was read.
     *
     * @param answerText      the output's message text
     * @param terminal        whether the response ends the agent loop (null: no complete response)
     * @param answerSignature the output's first client tool call's id (canonical), else its first message's text:
     *                        the anchor's second half while the input has no assistant item
     * @param sessionHint     the session the body names, if the caller trusts it as one
     */
    TurnFacts turnFacts(String answerText, Boolean terminal, String answerSignature, String sessionHint) {
        if (!readable) {
            return TurnFacts.UNKNOWN;
        }
        Boolean userTurnStart = null;
        String userInput = null;
        if (!damaged && items > 0) {
            userTurnStart = lastIsUserMessage && (lastText != null || lastMedia);
            userInput = lastIsUserMessage ? lastText : null;
        }
        String signature = firstCallId != null ? TurnFacts.canonicalToolId(firstCallId) : firstAssistantText;
        String anchor = assistantSeen || !damaged
                ? TurnFacts.anchor(firstUserText, assistantSeen ? signature : answerSignature)
                : null;
        return new TurnFacts(userTurnStart, userInput, TurnFacts.clip(answerText, TurnFacts.TEXT_LIMIT), terminal,
                anchor, instructions != null ? instructions : firstSystemText, items, sessionHint);
    }

    private void readInput(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_STRING) {
            // a string input is one user message
            items = 1;
            lastIsUserMessage = true;
            lastText = p.getText().isBlank() ? null : TurnFacts.clip(p.getText(), TurnFacts.TEXT_LIMIT);
            firstUserText = lastText;
            return;
        }
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

    /**
     * One input item: only type, role, call_id, name, status, output and the content the turn facts need are read;
     * everything else is skipped.
     */
    private void readInputItem(JsonParser p) throws IOException {
        String type = null;
        String role = null;
        String callId = null;
        String name = null;
        String status = null;
        JsonNode output = null;
        MessageContent content = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            switch (field) {
                case "type" -> type = stringOrSkip(p, v);
                case "role" -> role = stringOrSkip(p, v);
                case "call_id" -> callId = stringOrSkip(p, v);
                case "name" -> name = stringOrSkip(p, v);
                case "status" -> status = stringOrSkip(p, v);
                case "output" -> output = ResponsesJson.MAPPER.readTree(p);
                // clients write type and role first, so texts no fact needs are skipped undecoded
                case "content" -> content = needsText(type, role) ? MessageContent.read(p, v) : skipContent(p);
                default -> p.skipChildren();
            }
        }
        noteForTurn(type, role, callId, content);
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

    /** Messages have type {@code message}, or no type and a role (the easy input form). */
    private static boolean isMessage(String type, String role) {
        return "message".equals(type) || type == null && role != null;
    }

    private static boolean isSystem(String role) {
        return "system".equals(role) || "developer".equals(role);
    }

    /** Whose texts a fact needs: every user message (any may be the last), the first assistant run, the system. */
    private boolean needsText(String type, String role) {
        if (type != null && !"message".equals(type)) {
            return false;
        }
        return role == null || "user".equals(role) || "assistant".equals(role) && !firstRunOver
                || isSystem(role) && firstSystemText == null;
    }

    private void noteForTurn(String type, String role, String callId, MessageContent content) {
        items++;
        boolean message = isMessage(type, role);
        String text = content == null || content.text() == null || content.text().isBlank() ? null
                : TurnFacts.clip(content.text(), TurnFacts.TEXT_LIMIT);
        boolean assistantSide = message ? "assistant".equals(role)
                : type != null && ("reasoning".equals(type) || type.endsWith("_call"));
        if (assistantSide && !firstRunOver) {
            assistantSeen = true;
            if (firstCallId == null && callId != null && ToolCallItems.isClientCall(type)) {
                firstCallId = callId;
            }
            if (firstAssistantText == null && message) {
                firstAssistantText = text;
            }
        } else if (!assistantSide && assistantSeen) {
            firstRunOver = true;
        }
        if (message && isSystem(role)) {
            if (firstSystemText == null && text != null) {
                firstSystemText = TurnFacts.clip(text, TurnFacts.SYSTEM_LIMIT);
            }
            return;
        }
        boolean user = message && "user".equals(role);
        if (user && firstUserText == null) {
            firstUserText = text;
        }
        lastIsUserMessage = user;
        lastText = user ? text : null;
        lastMedia = user && content != null && content.media();
    }

    private static MessageContent skipContent(JsonParser p) throws IOException {
        p.skipChildren();
        return null;
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
