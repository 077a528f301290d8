package org.egret.console.internal.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.List;
import org.egret.api.decode.LlmCall;
import org.egret.api.transcript.Transcript;
import org.egret.api.transcript.TranscriptMessage;
import org.egret.api.transcript.TranscriptReader;
import org.egret.api.transcript.TranscriptTool;
import org.egret.api.transcript.TranscriptToolCall;

/**
 * A small but real reader of OpenAI chat bodies for the console's tests (the decoder bundles own the real ones):
 * request messages (string or part-array content), tool calls, tool results, reasoning, tools, and the response's
 * first choice.
 */
final class ChatTranscriptReader implements TranscriptReader {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    @Override
    public String wireApi() {
        return "openai-chat";
    }

    @Override
    public Transcript read(LlmCall call) {
        JsonNode req = parse(call.getRequestBody());
        if (req == null || !req.path("messages").isArray()) {
            return Transcript.unreadable(wireApi(), "request body is not a chat completion request");
        }
        List<TranscriptMessage> messages = new ArrayList<>();
        for (JsonNode m : req.get("messages")) {
            messages.add(message(m, false));
        }
        List<TranscriptTool> tools = new ArrayList<>();
        for (JsonNode t : req.path("tools")) {
            JsonNode f = t.path("function");
            tools.add(new TranscriptTool(f.path("name").asText(), text(f, "description"),
                    f.has("parameters") ? f.get("parameters").toString() : null));
        }
        JsonNode resp = parse(call.getResponseBody());
        JsonNode answer = resp == null ? null : resp.path("choices").path(0).get("message");
        if (answer == null) {
            return new Transcript(wireApi(), messages, tools, "response body has no message");
        }
        messages.add(message(answer, true));
        return new Transcript(wireApi(), messages, tools, null);
    }

    private static TranscriptMessage message(JsonNode m, boolean fromResponse) {
        String role = m.path("role").asText("user");
        role = role.equals("developer") ? "system" : role;
        List<String> omitted = new ArrayList<>();
        String content;
        JsonNode c = m.get("content");
        if (c != null && c.isArray()) {
            List<String> texts = new ArrayList<>();
            for (JsonNode part : c) {
                if ("text".equals(part.path("type").asText())) {
                    texts.add(part.path("text").asText());
                } else {
                    omitted.add(part.path("type").asText().replace("_url", ""));
                }
            }
            content = texts.isEmpty() ? null : String.join("\n\n", texts);
        } else {
            content = c == null || c.isNull() ? null : c.asText();
        }
        List<TranscriptToolCall> calls = new ArrayList<>();
        for (JsonNode tc : m.path("tool_calls")) {
            JsonNode f = tc.path("function");
            calls.add(new TranscriptToolCall(text(tc, "id"), f.path("name").asText(),
                    f.path("arguments").asText("{}")));
        }
        String reasoning = text(m, "reasoning_content");
        return new TranscriptMessage(role, content, reasoning, calls, text(m, "tool_call_id"), text(m, "name"),
                m.path("is_error").asBoolean(false), fromResponse, omitted);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static JsonNode parse(String body) {
        if (body == null) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            return null;
        }
    }
}
