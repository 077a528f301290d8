package org.egret.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.egret.bench.SyntheticCaptureWriter.Summary;
import org.egret.bench.TcpSegments.Capture;
import org.egret.bench.TcpSegments.Segment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writes 5 MB, reads it back with the pcap-file source and takes it apart down to every JSON document. */
class SyntheticCaptureWriterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Path file;
    static Summary summary;
    static Capture capture;
    static List<Connection> connections;

    /** One TCP connection, its two byte streams reassembled by sequence number. */
    static final class Connection {
        final int clientPort;
        final ByteArrayOutputStream request = new ByteArrayOutputStream();
        final ByteArrayOutputStream response = new ByteArrayOutputStream();
        final List<byte[]> serverSegments = new ArrayList<>();
        final List<Long> requestStarts = new ArrayList<>();
        long nextClientSeq;
        long nextServerSeq;
        int fins;

        Connection(int clientPort) {
            this.clientPort = clientPort;
        }
    }

    @BeforeAll
    static void writeAndReadBack() throws Exception {
        file = dir.resolve("bench.pcap");
        summary = SyntheticCaptureWriter.write(file, 5L << 20, 8, 11);
        capture = TcpSegments.read(file);
        connections = reassemble(capture.segments());
    }

    private static List<Connection> reassemble(List<Segment> segments) {
        List<Connection> all = new ArrayList<>();
        Map<Integer, Connection> open = new HashMap<>();
        for (Segment s : segments) {
            int port = s.fromClient() ? s.srcPort() : s.dstPort();
            if (s.has(Segment.SYN)) {
                if (!s.has(Segment.ACK)) {
                    Connection c = new Connection(port);
                    c.nextClientSeq = s.seq() + 1;
                    open.put(port, c);
                    all.add(c);
                } else {
                    open.get(port).nextServerSeq = s.seq() + 1;
                }
                continue;
            }
            Connection c = open.get(port);
            if (s.payload().length > 0) {
                long expected = s.fromClient() ? c.nextClientSeq : c.nextServerSeq;
                assertThat(s.seq()).as("no gap or overlap").isEqualTo(expected);
                if (s.fromClient()) {
                    if (c.request.size() == 0 || startsWith(s.payload(), "POST ")) {
                        c.requestStarts.add(s.micros());
                    }
                    c.request.writeBytes(s.payload());
                    c.nextClientSeq = (expected + s.payload().length) & 0xffffffffL;
                } else {
                    c.response.writeBytes(s.payload());
                    c.serverSegments.add(s.payload());
                    c.nextServerSeq = (expected + s.payload().length) & 0xffffffffL;
                }
            }
            if (s.has(Segment.FIN)) {
                c.fins++;
                if (s.fromClient()) {
                    c.nextClientSeq = (c.nextClientSeq + 1) & 0xffffffffL;
                } else {
                    c.nextServerSeq = (c.nextServerSeq + 1) & 0xffffffffL;
                }
            }
        }
        return all;
    }

    @Test
    void theSourceReadsEveryPacketUndamaged() throws Exception {
        assertThat(Files.size(file)).isEqualTo(summary.bytes()).isGreaterThanOrEqualTo(5L << 20);
        assertThat(capture.progress().packets()).isEqualTo(summary.packets());
        assertThat(capture.progress().damaged()).isZero();
        assertThat(capture.progress().bytesRead()).isEqualTo(summary.bytes());
        assertThat(capture.segments()).extracting(Segment::micros).isSorted();
        assertThat(capture.segments()).allSatisfy(s -> {
            assertThat(s.linkType()).isEqualTo(PcapWriter.LINKTYPE_ETHERNET);
            assertThat(s.ipChecksumOk() && s.tcpChecksumOk()).isTrue();
            assertThat(s.payload().length).isLessThanOrEqualTo(TcpConversationWriter.MSS);
            assertThat(s.fromClient() ? s.dstIp() : s.srcIp()).isEqualTo(SimulationContext.SERVER_IP);
        });
    }

    @Test
    void everyConnectionOpensAndClosesAndCarriesWholeCalls() {
        assertThat(connections).hasSize((int) summary.connections());
        assertThat(connections).allSatisfy(c -> assertThat(c.fins).isEqualTo(2));
        assertThat(connections.stream().mapToInt(c -> c.requestStarts.size()).sum()).isEqualTo(summary.calls());
        assertThat(connections.stream().map(c -> c.clientPort).distinct()).hasSize(connections.size());
        assertThat(connections.stream().anyMatch(c -> c.requestStarts.size() > 1)).as("keep-alive").isTrue();
        long span = capture.segments().get(capture.segments().size() - 1).micros()
                - capture.segments().get(0).micros();
        assertThat(span).as("calls take seconds of capture time").isGreaterThan(10_000_000L);
    }

    @Test
    void requestsLookLikeTheNpmSdkAndResponsesLikeTheStreamingApi() throws Exception {
        Map<String, JsonNode> previousAnswerByKey = new HashMap<>();
        int toolCallAnswers = 0;
        int calls = 0;
        for (Connection c : connections) {
            byte[] req = c.request.toByteArray();
            byte[] resp = c.response.toByteArray();
            int r = 0;
            int p = 0;
            while (r < req.length) {
                int headEnd = indexOf(req, "\r\n\r\n", r);
                String head = new String(req, r, headEnd - r, StandardCharsets.US_ASCII);
                assertThat(head).startsWith("POST /v1/chat/completions HTTP/1.1\r\n")
                        .contains("\r\nuser-agent: OpenAI/JS 5.", "\r\nx-stainless-lang: js",
                                "\r\nx-stainless-package-version: 5.", "\r\nauthorization: Bearer sk-",
                                "\r\ncontent-type: application/json", "\r\nhost: 10.0.0.1:8000");
                int length = Integer.parseInt(header(head, "content-length"));
                assertThat(length).isBetween(2_000, 41_000);
                JsonNode body = JSON.readTree(req, headEnd + 4, length);
                r = headEnd + 4 + length;
                assertThat(body.get("stream").asBoolean()).isTrue();
                assertThat(body.at("/stream_options/include_usage").asBoolean()).isTrue();
                assertThat(body.at("/messages/0/role").asText()).isEqualTo("system");

                String key = header(head, "authorization");
                JsonNode messages = body.get("messages");
                JsonNode previous = previousAnswerByKey.get(key);
                if (previous != null && messages.size() > 2) {
                    JsonNode lastAssistant = null;
                    for (JsonNode m : messages) {
                        if (m.get("role").asText().equals("assistant")) {
                            lastAssistant = m;
                        }
                    }
                    assertThat(lastAssistant).as("the conversation carries the streamed answer").isEqualTo(previous);
                }

                int respHeadEnd = indexOf(resp, "\r\n\r\n", p);
                String respHead = new String(resp, p, respHeadEnd - p, StandardCharsets.US_ASCII);
                assertThat(respHead).startsWith("HTTP/1.1 200 OK\r\n")
                        .contains("\r\ncontent-type: text/event-stream", "\r\ntransfer-encoding: chunked");
                List<String> events = new ArrayList<>();
                p = dechunk(resp, respHeadEnd + 4, events);
                JsonNode answer = checkEvents(events);
                if (answer.has("tool_calls")) {
                    toolCallAnswers++;
                }
                previousAnswerByKey.put(key, answer);
                calls++;
            }
            assertThat(p).isEqualTo(resp.length);
            // each SSE event in a segment of its own; the headers share the first, the last chunk rides with [DONE]
            assertThat(c.serverSegments).allSatisfy(seg -> assertThat(
                    count(new String(seg, StandardCharsets.UTF_8), "data: ")).isEqualTo(1));
        }
        assertThat(calls).isEqualTo(summary.calls());
        assertThat(toolCallAnswers).isPositive().isLessThan(calls);
    }

    /** Checks one streamed answer and returns it as the assistant message the client would send back. */
    private static JsonNode checkEvents(List<String> events) throws Exception {
        assertThat(events.size()).isBetween(50, 400);
        assertThat(events.get(events.size() - 1)).isEqualTo("data: [DONE]");
        StringBuilder text = new StringBuilder();
        Map<Integer, String[]> tools = new java.util.TreeMap<>();
        String finish = null;
        JsonNode usage = null;
        String id = null;
        for (String e : events.subList(0, events.size() - 1)) {
            assertThat(e).startsWith("data: ");
            JsonNode chunk = JSON.readTree(e.substring(6));
            assertThat(chunk.get("object").asText()).isEqualTo("chat.completion.chunk");
            assertThat(chunk.get("model").asText()).isEqualTo("gpt-4o-mini-2024-07-18");
            assertThat(chunk.get("id").asText()).startsWith("chatcmpl-");
            if (id == null) {
                id = chunk.get("id").asText();
            }
            assertThat(chunk.get("id").asText()).isEqualTo(id);
            if (chunk.get("choices").isEmpty()) {
                usage = chunk.get("usage");
                continue;
            }
            JsonNode choice = chunk.at("/choices/0");
            JsonNode delta = choice.get("delta");
            if (delta.hasNonNull("content")) {
                text.append(delta.get("content").asText());
            }
            for (JsonNode t : delta.path("tool_calls")) {
                String[] call = tools.computeIfAbsent(t.get("index").asInt(), i -> new String[] {null, null, ""});
                if (t.has("id")) {
                    call[0] = t.get("id").asText();
                    call[1] = t.at("/function/name").asText();
                }
                call[2] += t.at("/function/arguments").asText();
            }
            if (!choice.get("finish_reason").isNull()) {
                finish = choice.get("finish_reason").asText();
            }
        }
        assertThat(usage).isNotNull();
        assertThat(usage.get("total_tokens").asLong())
                .isEqualTo(usage.get("prompt_tokens").asLong() + usage.get("completion_tokens").asLong());
        var answer = JSON.createObjectNode().put("role", "assistant");
        if (tools.isEmpty()) {
            assertThat(finish).isEqualTo("stop");
            return answer.put("content", text.toString());
        }
        assertThat(finish).isEqualTo("tool_calls");
        answer.putNull("content");
        var calls = answer.putArray("tool_calls");
        for (String[] t : tools.values()) {
            JSON.readTree(t[2]); // the streamed argument fragments add up to JSON
            var call = calls.addObject().put("id", t[0]).put("type", "function");
            call.putObject("function").put("name", t[1]).put("arguments", t[2]);
        }
        return answer;
    }

    @Test
    void theSameSeedWritesTheSameFile() throws Exception {
        Path a = dir.resolve("a.pcap");
        Path b = dir.resolve("b.pcap");
        Path c = dir.resolve("c.pcap");
        SyntheticCaptureWriter.write(a, 1 << 20, 4, 99);
        SyntheticCaptureWriter.write(b, 1 << 20, 4, 99);
        SyntheticCaptureWriter.write(c, 1 << 20, 4, 100);

        assertThat(Files.mismatch(a, b)).isEqualTo(-1);
        assertThat(Files.mismatch(a, c)).isNotEqualTo(-1);
    }

    @Test
    void commandLine() {
        var o = SyntheticCaptureWriter.Options.parse(
                new String[] {"--out", "/tmp/x.pcap", "--size-mb", "1024", "--concurrency", "32", "--seed", "7"});
        assertThat(o).isEqualTo(new SyntheticCaptureWriter.Options(Path.of("/tmp/x.pcap"), 1024, 32, 7));
        assertThat(SyntheticCaptureWriter.Options.parse(new String[] {"--out", "x", "--size-mb", "5"}).concurrency())
                .isEqualTo(64);
        assertThatThrownBy(() -> SyntheticCaptureWriter.Options.parse(new String[] {"--size-mb", "5"}))
                .hasMessage("--out and a --size-mb of at least 1 are required");
        assertThatThrownBy(() -> SyntheticCaptureWriter.Options.parse(new String[] {"--out", "x", "--size-mb", "lots"}))
                .hasMessage("--size-mb needs a whole number, not 'lots'");
        assertThatThrownBy(() -> SyntheticCaptureWriter.Options.parse(new String[] {"--out", "x", "--size-mb", "1",
                "--concurrency", "0"})).hasMessageStartingWith("--concurrency must be between 1 and");
        assertThatThrownBy(() -> SyntheticCaptureWriter.Options.parse(new String[] {"--bogus", "1"}))
                .hasMessage("unknown option --bogus");
        assertThatThrownBy(() -> SyntheticCaptureWriter.Options.parse(new String[] {"--out"}))
                .hasMessage("missing value for --out");
    }

    private static int dechunk(byte[] b, int at, List<String> events) {
        while (true) {
            int lineEnd = indexOf(b, "\r\n", at);
            int size = Integer.parseInt(new String(b, at, lineEnd - at, StandardCharsets.US_ASCII), 16);
            at = lineEnd + 2;
            if (size == 0) {
                assertThat(new String(b, at, 2, StandardCharsets.US_ASCII)).isEqualTo("\r\n");
                return at + 2;
            }
            String event = new String(b, at, size, StandardCharsets.UTF_8);
            assertThat(event).endsWith("\n\n");
            events.add(event.substring(0, event.length() - 2));
            at += size;
            assertThat(new String(b, at, 2, StandardCharsets.US_ASCII)).isEqualTo("\r\n");
            at += 2;
        }
    }

    private static String header(String head, String name) {
        for (String line : head.split("\r\n")) {
            if (line.regionMatches(true, 0, name + ": ", 0, name.length() + 2)) {
                return line.substring(name.length() + 2);
            }
        }
        throw new AssertionError("no " + name + " header in " + head);
    }

    private static boolean startsWith(byte[] b, String prefix) {
        return b.length >= prefix.length()
                && new String(b, 0, prefix.length(), StandardCharsets.US_ASCII).equals(prefix);
    }

    private static int indexOf(byte[] b, String needle, int from) {
        byte[] n = needle.getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = from; i <= b.length - n.length; i++) {
            for (int j = 0; j < n.length; j++) {
                if (b[i + j] != n[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("'" + needle.replace("\r\n", "CRLF") + "' not found after " + from);
    }

    private static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
