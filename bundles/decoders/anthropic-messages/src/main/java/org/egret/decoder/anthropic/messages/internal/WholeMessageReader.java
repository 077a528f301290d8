package org.egret.decoder.anthropic.messages.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Reads a non-streaming answer into a {@link MessageAccumulator}: a Messages {@code message}, an error body, or a
 * proxy's answer in another API's shape (its id, model, finish reason and usage).
 */
final class WholeMessageReader {

    private WholeMessageReader() {
    }

    /**
     * @throws IOException when the body is not valid JSON; the top-level fields before the damage are kept (a body
     *                     cut by the body cap still names its id, model and usage)
     */
    static void read(byte[] body, MessageAccumulator acc) throws IOException {
        JsonNode root;
        try {
            root = AnthropicJson.MAPPER.readTree(body);
        } catch (IOException e) {
            salvage(body, acc);
            throw e;
        }
        if (root != null && root.isArray() && !root.isEmpty()) {
            root = root.get(0); // Google front ends wrap errors in an array
        }
        if (root == null || !root.isObject()) {
            throw new IOException("response body is not a JSON object");
        }
        ObjectNode m = (ObjectNode) root;
        JsonNode error = m.get("error");
        if (error != null && (error.isObject() || error.isTextual())) {
            acc.error = error;
        }
        JsonNode message = m.has("message") ? m.get("message") : m.get("Message");
        if (message != null && message.isTextual()) {
            acc.topMessage = message.textValue();
        }
        if ("error".equals(m.path("type").asText(null))) {
            return;
        }
        acc.startMessage(m);
        JsonNode content = m.get("content");
        if (content != null && content.isArray()) {
            int i = 0;
            for (JsonNode block : content) {
                if (block.isObject()) {
                    acc.block(i).start = (ObjectNode) block;
                }
                i++;
            }
        }
        if (acc.usage == null && m.get("usageMetadata") instanceof ObjectNode u) {
            acc.mergeUsage(u);
        }
        acc.offerModel(m.get("modelVersion"));
        acc.offerId(m.get("responseId"));
        JsonNode finish = m.path("choices").path(0).get("finish_reason");
        if (finish == null) {
            finish = m.path("candidates").path(0).get("finishReason");
        }
        if (finish != null && finish.isTextual()) {
            acc.foreignFinishReason = finish.textValue();
        }
    }

    /** The top-level scalar fields and usage of a damaged body, up to the damage. */
    private static void salvage(byte[] body, MessageAccumulator acc) {
        try (JsonParser p = AnthropicJson.FACTORY.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (value == JsonToken.VALUE_STRING && "id".equals(field)) {
                    acc.id = acc.id == null ? p.getText() : acc.id;
                } else if (value == JsonToken.VALUE_STRING && "model".equals(field)) {
                    acc.model = acc.model == null ? p.getText() : acc.model;
                } else if (value == JsonToken.VALUE_STRING && "stop_reason".equals(field)) {
                    acc.stopReason = p.getText();
                } else if (value == JsonToken.START_OBJECT && "usage".equals(field)) {
                    acc.mergeUsage(AnthropicJson.MAPPER.readTree(p));
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException | RuntimeException e) {
            // the damage: what came before it is kept
        }
    }
}
