package org.egret.console.internal.rest;

import java.nio.charset.StandardCharsets;

/**
 * Counts the events of a stored event-stream body. Storage may keep only the decoded stream text, not the event list,
 * so the detail route recounts by the SSE rules: lines end in CR, LF or CRLF, a blank line ends an event, an event
 * counts when it carried data, {@code data:} lines are joined with LF, and a final event without a blank line counts.
 *
 * @param events    events with data
 * @param dataBytes UTF-8 bytes of their data
 */
record SseStreamText(int events, long dataBytes) {

    static SseStreamText count(String stream) {
        int events = 0;
        long dataBytes = 0;
        long eventBytes = 0;
        boolean hasData = false;
        int i = 0;
        int n = stream.length();
        while (i <= n) {
            int end = i;
            while (end < n && stream.charAt(end) != '\n' && stream.charAt(end) != '\r') {
                end++;
            }
            String line = stream.substring(i, end);
            if (line.isEmpty()) {
                if (hasData) {
                    events++;
                    dataBytes += eventBytes;
                }
                hasData = false;
                eventBytes = 0;
            } else if (line.startsWith("data")) {
                String value = null;
                if (line.length() == 4) {
                    value = "";
                } else if (line.charAt(4) == ':') {
                    value = line.substring(5);
                    if (value.startsWith(" ")) {
                        value = value.substring(1);
                    }
                }
                if (value != null) {
                    eventBytes += (hasData ? 1 : 0) + value.getBytes(StandardCharsets.UTF_8).length;
                    hasData = true;
                }
            }
            if (end >= n) {
                break;
            }
            i = end + (stream.charAt(end) == '\r' && end + 1 < n && stream.charAt(end + 1) == '\n' ? 2 : 1);
        }
        if (hasData) {
            events++;
            dataBytes += eventBytes;
        }
        return new SseStreamText(events, dataBytes);
    }
}
