package org.egret.netstack.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.egret.api.http.HttpHeader;
import org.egret.netstack.NetstackCounter;

/**
 * HTTP/1.x messages of one TCP direction, parsed as reassembled bytes arrive. Header sections are gathered whole
 * (at most 64 KiB, 256 lines); bodies stream through. When the stream does not start at a message (capture joined
 * mid-connection, bytes lost in a gap, garbage), bytes are skipped until a line that is a request line or status line.
 */
final class HttpStreamParser {
    static final int MAX_HEAD_BYTES = 64 * 1024;
    static final int MAX_HEADERS = 256;
    private static final int MAX_START_LINE = 8 * 1024;
    private static final int MAX_CHUNK_LINE = 4 * 1024;
    /** Hexadecimal digit values by byte, -1 for any other byte. */
    private static final byte[] HEX = new byte[256];

    static {
        java.util.Arrays.fill(HEX, (byte) -1);
        for (int d = 0; d < 16; d++) {
            HEX[Character.forDigit(d, 16)] = (byte) d;
            HEX[Character.toUpperCase(Character.forDigit(d, 16))] = (byte) d;
        }
    }

    /** What the parser asks of, and tells, the connection it belongs to. */
    interface Events {
        /** The first message seen tells which side this direction is. */
        void roleFound(HttpStreamParser parser, boolean client);

        void requestHead(HttpStreamParser parser, HttpMessage request);

        /**
         * A final response head: pairs it. Returns the paired request's method, or null when it answers no known
         * request. {@code afterGap} is true when a capture gap since the previous response may have swallowed whole
         * responses; {@code gapSeq} is then the sequence number where that gap began.
         */
        String responseHead(HttpStreamParser parser, HttpMessage response, boolean afterGap, int gapSeq);

        /** The message ended, whole ({@code complete}) or cut off. */
        void messageDone(HttpStreamParser parser, HttpMessage message);

        /** 101 Switching Protocols or a CONNECT tunnel: no more HTTP/1 on this connection. */
        void upgraded();
    }

    private enum State { START, SYNC, HEAD, BODY_LENGTH, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS, BODY_CLOSE, DEAD }

    private enum Role { UNKNOWN, CLIENT, SERVER }

    private final FlowContext ctx;
    private final Events events;
    final int direction;
    private Role role = Role.UNKNOWN;
    private State state;

    private byte[] head = new byte[1024];
    private int headLength;
    private int lineStart;
    private int lines;
    private boolean firstLineDone;
    private boolean candidate;
    private boolean atLineStart = true;
    private boolean crSeen;
    private boolean gapSinceResponse;
    private int gapSeq;

    private long startTs;
    private int startSeq;
    private int startAck;
    private boolean startAckValid;

    private HttpMessage message;
    private long remaining;

    private long ts;
    private int chunkSeq;
    private int chunkOff;

    HttpStreamParser(FlowContext ctx, Events events, int direction, boolean atMessageStart) {
        this.ctx = ctx;
        this.events = events;
        this.direction = direction;
        this.state = atMessageStart ? State.START : State.SYNC;
    }

    void setRole(boolean client) {
        role = client ? Role.CLIENT : Role.SERVER;
    }

    boolean roleKnown() {
        return role != Role.UNKNOWN;
    }

    boolean isClient() {
        return role == Role.CLIENT;
    }

    boolean isDead() {
        return state == State.DEAD;
    }

    void kill() {
        state = State.DEAD;
        message = null;
        head = new byte[0];
    }

