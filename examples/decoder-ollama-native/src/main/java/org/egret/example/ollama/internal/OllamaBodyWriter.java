package org.egret.example.ollama.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Rebuilds a stream as the whole answer Ollama gives with {@code "stream": false}: the final object with the
 * gathered text, thinking and tool calls put back where a whole answer has them.
 */
final class OllamaBodyWriter {

    private OllamaBodyWriter() {
    }

    static String write(OllamaAnswer answer, OllamaRoute route) {
        ObjectNode out = answer.last != null ? answer.last.deepCopy() : OllamaJson.MAPPER.createObjectNode();
        if (answer.last == null) {
            out.put("model", answer.model).put("done", false);
        }
        ObjectNode part = route == OllamaRoute.GENERATE ? out : message(out);
        part.put(route == OllamaRoute.GENERATE ? "response" : "content", answer.content.toString());
        if (answer.thinking.length() > 0) {
            part.put("thinking", answer.thinking.toString());
        }
        if (!answer.toolCalls.isEmpty()) {
            ArrayNode calls = part.putArray("tool_calls");
            answer.toolCalls.forEach(calls::add);
        }
        return out.toString();
    }

    /** A fresh {@code message} in the place the final object's (empty) one had. */
    private static ObjectNode message(ObjectNode out) {
        ObjectNode message = OllamaJson.MAPPER.createObjectNode().put("role", "assistant");
        out.set("message", message);
        return message;
    }
}
