package org.egret.decoder.anthropic.messages.internal;

import java.io.IOException;
import java.util.List;
import org.egret.api.http.SseEvent;

/**
 * Folds the events of a Messages stream (SSE events, or the event JSON of Bedrock frames) into a
 * {@link MessageAccumulator}. Remembers when model output first arrived, whether the stream reached its end, and
 * what was skipped.
 */
final class MessagesStreamReader {

    private final StreamEventReader reader;
    private boolean started;
    private boolean stopped;
    private boolean errorEvent;
    private int events;
    private int skipped;
    private long firstOutputMicros;

    MessagesStreamReader(MessageAccumulator acc) {
        this.reader = new StreamEventReader(acc);
    }

    void read(List<SseEvent> sse) {
        for (SseEvent e : sse) {
            if (e != null) {
                readEvent(e.event(), e.data(), e.timestampMicros());
            }
        }
    }

    /** One SSE event; {@code timestampMicros} 0 when unknown. */
    void readEvent(String name, String data, long timestampMicros) {
        if (data == null || data.isBlank()) {
            return;
        }
        if (Character.isWhitespace(data.charAt(0))) {
            data = data.strip();
        }
        // "message" is SSE's default event type, so an explicit one is the same as none.
        String eventName = name == null || name.isEmpty() || "message".equals(name) ? null : name;
        if (data.charAt(0) != '{') {
            if (!"[DONE]".equals(data)) {
                skipped++;
            }
            return;
        }
        try {
            note(reader.read(data, eventName), timestampMicros);
        } catch (IOException | RuntimeException ex) {
            skipped++;
        }
    }

    /**
     * The event JSON one Bedrock frame carried, with the time of the packet that completed the frame (from the
     * body's timeline; 0 when undated).
     */
    void readFrame(byte[] json, long timestampMicros) {
        try {
            note(reader.read(json, null), timestampMicros);
        } catch (IOException | RuntimeException ex) {
            skipped++;
        }
    }

    /** An error a Bedrock stream reported as an exception frame instead of an Anthropic error event. */
    void errorFrame() {
        errorEvent = true;
    }

    private void note(StreamEventReader.Kind kind, long timestampMicros) {
        events++;
        switch (kind) {
            case MESSAGE_START -> started = true;
            case MESSAGE_STOP -> stopped = true;
            case ERROR -> errorEvent = true;
            default -> {
                // content and pings need no bookkeeping here
            }
        }
        if (firstOutputMicros == 0 && reader.lastEventCarriedOutput()) {
            firstOutputMicros = timestampMicros;
        }
    }

    boolean sawStart() {
        return started;
    }

    boolean sawStop() {
        return stopped;
    }

    boolean sawError() {
        return errorEvent;
    }

    /** Events whose data was a JSON object that could be read. */
    int events() {
        return events;
    }

    /** Events whose data was not JSON, or broken JSON. */
    int skipped() {
        return skipped;
    }

    /** Timestamp of the first event that carried model output, 0 if none did (or its time is unknown). */
    long firstOutputMicros() {
        return firstOutputMicros;
    }
}
