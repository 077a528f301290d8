package org.egret.decoder.gemini.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * What stands for a tool-call id in a Gemini conversation anchor: Gemini's function calls carry no id (Gemini CLI
 * makes its own for the responses only), so a call is known by its name and a hash of its arguments. The arguments
 * are hashed in key order, as a client may re-send them with their keys reordered.
 */
final class FunctionCallSignature {

    private static final ObjectMapper SORTED = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private FunctionCallSignature() {
    }

    /** Of a {@code functionCall} object: {@code <name>#<hash of args>}. */
    static String of(JsonNode functionCall) {
        JsonNode name = functionCall.get("name");
        JsonNode args = functionCall.get("args");
        String canonical;
        try {
            canonical = args == null || args.isNull() ? "{}"
                    : SORTED.writeValueAsString(SORTED.treeToValue(args, Object.class));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            canonical = args.toString();
        }
        return (name != null && name.isTextual() ? name.textValue() : "") + "#"
                + Integer.toHexString(canonical.hashCode());
    }
}
