package org.egret.decoder.gemini.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Folds the JSON-array stream ({@code :streamGenerateContent} without {@code alt=sse}: a JSON array of
 * {@code GenerateContentResponse} objects written element by element) into a {@link ResponseAccumulator}, one
 * element at a time with a streaming parser. Only whole elements count: a cut-off array keeps the elements that
 * closed before the cut.
 */
final class JsonArrayStreamReader {

    private final ResponseAccumulator acc;
    private int elements;
    private boolean closed;
    private String damage;

    JsonArrayStreamReader(ResponseAccumulator acc) {
        this.acc = acc;
    }

    void read(byte[] body) {
        try (JsonParser p = GeminiJson.FACTORY.createParser(body)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                damage = "not a JSON array";
                return;
            }
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.END_ARRAY) {
                    closed = true;
                    return;
                }
                if (t != JsonToken.START_OBJECT) {
                    p.skipChildren();
                    continue;
                }
                ResponseChunk chunk = new ResponseChunk();
                ChunkReader.readObject(p, chunk);
                if (p.currentToken() != JsonToken.END_OBJECT) {
                    damage = "element " + (elements + 1) + " cut off";
                    return;
                }
                acc.apply(chunk);
                elements++;
            }
        } catch (IOException | RuntimeException e) {
            damage = GeminiJson.describe(e);
        }
    }

    /** Elements read whole. */
    int elements() {
        return elements;
    }

    /** The closing bracket was seen. */
    boolean closed() {
        return closed;
    }

    /** Why parsing stopped early (malformed or cut off), or null. */
    String damage() {
        return damage;
    }
}
