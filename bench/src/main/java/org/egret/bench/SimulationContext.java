package org.egret.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** What all simulated agents share: the capture being written, client ports, the size budget, scratch buffers. */
final class SimulationContext {
    static final int SERVER_IP = 0x0a000001;   // 10.0.0.1
    static final int SERVER_PORT = 8000;
    static final int CLIENT_IP = 0x0a000002;   // 10.0.0.2
    private static final int FIRST_EPHEMERAL_PORT = 32768;
    private static final int LAST_EPHEMERAL_PORT = 60999;
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    final PcapWriter out;
    private final long budgetBytes;
    private int nextPort = FIRST_EPHEMERAL_PORT;
    private long cachedDateSecond = Long.MIN_VALUE;
    private byte[] cachedDate;
    /** Reused by whichever agent is writing: one agent writes at a time. */
    final TextBuffer body = new TextBuffer(64 * 1024);
    final TextBuffer message = new TextBuffer(64 * 1024);
    final TextBuffer event = new TextBuffer(4 * 1024);
    final TextBuffer wire = new TextBuffer(64 * 1024);
    long calls;
    long connections;

    SimulationContext(PcapWriter out, long budgetBytes) {
        this.out = out;
        this.budgetBytes = budgetBytes;
    }

    boolean budgetReached() {
        return out.bytes() >= budgetBytes;
    }

    /** Ephemeral ports in turn, as a busy client host hands them out. */
    int nextClientPort() {
        int port = nextPort;
        nextPort = port == LAST_EPHEMERAL_PORT ? FIRST_EPHEMERAL_PORT : port + 1;
        return port;
    }

    static int ephemeralPortCount() {
        return LAST_EPHEMERAL_PORT - FIRST_EPHEMERAL_PORT + 1;
    }

    /** The HTTP {@code Date} header value for a capture time, formatted once per second. */
    byte[] httpDate(long micros) {
        long second = Math.floorDiv(micros, 1_000_000L);
        if (second != cachedDateSecond) {
            cachedDateSecond = second;
            cachedDate = HTTP_DATE.format(Instant.ofEpochSecond(second)).getBytes(StandardCharsets.US_ASCII);
        }
        return cachedDate;
    }
}
