package org.egret.console.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Every open {@code /api/live} stream and the one clock that feeds them: {@link #tick} samples the pipelines (once a
 * second), sends a {@code status} event only when something changed, a {@code : ping} comment every
 * {@link #PING_MILLIS} and closes streams older than {@link #MAX_AGE_MILLIS}. No thread per stream.
 */
final class LiveStreams {

    static final int MAX_STREAMS = 16;
    static final long MAX_AGE_MILLIS = 10 * 60_000L;
    static final long PING_MILLIS = 15_000L;
    static final int RETRY_MILLIS = 3000;
    static final String PING = ": ping\n\n";

    private final Supplier<String> statusBody;
    private final LongSupplier clock;
    private final Set<LiveStream> streams = new LinkedHashSet<>();
    private String lastBody;
    private String lastEvent;
    private long lastPingMillis;
    private boolean closed;

    /** @param statusBody the status JSON after {@code ts} (see {@link LiveStatusJson#body}) */
    LiveStreams(Supplier<String> statusBody, LongSupplier clock) {
        this.statusBody = statusBody;
        this.clock = clock;
        this.lastPingMillis = clock.getAsLong();
    }

    /** What a new stream gets first: the reconnect delay and the current status. */
    static String preamble(String statusEvent) {
        return "retry: " + RETRY_MILLIS + "\n\n" + statusEvent;
    }

    /**
     * Admits a stream; the stream is sent the current status at once. With {@link #MAX_STREAMS} open, the oldest is
     * closed to make room: a browser that reloads or navigates leaves its old stream behind, and the server learns it
     * is gone only when a write fails (a ping, up to {@link #PING_MILLIS} later), so refusing the newest would refuse
     * the tab that is actually there. A live evicted tab reconnects after {@link #RETRY_MILLIS}.
     *
     * @return false when stopped: the caller answers 503
     */
    boolean admit(StreamOpener opener) {
        LiveStream stream;
        LiveStream evicted = null;
        String event;
        synchronized (this) {
            if (closed) {
                return false;
            }
            if (streams.size() >= MAX_STREAMS) {
                evicted = streams.iterator().next();
                streams.remove(evicted);
            }
            long now = clock.getAsLong();
            sample(now);
            stream = opener.open(now, this::remove);
            streams.add(stream);
            event = lastEvent;
        }
        if (evicted != null) {
            evicted.close();
        }
        stream.send(preamble(event));
        stream.start();
        return true;
    }

    /** Opens the async response of an admitted request. */
    @FunctionalInterface
    interface StreamOpener {
        LiveStream open(long nowMillis, java.util.function.Consumer<LiveStream> onClosed);
    }

    /** One beat of the scheduler. */
    void tick() {
        long now = clock.getAsLong();
        List<LiveStream> expired = new ArrayList<>();
        List<LiveStream> targets;
        String event;
        boolean ping;
        synchronized (this) {
            if (closed || streams.isEmpty()) {
                lastPingMillis = now;
                return;
            }
            event = sample(now);
            ping = now - lastPingMillis >= PING_MILLIS;
            if (ping) {
                lastPingMillis = now;
            }
            targets = new ArrayList<>(streams);
        }
        for (LiveStream s : targets) {
            if (now - s.openedMillis() >= MAX_AGE_MILLIS) {
                expired.add(s);
                continue;
            }
            if (event != null) {
                s.send(event);
            }
            if (ping) {
                s.send(PING);
            }
        }
        expired.forEach(LiveStream::close);
    }

    /** Reads the pipelines; the new event when anything but the time changed, else null. Holds the lock. */
    private String sample(long now) {
        String body = statusBody.get();
        if (body.equals(lastBody)) {
            return null;
        }
        lastBody = body;
        lastEvent = LiveStatusJson.event(now, body);
        return lastEvent;
    }

    synchronized int open() {
        return streams.size();
    }

    private synchronized void remove(LiveStream s) {
        streams.remove(s);
    }

    /** Ends every stream and admits no more: the bundle stops. */
    void close() {
        List<LiveStream> all;
        synchronized (this) {
            closed = true;
            all = new ArrayList<>(streams);
        }
        all.forEach(LiveStream::close);
    }
}
