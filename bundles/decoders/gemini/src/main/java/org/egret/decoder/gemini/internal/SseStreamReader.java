package org.egret.decoder.gemini.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.List;
import org.egret.api.http.SseEvent;

/**
 * Folds the events of an {@code alt=sse} stream into a {@link ResponseAccumulator}: each event's data is one whole
 * {@code GenerateContentResponse} chunk (Gemini names no events and sends no terminator). An event whose data is
 * not a JSON object, or is broken, is skipped whole. Remembers when model output first arrived.
 */
final class SseStreamReader {

    private final ResponseAccumulator acc;
    private int skipped;
    private long firstOutputMicros;

    SseStreamReader(ResponseAccumulator acc) {
        this.acc = acc;
    }

    void read(List<SseEvent> events) {
        for (SseEvent e : events) {
            if (e == null || e.data() == null) {
                continue;
            }
            String data = e.data().strip();
            // "[DONE]" is what OpenAI-style proxies append; Gemini itself ends by closing the body
            if (data.isEmpty() || "[DONE]".equals(data)) {
                continue;
            }
            if (data.charAt(0) != '{') {
                skipped++;
                continue;
            }
            ResponseChunk chunk = new ResponseChunk();
            try (JsonParser p = GeminiJson.FACTORY.createParser(data)) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    skipped++;
                    continue;
                }
                ChunkReader.readObject(p, chunk);
                if (p.currentToken() != JsonToken.END_OBJECT) {
                    skipped++;
                    continue;
                }
            } catch (IOException | RuntimeException ex) {
                skipped++;
                continue;
            }
            acc.apply(chunk);
            if (firstOutputMicros == 0 && chunk.carriesOutput()) {
                firstOutputMicros = e.timestampMicros();
            }
        }
    }

    /** Events whose data was not JSON, or broken JSON. */
    int skipped() {
        return skipped;
    }

    /** Timestamp of the first event that carried a text, thought or function-call part; 0 if none did. */
    long firstOutputMicros() {
        return firstOutputMicros;
    }
}
