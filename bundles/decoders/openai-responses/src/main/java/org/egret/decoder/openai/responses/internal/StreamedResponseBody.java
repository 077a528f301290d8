package org.egret.decoder.openai.responses.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The non-streaming response object a stream stands for: the final event's response, else (a stream cut before
 * it) the last lifecycle response seen, else a bare response object. Its {@code output} is replaced by the streamed
 * items when it is empty or absent: Codex's backend sends {@code "output":[]} in {@code response.completed}, and a
 * cut stream's {@code response.created} never had any.
 */
final class StreamedResponseBody {

    private StreamedResponseBody() {
    }

    /** @return the body, or null when the stream carried neither a response object nor an item */
    static ObjectNode of(ResponsesStreamReader stream, String requestModel) {
        JsonNode base = stream.finished() != null ? stream.finished() : stream.started();
        ObjectNode body;
        if (base != null && base.isObject()) {
            body = (ObjectNode) base;
        } else if (!stream.output().isEmpty()) {
            body = ResponsesJson.MAPPER.createObjectNode();
            body.putNull("id");
            body.put("object", "response");
            body.put("model", requestModel);
            body.putArray("output");
        } else {
            return null;
        }
        JsonNode wire = body.get("output");
        if ((wire == null || !wire.isArray() || wire.isEmpty()) && !stream.output().isEmpty()) {
            List<JsonNode> items = stream.output().build();
            ArrayNode output = ResponsesJson.MAPPER.createArrayNode();
            output.addAll(items);
            body.set("output", output);
        }
        return body;
    }
}
