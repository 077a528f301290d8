package org.egret.api.http;

import java.util.ArrayList;
import java.util.List;

/**
 * Event-stream text split into events, for responses that reach a decoder as body text only: an SSE body under a
 * wrong content type, as some proxies send it, so the capture layer did not parse it. Such events carry one given
 * timestamp, not their packets'.
 */
public final class SseText {

    private SseText() {
    }

    /** True when the text's first non-blank line is an SSE {@code event:} or {@code data:} field. */
    public static boolean looksLikeEventStream(String text) {
        if (text == null) {
            return false;
        }
        int i = 0;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return text.startsWith("event:", i) || text.startsWith("data:", i);
    }

    /** The events of the text, each dated {@code timestampMicros}; a last event without its blank line counts. */
    public static List<SseEvent> split(String text, long timestampMicros) {
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
                        // retry and unknown fields carry nothing for a decoder
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
