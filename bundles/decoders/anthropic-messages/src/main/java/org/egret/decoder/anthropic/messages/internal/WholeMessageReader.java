package org.egret.decoder.anthropic.messages.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * Reads a non-streaming answer into a {@link MessageAccumulator}: a Messages {@code message}, an error body, or a
 * proxy's answer in another API's shape (its id, model, finish reason and usage).
 */
final class WholeMessageReader {

    private WholeMessageReader() {
    }

    /** @throws IOException when the body is not valid JSON */
    static void read(byte[] body, MessageAccumulator acc) throws IOException {
        JsonNode root = AnthropicJson.MAPPER.readTree(body);
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
}
