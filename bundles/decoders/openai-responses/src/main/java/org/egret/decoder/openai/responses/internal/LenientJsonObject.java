package org.egret.decoder.openai.responses.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * Reads a JSON object as a tree, keeping what came before a cut or damage: every whole top-level field, and of a
 * top-level array ({@code output}) every whole element. A response body cut by the capture or the body cap then
 * still yields its id, model, status and the output items before the cut.
 *
 * @param tree    the fields read, or null when the bytes do not start a JSON object
 * @param problem null when the object was read to its end; else why it was not
 */
record LenientJsonObject(ObjectNode tree, String problem) {

    static LenientJsonObject read(byte[] bytes) {
        if (!ResponsesJson.startsWithObject(bytes)) {
            return new LenientJsonObject(null, "not a JSON object");
        }
        ObjectNode root = ResponsesJson.MAPPER.createObjectNode();
        try (JsonParser p = ResponsesJson.FACTORY.createParser(bytes)) {
            p.nextToken();
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                if (p.nextToken() == JsonToken.START_ARRAY) {
                    ArrayNode array = root.putArray(field);
                    JsonToken element;
                    while ((element = p.nextToken()) != JsonToken.END_ARRAY) {
                        if (element == null) {
                            throw new IOException("unexpected end of input");
                        }
                        array.add(ResponsesJson.MAPPER.<JsonNode>readTree(p));
                    }
                } else {
                    root.set(field, ResponsesJson.MAPPER.readTree(p));
                }
            }
            if (t != JsonToken.END_OBJECT) {
                throw new IOException("unexpected end of input");
            }
            return new LenientJsonObject(root, null);
        } catch (IOException | RuntimeException | StackOverflowError e) {
            return new LenientJsonObject(root, ResponsesJson.describe(e));
        }
    }
}
