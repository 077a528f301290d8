package org.egret.decoder.openai.chat.internal;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.util.List;
import org.egret.api.http.SseEvent;

/**
 * Folds the chunks of a Chat Completions event stream into a {@link CompletionAccumulator}: unnamed events whose data
 * is a JSON object, up to {@code [DONE]}. Remembers when model output first arrived and what was skipped.
 */
final class ChatStreamReader {

    private final CompletionAccumulator acc;
    private final CompletionReader reader;
    private final StreamChunkScanner scanner = new StreamChunkScanner();
    private boolean done;
    private boolean errorEvent;
    private int chunks;
    private int skipped;
    private long firstOutputMicros;

    ChatStreamReader(CompletionAccumulator acc) {
        this.acc = acc;
        this.reader = new CompletionReader(acc, true);
    }

    void read(List<SseEvent> events) {
        for (SseEvent e : events) {
            if (e == null) {
                continue;
            }
            String name = e.event();
            // "message" is SSE's default event type, so an explicit one is the same as none.
            boolean named = name != null && !name.isEmpty() && !"message".equals(name);
            if (named && !"error".equals(name)) {
                continue;
            }
            String data = e.data();
            if (data == null || data.isEmpty()) {
                continue;
            }
            if (Character.isWhitespace(data.charAt(0)) || Character.isWhitespace(data.charAt(data.length() - 1))) {
                data = data.strip();
                if (data.isEmpty()) {
                    continue;
                }
            }
            if (!named && "[DONE]".equals(data)) {
                done = true;
                return;
            }
            if (named) {
                errorEvent = true;
            }
            if (data.charAt(0) != '{') {
                skipped++;
                continue;
            }
            boolean output;
            if (scanner.read(data, acc)) {
                chunks++;
                output = scanner.carriedOutput();
            } else {
                // what the scanner is not sure of, Jackson reads
                try (JsonParser p = ChatJson.FACTORY.createParser(data)) {
                    reader.read(p);
                    chunks++;
                } catch (IOException | RuntimeException ex) {
                    skipped++;
                }
                output = reader.lastObjectCarriedOutput();
            }
            if (firstOutputMicros == 0 && output) {
                firstOutputMicros = e.timestampMicros();
            }
        }
    }

    boolean sawDone() {
        return done;
    }

    /** An {@code error} object arrived in a chunk, or a named {@code error} event. */
    boolean sawError() {
        return errorEvent || acc.error != null;
    }

    /** Events whose data was a JSON object that could be read. */
    int chunks() {
        return chunks;
    }

    /** Events whose data was not JSON, or broken JSON. */
    int skipped() {
        return skipped;
    }

    /** Timestamp of the first event that carried model output, 0 if none did. */
    long firstOutputMicros() {
        return firstOutputMicros;
    }
}
