package org.egret.netstack.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.egret.api.http.SseEvent;
import org.egret.netstack.NetstackCounter;
import org.egret.netstack.NetstackCounters;

/**
 * Server-sent events (WHATWG HTML "event stream interpretation"), parsed as decoded body bytes arrive. Lines end at
 * CRLF, LF or CR, even when the pair is split across packets; fields are kept as bytes until the event is dispatched,
 * so a UTF-8 character split across packets is decoded whole. Each event carries the timestamp of the packet that
 * completed it. At most {@code maxEvents} are kept: the first {@code maxEvents - 64} and a ring of the last 64, so the
 * final event (usage, finish reason) survives.
 */
final class SseEventParser {
    static final int TAIL_EVENTS = 64;
    private static final byte[] DATA = "data".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT = "event".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ID = "id".getBytes(StandardCharsets.US_ASCII);

    private final NetstackCounters counters;
    private final int maxFieldBytes;
    private final int headCap;
    private final int tailCap;
    private final List<SseEvent> head = new ArrayList<>();
    private SseEvent[] tail;
    private int tailNext;
    private long dispatched;

    private byte[] line = new byte[256];
    private int lineLength;
    private boolean skipLf;
    private int bomSeen;
    private byte[] data = new byte[256];
    private int dataLength;
    private boolean hasData;
    private String eventType;
    private String id;
    private boolean truncated;

    SseEventParser(int maxEvents, int maxFieldBytes, NetstackCounters counters) {
        this.counters = counters;
        this.maxFieldBytes = maxFieldBytes;
        this.headCap = Math.max(0, maxEvents - TAIL_EVENTS);
        this.tailCap = maxEvents - headCap;
    }

    void accept(byte[] b, int off, int len, long ts) {
        int end = off + len;
        int i = off;
        while (bomSeen < 3 && i < end) {
            // a UTF-8 byte order mark at the very start of the stream is not content
            int want = bomSeen == 0 ? 0xEF : bomSeen == 1 ? 0xBB : 0xBF;
            if ((b[i] & 0xFF) != want) {
                if (bomSeen > 0) {
                    appendLine(new byte[] {(byte) 0xEF, (byte) 0xBB}, 0, bomSeen);
                }
                bomSeen = 3;
                break;
            }
            bomSeen++;
            i++;
        }
        while (i < end) {
            if (skipLf) {
                skipLf = false;
                if (b[i] == '\n') {
                    i++;
                    continue;
                }
            }
            int j = i;
            while (j < end && b[j] != '\n' && b[j] != '\r') {
                j++;
            }
            appendLine(b, i, j - i);
            if (j == end) {
                return;
            }
            skipLf = b[j] == '\r';
            endOfLine(ts);
            i = j + 1;
        }
    }

    /** Bytes were lost: the partial line and event are unreliable and dropped; parsing goes on at the next line. */
    void gap() {
        lineLength = 0;
        resetEvent();
        truncated = true;
    }

    /** End of the stream: a last event without its blank line is still dispatched. */
    void finish(long ts) {
        if (lineLength > 0) {
            endOfLine(ts);
        }
        if (hasData || eventType != null) {
            dispatch(ts);
        }
    }

    boolean truncated() {
        return truncated;
    }

    List<SseEvent> events() {
        List<SseEvent> all = new ArrayList<>(head.size() + (tail == null ? 0 : tailCap));
        all.addAll(head);
        if (tail != null) {
            long inTail = dispatched - head.size();
            int count = (int) Math.min(inTail, tailCap);
            int first = (int) ((tailNext - count + tailCap) % tailCap);
            for (int k = 0; k < count; k++) {
                all.add(tail[(first + k) % tailCap]);
            }
        }
        return all;
    }

    private void appendLine(byte[] b, int off, int len) {
        int room = maxFieldBytes - lineLength;
        if (len > room) {
            truncated = true;
            len = Math.max(0, room);
        }
        if (lineLength + len > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + len));
        }
        System.arraycopy(b, off, line, lineLength, len);
        lineLength += len;
    }

    private void endOfLine(long ts) {
        int n = lineLength;
        lineLength = 0;
        if (n == 0) {
            dispatch(ts);
            return;
        }
        if (line[0] == ':') {
            return; // comment
        }
        int colon = 0;
        while (colon < n && line[colon] != ':') {
            colon++;
        }
        int valueStart = colon < n ? colon + 1 : n;
        if (valueStart < n && line[valueStart] == ' ') {
            valueStart++;
        }
        if (fieldIs(DATA, colon)) {
            if (hasData) {
                appendData((byte) '\n');
            }
            hasData = true;
            for (int k = valueStart; k < n; k++) {
                appendData(line[k]);
            }
        } else if (fieldIs(EVENT, colon)) {
            eventType = new String(line, valueStart, n - valueStart, StandardCharsets.UTF_8);
        } else if (fieldIs(ID, colon)) {
            String value = new String(line, valueStart, n - valueStart, StandardCharsets.UTF_8);
            if (value.indexOf('\0') < 0) {
                id = value;
            }
        }
        // retry and unknown fields are ignored
    }

    private boolean fieldIs(byte[] name, int length) {
        if (length != name.length) {
            return false;
        }
        for (int k = 0; k < length; k++) {
            if (line[k] != name[k]) {
                return false;
            }
        }
        return true;
    }

    private void appendData(byte v) {
        if (dataLength == maxFieldBytes) {
            truncated = true;
            return;
        }
        if (dataLength == data.length) {
            data = Arrays.copyOf(data, data.length * 2);
        }
        data[dataLength++] = v;
    }

    private void dispatch(long ts) {
        if (!hasData && eventType == null) {
            resetEvent();
            return;
        }
        SseEvent event = new SseEvent(eventType, new String(data, 0, dataLength, StandardCharsets.UTF_8), id, ts);
        resetEvent();
        counters.increment(NetstackCounter.SSE_EVENTS_PARSED);
        dispatched++;
        if (head.size() < headCap) {
            head.add(event);
            return;
        }
        if (tail == null) {
            tail = new SseEvent[tailCap];
        }
        if (dispatched - head.size() > tailCap) {
            truncated = true;
        }
        tail[tailNext] = event;
        tailNext = (tailNext + 1) % tailCap;
    }

    private void resetEvent() {
        dataLength = 0;
        hasData = false;
        eventType = null;
        id = null;
        if (data.length > 64 * 1024) {
            data = new byte[256];
        }
    }
}
