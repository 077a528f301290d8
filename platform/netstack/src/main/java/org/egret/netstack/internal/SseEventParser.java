package org.egret.netstack.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
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
    private static final byte[] NEWLINE = {'\n'};
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

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
    /** The first data line of the current event while it is still only in the caller's run (see {@link #accept}). */
    private byte[] pending;
    private int pendingOffset;
    private int pendingLength;
    private String lastEventType;
    private byte[] lastEventTypeBytes;

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
            int j = lineBreak(b, i, end);
            if (j == end) {
                appendLine(b, i, j - i);
                break;
            }
            skipLf = b[j] == '\r';
            if (lineLength == 0) {
                // the whole line is in this run: parsed in place, not copied
                int n = j - i;
                if (n > maxFieldBytes) {
                    truncated = true;
                    n = maxFieldBytes;
                }
                endOfLine(b, i, n, true, ts);
            } else {
                appendLine(b, i, j - i);
                int n = lineLength;
                lineLength = 0;
                endOfLine(line, 0, n, false, ts);
            }
            i = j + 1;
        }
        if (pending != null) {
            keepPendingData(); // the caller's bytes are only valid during this call
        }
    }

    /** Index of the first CR or LF in {@code b[from, end)}, or {@code end}. */
    private static int lineBreak(byte[] b, int from, int end) {
        int i = from;
        // eight bytes at a time: a byte is CR or LF when (x ^ 0x0A) or (x ^ 0x0D) is zero
        for (; i + 8 <= end; i += 8) {
            long x = (long) LONGS.get(b, i);
            long lf = x ^ 0x0A0A0A0A0A0A0A0AL;
            long cr = x ^ 0x0D0D0D0D0D0D0D0DL;
            long found = ((lf - 0x0101010101010101L) & ~lf | (cr - 0x0101010101010101L) & ~cr) & 0x8080808080808080L;
            if (found != 0) {
                break;
            }
        }
        while (i < end && b[i] != '\n' && b[i] != '\r') {
            i++;
        }
        return i;
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
            int n = lineLength;
            lineLength = 0;
            endOfLine(line, 0, n, false, ts);
        }
        if (hasData || eventType != null) {
            dispatch(ts);
        }
    }

    boolean truncated() {
        return truncated;
    }

    List<SseEvent> events() {
        if (tail == null) {
            return new ArrayList<>(head);
        }
        List<SseEvent> all = new ArrayList<>(head.size() + tailCap);
        all.addAll(head);
        long inTail = dispatched - head.size();
        int count = (int) Math.min(inTail, tailCap);
        int first = (int) ((tailNext - count + tailCap) % tailCap);
        for (int k = 0; k < count; k++) {
            all.add(tail[(first + k) % tailCap]);
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

    /**
     * One line {@code a[from, from+n)} without its line break. {@code inPlace}: {@code a} is the caller's run, valid
     * until {@link #accept} returns.
     */
    private void endOfLine(byte[] a, int from, int n, boolean inPlace, long ts) {
        if (n == 0) {
            dispatch(ts);
            return;
        }
        if (a[from] == ':') {
            return; // comment
        }
        int end = from + n;
        int colon = from;
        while (colon < end && a[colon] != ':') {
            colon++;
        }
        int valueStart = colon < end ? colon + 1 : end;
        if (valueStart < end && a[valueStart] == ' ') {
            valueStart++;
        }
        int nameLength = colon - from;
        if (fieldIs(DATA, a, from, nameLength)) {
            int valueLength = end - valueStart;
            if (hasData) {
                if (pending != null) {
                    keepPendingData();
                }
                appendData(NEWLINE, 0, 1);
                appendData(a, valueStart, valueLength);
            } else if (inPlace && dataLength == 0) {
                // usually the only data line of the event: the event's text is made straight from the caller's bytes
                if (valueLength > maxFieldBytes) {
                    truncated = true;
                    valueLength = maxFieldBytes;
                }
                pending = a;
                pendingOffset = valueStart;
                pendingLength = valueLength;
            } else {
                appendData(a, valueStart, valueLength);
            }
            hasData = true;
        } else if (fieldIs(EVENT, a, from, nameLength)) {
            eventType = eventTypeText(a, valueStart, end);
        } else if (fieldIs(ID, a, from, nameLength)) {
            String value = new String(a, valueStart, end - valueStart, StandardCharsets.UTF_8);
            if (value.indexOf('\0') < 0) {
                id = value;
            }
        }
        // retry and unknown fields are ignored
    }

    /** The event type as text; a stream repeats a few types, so the last one's text is reused when it matches. */
    private String eventTypeText(byte[] a, int from, int to) {
        int n = to - from;
        if (lastEventType != null && n == lastEventTypeBytes.length
                && Arrays.equals(a, from, to, lastEventTypeBytes, 0, n)) {
            return lastEventType;
        }
        String text = new String(a, from, n, StandardCharsets.UTF_8);
        if (n <= 64) {
            lastEventTypeBytes = Arrays.copyOfRange(a, from, to);
            lastEventType = text;
        }
        return text;
    }

    private static boolean fieldIs(byte[] name, byte[] a, int from, int length) {
        if (length != name.length) {
            return false;
        }
        for (int k = 0; k < length; k++) {
            if (a[from + k] != name[k]) {
                return false;
            }
        }
        return true;
    }

    /** Copies the data still referenced in the caller's run into the event's own buffer. */
    private void keepPendingData() {
        byte[] a = pending;
        pending = null;
        appendData(a, pendingOffset, pendingLength);
    }

    /** Appends to the event's data, at most {@code maxFieldBytes} in all (the rest is dropped, and flagged). */
    private void appendData(byte[] a, int from, int len) {
        int room = maxFieldBytes - dataLength;
        if (len > room) {
            truncated = true;
            len = room;
        }
        if (len <= 0) {
            return;
        }
        if (dataLength + len > data.length) {
            data = Arrays.copyOf(data, Math.max(data.length * 2, dataLength + len));
        }
        System.arraycopy(a, from, data, dataLength, len);
        dataLength += len;
    }

    private void dispatch(long ts) {
        if (!hasData && eventType == null) {
            resetEvent();
            return;
        }
        String text;
        if (pending != null) {
            text = new String(pending, pendingOffset, pendingLength, StandardCharsets.UTF_8);
            pending = null;
        } else {
            text = new String(data, 0, dataLength, StandardCharsets.UTF_8);
        }
        SseEvent event = new SseEvent(eventType, text, id, ts);
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
        pending = null;
        dataLength = 0;
        hasData = false;
        eventType = null;
        id = null;
        if (data.length > 64 * 1024) {
            data = new byte[256];
        }
    }
}
