package org.egret.pipeline.itest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.egret.api.packet.FrameSink;
import org.egret.api.packet.LinkType;
import org.egret.api.packet.PacketSource;
import org.egret.api.packet.PacketSourceFactory;
import org.egret.api.packet.SourceProgress;

/**
 * A packet source type ({@code itest-feed}) for a running pipeline fed as long as the test wants: each
 * {@link #send} becomes one whole TCP connection (handshake, request, response, FINs) in raw IPv4 frames, on a client
 * port of its own, in event time that only moves forward. Frames are built, never captured: no checksums, which
 * Egret does not verify.
 * <p>
 * The dispatcher hands a worker its frames a batch at a time and sends a batch when the next frame does not fit (or
 * the source ends), so a quiet live source would leave its last exchange waiting. Each conversation is therefore
 * pushed out by a filler frame as big as a batch: a RST with payload on a connection nobody follows, which the flow
 * table drops. The pipeline must run with {@code batch_bytes} 65536 for this.
 */
final class ConversationFeed implements PacketSourceFactory {
    static final String TYPE = "itest-feed";
    private static final int SYN = 0x02;
    private static final int FIN = 0x01;
    private static final int PSH = 0x08;
    private static final int ACK = 0x10;
    private static final int RST = 0x04;
    private static final int MSS = 1400;
    /** IPv4's largest frame with its 40 header bytes: nothing else fits beside it in a 64 KiB batch. */
    private static final byte[] FILLER = new byte[65_535 - 40];

    private record Conversation(byte[] request, byte[] response) {
    }

    private final BlockingQueue<Conversation> queue = new LinkedBlockingQueue<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private volatile boolean closed;
    private final boolean live;

    /** A feed the pipeline may make wait, like a replayed file. */
    ConversationFeed() {
        this(false);
    }

    /** @param live true for a feed that says it is live: the pipeline drops what it cannot take */
    ConversationFeed(boolean live) {
        this.live = live;
    }

    /** Queues one HTTP exchange; returns how many were queued before it (its sequence number). */
    long send(String request, String response) {
        queue.add(new Conversation(request.getBytes(StandardCharsets.UTF_8), response.getBytes(StandardCharsets.UTF_8)));
        return sent.getAndIncrement();
    }

    /** Conversations whose frames the pipeline has taken. */
    long delivered() {
        return delivered.get();
    }

    @Override
    public PacketSource open(String location, Map<String, String> options) {
        return new PacketSource() {
            private long packets;

            @Override
            public String id() {
                return "itest-feed";
            }

            @Override
            public void run(FrameSink sink) throws IOException {
                long micros = 1_767_258_000_000_000L;
                int port = 20_000;
                while (!closed) {
                    Conversation c;
                    try {
                        c = queue.poll(20, TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    if (c == null) {
                        continue;
                    }
                    port = port >= 60_000 ? 20_000 : port + 1;
                    micros = emit(sink, c, port, micros);
                    micros = frame(sink, micros, true, 9, 0, 0, RST | ACK, FILLER);
                    delivered.incrementAndGet();
                }
            }

            /** One connection: 3-way handshake, the request, the response, both FINs. Returns the next timestamp. */
            private long emit(FrameSink sink, Conversation c, int port, long t) {
                int cseq = 1000;
                int sseq = 5000;
                t = frame(sink, t, true, port, cseq, 0, SYN, new byte[0]);
                t = frame(sink, t, false, port, sseq, cseq + 1, SYN | ACK, new byte[0]);
                cseq++;
                sseq++;
                t = frame(sink, t, true, port, cseq, sseq, ACK, new byte[0]);
                for (int from = 0; from < c.request.length; from += MSS) {
                    byte[] piece = slice(c.request, from);
                    t = frame(sink, t, true, port, cseq, sseq, PSH | ACK, piece);
                    cseq += piece.length;
                }
                for (int from = 0; from < c.response.length; from += MSS) {
                    byte[] piece = slice(c.response, from);
                    t = frame(sink, t, false, port, sseq, cseq, PSH | ACK, piece);
                    sseq += piece.length;
                }
                t = frame(sink, t, true, port, cseq, sseq, FIN | ACK, new byte[0]);
                t = frame(sink, t, false, port, sseq, cseq + 1, FIN | ACK, new byte[0]);
                return frame(sink, t, true, port, cseq + 1, sseq + 1, ACK, new byte[0]);
            }

            private long frame(FrameSink sink, long t, boolean fromClient, int clientPort, int seq, int ack, int flags,
                    byte[] payload) {
                byte[] f = ipv4(fromClient ? CLIENT : SERVER, fromClient ? SERVER : CLIENT,
                        tcp(fromClient ? clientPort : SERVER_PORT, fromClient ? SERVER_PORT : clientPort, seq, ack,
                                flags, payload));
                sink.frame(LinkType.RAW, t, ByteBuffer.wrap(f), f.length);
                packets++;
                return t + 250;
            }

            @Override
            public boolean live() {
                return live;
            }

            @Override
            public SourceProgress progress() {
                return new SourceProgress(0, -1, packets, 0, closed);
            }

            @Override
            public void close() {
                closed = true;
            }
        };
    }

    private static final byte[] CLIENT = {10, 0, 0, 1};
    private static final byte[] SERVER = {10, 0, 0, 2};
    private static final int SERVER_PORT = 11434;

    private static byte[] slice(byte[] b, int from) {
        return java.util.Arrays.copyOfRange(b, from, Math.min(b.length, from + MSS));
    }

    private static byte[] tcp(int sport, int dport, int seq, int ack, int flags, byte[] payload) {
        byte[] b = new byte[20 + payload.length];
        ByteBuffer.wrap(b).putShort((short) sport).putShort((short) dport).putInt(seq).putInt(ack)
                .put((byte) (5 << 4)).put((byte) flags).putShort((short) 65535);
        System.arraycopy(payload, 0, b, 20, payload.length);
        return b;
    }

    private static byte[] ipv4(byte[] src, byte[] dst, byte[] l4) {
        byte[] b = new byte[20 + l4.length];
        b[0] = 0x45;
        ByteBuffer.wrap(b, 2, 2).putShort((short) b.length);
        b[8] = 64;
        b[9] = 6;
        System.arraycopy(src, 0, b, 12, 4);
        System.arraycopy(dst, 0, b, 16, 4);
        System.arraycopy(l4, 0, b, 20, l4.length);
        return b;
    }
}