    /** In-order bytes {@code buf[off, off+len)}; {@code seq} is the sequence number of the first one. */
    void onData(byte[] buf, int off, int len, long timestamp, int seq, int ack, boolean ackValid) {
        ts = timestamp;
        chunkSeq = seq;
        chunkOff = off;
        int end = off + len;
        int i = off;
        if (state == State.SYNC && !candidate) {
            atLineStart = true; // a segment boundary is a likely message boundary
        }
        while (i < end) {
            switch (state) {
                case DEAD -> {
                    return;
                }
                case START -> {
                    byte b = buf[i];
                    if (b == '\r' || b == '\n') {
                        i++;
                    } else {
                        markStart(i, ack, ackValid);
                        headLength = 0;
                        lineStart = 0;
                        lines = 0;
                        firstLineDone = false;
                        state = State.HEAD;
                    }
                }
                case SYNC -> i = sync(buf, i, end, ack, ackValid);
                case HEAD -> i = head(buf, i, end);
                case BODY_LENGTH, CHUNK_DATA, BODY_CLOSE -> {
                    int n = (int) Math.min(end - i, state == State.BODY_CLOSE ? Long.MAX_VALUE : remaining);
                    message.body.accept(buf, i, n, ts);
                    i += n;
                    remaining -= n;
                    if (remaining == 0 && state == State.BODY_LENGTH) {
                        complete();
                    } else if (remaining == 0 && state == State.CHUNK_DATA) {
                        state = State.CHUNK_END;
                        crSeen = false;
                    }
                }
                case CHUNK_END -> {
                    byte b = buf[i++];
                    if (b == '\r' && !crSeen) {
                        crSeen = true;
                    } else if (b == '\n') {
                        startLine();
                        state = State.CHUNK_SIZE;
                    } else {
                        framingError("chunk not followed by CRLF");
                    }
                }
                case CHUNK_SIZE, TRAILERS -> i = chunkLine(buf, i, end);
                default -> throw new IllegalStateException(state.name());
            }
        }
    }

    private void markStart(int i, int ack, boolean ackValid) {
        startTs = ts;
        startSeq = seqAt(i);
        startAck = ack;
        startAckValid = ackValid;
    }

    private int seqAt(int i) {
        return chunkSeq + (i - chunkOff);
    }

    private int sync(byte[] buf, int i, int end, int ack, boolean ackValid) {
        while (i < end) {
            byte b = buf[i];
            if (candidate) {
                if (headLength == MAX_START_LINE) {
                    candidate = false;
                    atLineStart = false;
                    continue;
                }
                appendHead(b);
                i++;
                if (b == '\n') {
                    candidate = false;
                    atLineStart = true;
                    if (startLine(0, lineEnd(headLength - 1))) {
                        firstLineDone = true;
                        lineStart = headLength;
                        lines = 0;
                        state = State.HEAD;
                        return i;
                    }
                }
                continue;
            }
            if (atLineStart && b >= 'A' && b <= 'Z') {
                candidate = true;
                headLength = 0;
                lineStart = 0;
                markStart(i, ack, ackValid);
                continue;
            }
            atLineStart = b == '\n';
            i++;
        }
        return i;
    }

    private int head(byte[] buf, int i, int end) {
        while (i < end) {
            int j = i;
            while (j < end && buf[j] != '\n') {
                j++;
            }
            boolean eol = j < end;
            int n = (eol ? j + 1 : j) - i;
            if (headLength + n > MAX_HEAD_BYTES) {
                resync();
                atLineStart = eol;
                return eol ? j + 1 : end;
            }
            ensureHead(headLength + n);
            System.arraycopy(buf, i, head, headLength, n);
            headLength += n;
            i += n;
            if (!eol) {
                return i;
            }
            int lineEnd = lineEnd(headLength - 1);
            if (!firstLineDone) {
                if (!startLine(lineStart, lineEnd)) {
                    resync();
                    return i;
                }
                firstLineDone = true;
            } else if (lineEnd == lineStart) {
                headComplete(seqAt(i));
                return i;
            } else if (++lines > MAX_HEADERS) {
                resync();
                return i;
            }
            lineStart = headLength;
        }
        return i;
    }

