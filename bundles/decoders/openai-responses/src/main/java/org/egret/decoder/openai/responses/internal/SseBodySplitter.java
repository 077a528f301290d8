package org.egret.decoder.openai.responses.internal;

import java.util.ArrayList;
import java.util.List;
import org.egret.api.http.SseEvent;

/**
 * Splits event-stream text into events, for responses that reach the decoder as body text only (no parsed events,
 * or an event stream under a wrong content type). Such events carry no packet timestamps.
 */
final class SseBodySplitter {

    private SseBodySplitter() {
    }

    /** True when the text's first non-blank line is an SSE {@code event:} or {@code data:} field. */
    static boolean looksLikeEventStream(String text) {
        int i = 0;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return text.startsWith("event:", i) || text.startsWith("data:", i);
    }

    static List<SseEvent> split(String text, long timestampMicros) {
        List<SseEvent> events = new ArrayList<>();
        StringBuilder data = null;
        String event = null;
        String id = null;
        int pos = 0;
        int len = text.length();
        while (pos <= len) {
            int end = pos;
            while (end < len && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
                end++;
            }
            String line = text.substring(pos, end);
            if (line.isEmpty()) {
                if (data != null) {
                    events.add(new SseEvent(event, data.toString(), id, timestampMicros));
                }
                data = null;
                event = null;
                id = null;
            } else if (line.charAt(0) != ':') {
                int colon = line.indexOf(':');
                String field = colon < 0 ? line : line.substring(0, colon);
                String value = colon < 0 ? "" : line.substring(colon + 1);
                if (value.startsWith(" ")) {
                    value = value.substring(1);
                }
                switch (field) {
                    case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                    case "event" -> event = value;
                    case "id" -> id = value;
                    default -> {
                        // retry and unknown fields carry nothing for us
                    }
                }
            }
            if (end >= len) {
                break;
            }
            pos = end + (text.charAt(end) == '\r' && end + 1 < len && text.charAt(end + 1) == '\n' ? 2 : 1);
        }
        if (data != null) {
            events.add(new SseEvent(event, data.toString(), id, timestampMicros));
        }
        return events;
    }
}
