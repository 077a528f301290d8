package org.egret.storage.clickhouse.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP hop in front of ClickHouse that forwards every request, and for the next {@link #dropAnswers} inserts
 * lets ClickHouse apply the request but hangs up on the client instead of passing the answer on: the "timed out
 * after the server applied it" case, for real, over sockets.
 */
final class AnswerDroppingProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final int upstreamPort;
    final AtomicInteger dropAnswers = new AtomicInteger();
    final AtomicInteger dropped = new AtomicInteger();
    private final Thread thread;

    AnswerDroppingProxy(int upstreamPort) throws IOException {
        this.upstreamPort = upstreamPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.thread = new Thread(this::serve, "answer-dropping-proxy");
        thread.setDaemon(true);
        thread.start();
    }

    String url() {
        return "http://127.0.0.1:" + listener.getLocalPort();
    }

    private void serve() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Thread t = new Thread(() -> handle(client), "answer-dropping-proxy-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    /** One request per connection: the upstream is asked to close, so its answer ends at EOF. */
    private void handle(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            while (true) {
                String head = readHead(in);
                if (head == null) {
                    return;
                }
                int length = 0;
                StringBuilder rewritten = new StringBuilder();
                String[] lines = head.split("\r\n");
                for (int i = 0; i < lines.length; i++) {
                    String lower = lines[i].toLowerCase(Locale.ROOT);
                    if (i > 0 && lower.startsWith("connection:")) {
                        continue;
                    }
                    if (lower.startsWith("content-length:")) {
                        length = Integer.parseInt(lines[i].substring(15).strip());
                    }
                    rewritten.append(lines[i]).append("\r\n");
                }
                rewritten.append("Connection: close\r\n\r\n");
                byte[] body = in.readNBytes(length);
                byte[] answer;
                try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort)) {
                    OutputStream up = upstream.getOutputStream();
                    up.write(rewritten.toString().getBytes(StandardCharsets.ISO_8859_1));
                    up.write(body);
                    up.flush();
                    answer = upstream.getInputStream().readAllBytes();
                }
                boolean insert = lines[0].contains("INSERT");
                if (insert && dropAnswers.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    dropped.incrementAndGet();
                    return; // applied upstream, never answered
                }
                OutputStream out = client.getOutputStream();
                out.write(answer);
                out.flush();
                return;
            }
        } catch (IOException e) {
            // the client went away; nothing to clean up beyond the socket
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int state = 0;
        int c;
        while ((c = in.read()) >= 0) {
            b.write(c);
            state = switch (state) {
                case 0 -> c == '\r' ? 1 : 0;
                case 1 -> c == '\n' ? 2 : 0;
                case 2 -> c == '\r' ? 3 : 0;
                case 3 -> c == '\n' ? 4 : 0;
                default -> 0;
            };
            if (state == 4) {
                return b.toString(StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