    /** Index just past the line's content, given the index of its LF (a CR before it is not content). */
    private int lineEnd(int lf) {
        return lf > lineStart && head[lf - 1] == '\r' ? lf - 1 : lf;
    }

    private void resync() {
        ctx.counters().increment(NetstackCounter.HTTP_RESYNCS);
        message = null;
        candidate = false;
        atLineStart = true;
        state = State.SYNC;
    }

    /** Parses a start line in {@code head[from, to)}; on success a new message is begun. */
    private boolean startLine(int from, int to) {
        boolean request;
        if (role != Role.SERVER && isRequestLine(from, to)) {
            request = true;
        } else if (role != Role.CLIENT && isStatusLine(from, to)) {
            request = false;
        } else {
            return false;
        }
        if (role == Role.UNKNOWN) {
            events.roleFound(this, request);
        }
        HttpMessage m = new HttpMessage(request);
        String line = new String(head, from, to - from, StandardCharsets.ISO_8859_1);
        int sp1 = line.indexOf(' ');
        if (request) {
            int sp2 = line.indexOf(' ', sp1 + 1);
            m.method = line.substring(0, sp1);
            m.target = line.substring(sp1 + 1, sp2);
            m.version = line.substring(sp2 + 1);
        } else {
            m.version = line.substring(0, sp1);
            m.status = Integer.parseInt(line.substring(sp1 + 1, sp1 + 4));
            m.reason = line.length() > sp1 + 5 ? line.substring(sp1 + 5) : "";
        }
        m.startMicros = startTs;
        m.startSeq = startSeq;
        m.startAck = startAck;
        m.startAckValid = startAckValid;
        message = m;
        return true;
    }

    private boolean isRequestLine(int from, int to) {
        int i = from;
        while (i < to && (isUpper(head[i]) || head[i] == '-' || head[i] == '_')) {
            i++;
        }
        if (i == from || i - from > 32 || i >= to || head[i] != ' ') {
            return false;
        }
        int targetStart = ++i;
        while (i < to && (head[i] & 0xFF) > ' ' && head[i] != 0x7F) {
            i++;
        }
        if (i == targetStart || i >= to || head[i] != ' ') {
            return false;
        }
        return to - (i + 1) == 8 && isHttp1Version(i + 1);
    }

    private boolean isStatusLine(int from, int to) {
        if (to - from < 12 || !isHttp1Version(from) || head[from + 8] != ' ') {
            return false;
        }
        for (int k = from + 9; k < from + 12; k++) {
            if (head[k] < '0' || head[k] > '9') {
                return false;
            }
        }
        if (head[from + 9] == '0') {
            return false;
        }
        return to == from + 12 || head[from + 12] == ' ';
    }

    private boolean isHttp1Version(int at) {
        return head[at] == 'H' && head[at + 1] == 'T' && head[at + 2] == 'T' && head[at + 3] == 'P'
                && head[at + 4] == '/' && head[at + 5] == '1' && head[at + 6] == '.' && head[at + 7] >= '0'
                && head[at + 7] <= '9';
    }

    private static boolean isUpper(byte b) {
        return b >= 'A' && b <= 'Z';
    }

    private void headComplete(int seqAfterHead) {
        HttpMessage m = message;
        m.headEndSeq = seqAfterHead;
        parseHeaderLines(m, firstLineEnd(), headLength);
        if (m.request) {
            ctx.counters().increment(NetstackCounter.HTTP_REQS_PARSED);
            events.requestHead(this, m);
            requestFraming(m);
        } else {
            ctx.counters().increment(NetstackCounter.HTTP_RESPS_PARSED);
            if (m.status >= 100 && m.status < 200 && m.status != 101) {
                message = null; // interim (100 Continue, 103 Early Hints): the final response follows
                state = State.START;
                return;
            }
            String method = events.responseHead(this, m, gapSinceResponse, gapSeq);
            gapSinceResponse = false;
            if (m.status == 101 || ("CONNECT".equals(method) && m.status / 100 == 2)) {
                m.endMicros = ts;
                m.complete = true;
                message = null;
                state = State.DEAD;
                events.messageDone(this, m);
                events.upgraded();
                return;
            }
            responseFraming(m, method);
        }
    }

