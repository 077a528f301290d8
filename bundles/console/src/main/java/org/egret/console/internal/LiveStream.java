package org.egret.console.internal;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * One {@code /api/live} client: an async response written without blocking. Text waits in a small queue while the
 * client's socket is full; a client that falls more than {@link #MAX_PENDING_BYTES} behind is closed (its
 * EventSource reconnects and gets the current status), so a stalled client never holds a thread or unbounded memory.
 */
final class LiveStream implements WriteListener, AsyncListener {

    static final int MAX_PENDING_BYTES = 64 * 1024;

    private final AsyncContext async;
    private final ServletOutputStream out;
    private final long openedMillis;
    private final Consumer<LiveStream> onClosed;
    private final ArrayDeque<byte[]> pending = new ArrayDeque<>();
    private int pendingBytes;
    private boolean unflushed;
    private boolean listening;
    private boolean closed;

    LiveStream(AsyncContext async, ServletOutputStream out, long openedMillis, Consumer<LiveStream> onClosed) {
        this.async = async;
        this.out = out;
        this.openedMillis = openedMillis;
        this.onClosed = onClosed;
    }

    long openedMillis() {
        return openedMillis;
    }

    /** Starts writing: the container calls {@link #onWritePossible} once the response can take bytes. */
    void start() {
        async.addListener(this);
        synchronized (this) {
            listening = true;
        }
        out.setWriteListener(this);
    }

    synchronized void send(String text) {
        if (closed) {
            return;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (pendingBytes + bytes.length > MAX_PENDING_BYTES) {
            close();
            return;
        }
        pending.add(bytes);
        pendingBytes += bytes.length;
        if (listening) {
            drain();
        }
    }

    /** Writes while the container says it can; one flush after the last write, so each event leaves at once. */
    private void drain() {
        try {
            while (!closed && out.isReady()) {
                byte[] next = pending.poll();
                if (next != null) {
                    pendingBytes -= next.length;
                    out.write(next);
                    unflushed = true;
                } else if (unflushed) {
                    unflushed = false;
                    out.flush();
                } else {
                    return;
                }
            }
        } catch (IOException | IllegalStateException e) {
            // the client went away
            close();
        }
    }

    @Override
    public synchronized void onWritePossible() {
        drain();
    }

    @Override
    public void onError(Throwable t) {
        close();
    }

    /** Ends the response; the client's EventSource reconnects after the {@code retry} it was given. */
    void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            pending.clear();
            pendingBytes = 0;
        }
        try {
            async.complete();
        } catch (IllegalStateException e) {
            // already completed or timed out by the container
        }
        onClosed.accept(this);
    }

    synchronized boolean isClosed() {
        return closed;
    }

    @Override
    public void onComplete(AsyncEvent event) {
        close();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        close();
    }

    @Override
    public void onError(AsyncEvent event) {
        close();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
    }
}
