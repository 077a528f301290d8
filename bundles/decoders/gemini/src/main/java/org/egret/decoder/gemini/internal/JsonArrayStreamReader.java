package org.egret.decoder.gemini.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import org.egret.api.http.BodyTimeline;

/**
 * Folds the JSON-array stream ({@code :streamGenerateContent} without {@code alt=sse}: a JSON array of
 * {@code GenerateContentResponse} objects written element by element) into a {@link ResponseAccumulator}, one
 * element at a time with a streaming parser. Only whole elements count: a cut-off array keeps the elements that
 * closed before the cut. The first element that carries output dates the first token: the time of the packet that
 * completed it (the body's timeline says when each byte arrived), as an SSE event is dated by the packet that
 * completes it.
 */
final class JsonArrayStreamReader {

    private final ResponseAccumulator acc;
    private int elements;
    private boolean closed;
    private String damage;
    private long firstOutputMicros;

    JsonArrayStreamReader(ResponseAccumulator acc) {
        this.acc = acc;
    }

    void read(byte[] body, BodyTimeline timeline) {
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
                if (firstOutputMicros == 0 && chunk.carriesOutput()) {
                    // the closing brace of the element, whose packet made it whole
                    firstOutputMicros = timeline.microsAt(p.currentTokenLocation().getByteOffset());
                }
            }
        } catch (IOException | RuntimeException e) {
            damage = GeminiJson.describe(e);
        }
    }

    /** Epoch µs of the packet that completed the first element with output; 0 when none or not dated. */
    long firstOutputMicros() {
        return firstOutputMicros;
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