    private int firstLineEnd() {
        int i = 0;
        while (head[i] != '\n') {
            i++;
        }
        return i + 1;
    }

    private void parseHeaderLines(HttpMessage m, int from, int to) {
        int i = from;
        while (i < to) {
            int lf = i;
            while (lf < to && head[lf] != '\n') {
                lf++;
            }
            int end = lf > i && head[lf - 1] == '\r' ? lf - 1 : lf;
            addHeader(m, i, end);
            i = lf + 1;
        }
    }

    private void addHeader(HttpMessage m, int from, int to) {
        if (from >= to) {
            return;
        }
        if ((head[from] == ' ' || head[from] == '\t') && !m.headers.isEmpty()) {
            // obsolete line folding continues the previous value
            HttpHeader last = m.headers.remove(m.headers.size() - 1);
            String more = new String(head, from, to - from, StandardCharsets.UTF_8).trim();
            m.headers.add(new HttpHeader(last.name(), last.value() + " " + more));
            return;
        }
        int colon = from;
        while (colon < to && head[colon] != ':') {
            colon++;
        }
        if (colon == from || colon == to) {
            return; // not a header line: skipped, as lenient parsers do
        }
        for (int k = from; k < colon; k++) {
            if (head[k] <= ' ') {
                return;
            }
        }
        int v = colon + 1;
        int e = to;
        while (v < e && (head[v] == ' ' || head[v] == '\t')) {
            v++;
        }
        while (e > v && (head[e - 1] == ' ' || head[e - 1] == '\t')) {
            e--;
        }
        m.headers.add(new HttpHeader(new String(head, from, colon - from, StandardCharsets.ISO_8859_1),
                new String(head, v, e - v, StandardCharsets.UTF_8)));
    }

    private void requestFraming(HttpMessage m) {
        List<String> te = tokens(m.header("transfer-encoding"));
        if (!te.isEmpty()) {
            if (te.get(te.size() - 1).equals("chunked")) {
                startChunked(m, te);
            } else {
                m.addProblem("request Transfer-Encoding without chunked cannot be framed");
                noBody(m);
            }
            return;
        }
        long length = contentLength(m);
        if (length > 0) {
            startLength(m, length);
        } else {
            if (length < -1) {
                m.addProblem("invalid Content-Length");
            }
            noBody(m);
        }
    }

    private void responseFraming(HttpMessage m, String method) {
        if ("HEAD".equals(method) || m.status == 204 || m.status == 304) {
            noBody(m);
            return;
        }
        List<String> te = tokens(m.header("transfer-encoding"));
        if (!te.isEmpty()) {
            if (te.get(te.size() - 1).equals("chunked")) {
                startChunked(m, te);
            } else {
                m.body = body(m, te);
                state = State.BODY_CLOSE;
            }
            return;
        }
        long length = contentLength(m);
        if (length == 0) {
            noBody(m);
        } else if (length > 0) {
            startLength(m, length);
        } else {
            m.body = body(m, List.of());
            state = State.BODY_CLOSE;
        }
    }

    private MessageBody body(HttpMessage m, List<String> transferCodings) {
        return body(m, transferCodings, -1);
    }

    private MessageBody body(HttpMessage m, List<String> transferCodings, long length) {
        List<String> transfer = new ArrayList<>(transferCodings);
        transfer.remove("chunked");
        String contentType = m.header("content-type");
        boolean eventStream = !m.request && contentType != null
                && contentType.toLowerCase(Locale.ROOT).contains("text/event-stream");
        MessageBody body = MessageBody.create(ctx, transfer, tokens(m.header("content-encoding")), eventStream,
                length);
        return m.request ? body : body.datingArrivals();
    }

    private void startChunked(HttpMessage m, List<String> te) {
        m.body = body(m, te);
        startLine();
        state = State.CHUNK_SIZE;
    }

    private void startLength(HttpMessage m, long length) {
        m.body = body(m, List.of(), length);
        remaining = length;
        state = State.BODY_LENGTH;
    }

    private void noBody(HttpMessage m) {
        complete();
    }

    /** -1 when absent, -2 when invalid, else the length. */
    private static long contentLength(HttpMessage m) {
        long found = -1;
        for (HttpHeader h : m.headers) {
            if (!h.name().equalsIgnoreCase("content-length")) {
                continue;
            }
            for (String part : h.value().split(",")) {
                String p = part.trim();
                if (p.isEmpty() || p.length() > 18 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    return -2;
                }
                long v = Long.parseLong(p);
                if (found >= 0 && v != found) {
                    return -2;
                }
                found = v;
            }
        }
        return found;
    }

    private static List<String> tokens(String headerValue) {
        if (headerValue == null || headerValue.isBlank()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String part : headerValue.split(",")) {
            String t = part.trim().toLowerCase(Locale.ROOT);
            int semi = t.indexOf(';');
            if (semi >= 0) {
                t = t.substring(0, semi).trim();
            }
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }

    private void startLine() {
        headLength = 0;
        lineStart = 0;
    }

    /** A chunk-size line or a trailer line. */
    private int chunkLine(byte[] buf, int i, int end) {
        boolean sizeLine = state == State.CHUNK_SIZE;
        int limit = sizeLine ? MAX_CHUNK_LINE : MAX_HEAD_BYTES;
        while (i < end) {
            // at most the bytes the line may still take; one more than that breaks the framing
            int scanEnd = (int) Math.min(end, (long) i + (limit - headLength));
            int lf = i;
            while (lf < scanEnd && buf[lf] != '\n') {
                lf++;
            }
            if (lf == scanEnd) {
                appendHead(buf, i, scanEnd - i);
                if (scanEnd == end) {
                    return end;
                }
                framingError(sizeLine ? "chunk-size line too long" : "trailers over 64 KiB");
                return scanEnd + 1;
            }
            if (sizeLine && headLength == 0) {
                // the whole chunk-size line is in this run: read in place
                int lineEnd = lf > i && buf[lf - 1] == '\r' ? lf - 1 : lf;
                return chunkSizeLine(chunkSize(buf, i, lineEnd), lf + 1);
            }
            appendHead(buf, i, lf + 1 - i);
            i = lf + 1;
            int lineEnd = lineEnd(headLength - 1);
            if (sizeLine) {
                return chunkSizeLine(chunkSize(head, lineStart, lineEnd), i);
            }
            if (lineEnd == lineStart) {
                complete();
                return i;
            }
            if (message.headers.size() >= MAX_HEADERS) {
                framingError("more than 256 header and trailer lines");
                return i;
            }
            addHeader(message, lineStart, lineEnd);
            lineStart = headLength;
        }
        return i;
    }

    /** A chunk-size line was read; {@code i} is just past it. */
    private int chunkSizeLine(long size, int i) {
        if (size < 0) {
            framingError("malformed chunk-size line");
            return i;
        }
        startLine();
        if (size == 0) {
            state = State.TRAILERS;
        } else {
            remaining = size;
            state = State.CHUNK_DATA;
        }
        return i;
    }

    private static long chunkSize(byte[] line, int from, int to) {
        int i = from;
        while (i < to && (line[i] == ' ' || line[i] == '\t')) {
            i++;
        }
        long size = 0;
        int digits = 0;
        while (i < to) {
            int d = HEX[line[i] & 0xFF];
            if (d < 0) {
                break;
            }
            if (++digits > 15) {
                return -1;
            }
            size = size * 16 + d;
            i++;
        }
        if (digits == 0) {
            return -1;
        }
        while (i < to && (line[i] == ' ' || line[i] == '\t')) {
            i++;
        }
        return i == to || line[i] == ';' ? size : -1; // chunk extensions after ';' are ignored
    }

    private void complete() {
        HttpMessage m = message;
        m.endMicros = ts;
        m.complete = true;
        if (m.body != null) {
            m.body.finish(true, ts);
        }
        message = null;
        state = State.START;
        events.messageDone(this, m);
    }

    private void cut(String why, boolean complete) {
        HttpMessage m = message;
        message = null;
        if (m == null) {
            return;
        }
        m.endMicros = ts;
        m.complete = complete;
        if (why != null) {
            m.addProblem(why);
        }
        if (m.body != null) {
            m.body.finish(complete, ts);
        }
        events.messageDone(this, m);
    }

    private void framingError(String why) {
        cut((message.request ? "request " : "response ") + "framing broken: " + why, false);
        resync();
    }

    /** {@code lost} bytes of this direction, starting at {@code seq}, were never captured. */
    void onGap(int seq, long lost, long timestamp) {
        ts = timestamp;
        State before = state;
        gap(lost);
        // a gap inside a body whose framing survived cannot have swallowed a message head
        boolean headsMayBeLost = before == State.START || before == State.HEAD || before == State.SYNC
                || state == State.SYNC;
        if (headsMayBeLost && !gapSinceResponse) {
            gapSinceResponse = true;
            gapSeq = seq;
        }
    }

    private void gap(long lost) {
        switch (state) {
            case DEAD -> {
            }
            case SYNC -> {
                candidate = false;
                atLineStart = true;
            }
            case START, HEAD -> {
                // a message head (or a whole message) was lost: nothing of it was announced yet
                ctx.counters().increment(NetstackCounter.HTTP_RESYNCS);
                message = null;
                candidate = false;
                atLineStart = true;
                state = State.SYNC;
            }
            case BODY_LENGTH, CHUNK_DATA -> {
                long inBody = Math.min(lost, remaining);
                message.body.lost(inBody, message.request ? "request" : "response");
                remaining -= inBody;
                if (remaining > 0) {
                    return;
                }
                if (state == State.BODY_LENGTH) {
                    cut(null, false);
                    if (lost > inBody) {
                        resync();
                    } else {
                        state = State.START;
                    }
                } else if (lost == inBody) {
                    state = State.CHUNK_END;
                    crSeen = false;
                } else {
                    cut(null, false);
                    resync();
                }
            }
            case BODY_CLOSE -> message.body.lost(lost, message.request ? "request" : "response");
            case CHUNK_SIZE, CHUNK_END, TRAILERS -> {
                cut((message.request ? "request" : "response") + " chunked framing lost in a capture gap of " + lost
                        + " bytes", false);
                resync();
            }
            default -> throw new IllegalStateException(state.name());
        }
    }

    /** No more bytes will come in this direction. */
    void onEnd(StreamEnd why, long timestamp) {
        ts = timestamp;
        if (state == State.BODY_CLOSE && why == StreamEnd.FIN) {
            complete();
        } else if (message != null && state != State.SYNC && state != State.HEAD && state != State.START) {
            String what = message.request ? "request" : "response";
            cut(what + " cut off: " + why.cutBy, false);
        }
        kill();
    }

    private void appendHead(byte b) {
        ensureHead(headLength + 1);
        head[headLength++] = b;
    }

    private void appendHead(byte[] b, int from, int n) {
        ensureHead(headLength + n);
        System.arraycopy(b, from, head, headLength, n);
        headLength += n;
    }

    private void ensureHead(int size) {
        if (size > head.length) {
            head = Arrays.copyOf(head, Math.max(size, Math.min(head.length * 2, MAX_HEAD_BYTES + 16)));
        }
    }
}
