package org.egret.netstack.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.egret.api.http.SseEvent;
import org.egret.netstack.NetstackCounters;
import org.junit.jupiter.api.Test;

/**
 * The event-stream parser reads whole lines in place and keeps only lines (and first data lines) that span calls:
 * whatever the cut of the stream into runs, the events are the same.
 */
class SseEventParserTest {
    private static final String STREAM = "\uFEFF: comment\r\n"
            + "event: delta\ndata: {\"a\":\"caf\u00e9 \u2705\"}\n\n"
            + "event: delta\rid: 7\rdata:one\rdata\rdata:  three\r\r"
            + "retry: 10\r\nevent:\r\ndata: x\r\n\r\n"
            + "data: " + "long ".repeat(300) + "\n\n"
            + "event: delta\ndata: last without blank line";

    private static SseEventParser parser(int maxFieldBytes) {
        return new SseEventParser(1000, maxFieldBytes, new NetstackCounters());
    }

    /** Feeds {@code stream} cut at {@code cuts}, run k at timestamp k, each run inside a larger array. */
    private static SseEventParser feed(byte[] stream, int[] cuts, int maxFieldBytes) {
        SseEventParser p = parser(maxFieldBytes);
        int from = 0;
        long ts = 0;
        for (int k = 0; k <= cuts.length; k++) {
            int to = k < cuts.length ? cuts[k] : stream.length;
            byte[] run = new byte[to - from + 10];
            Arrays.fill(run, (byte) '\n'); // bytes around the run must never be read
            System.arraycopy(stream, from, run, 5, to - from);
            p.accept(run, 5, to - from, ts++);
            Arrays.fill(run, (byte) 'Z'); // the parser may not keep references to a run after the call
            from = to;
        }
        p.finish(ts);
        return p;
    }

    private static List<String> texts(SseEventParser p) {
        return p.events().stream().map(e -> e.event() + "|" + e.data() + "|" + e.id()).toList();
    }

    @Test
    void wholeStream() {
        SseEventParser p = feed(STREAM.getBytes(StandardCharsets.UTF_8), new int[0], 64 * 1024);
        assertThat(texts(p)).containsExactly(
                "delta|{\"a\":\"caf\u00e9 \u2705\"}|null",
                "delta|one\n\n three|7",
                "|x|null",
                "null|" + "long ".repeat(300) + "|null",
                "delta|last without blank line|null");
        assertThat(p.truncated()).isFalse();
    }

    @Test
    void everyTwoWaySplitGivesTheSameEvents() {
        byte[] stream = STREAM.getBytes(StandardCharsets.UTF_8);
        List<String> expected = texts(feed(stream, new int[0], 64 * 1024));
        for (int cut = 0; cut <= stream.length; cut++) {
            assertThat(texts(feed(stream, new int[] {cut}, 64 * 1024))).as("cut at %d", cut).isEqualTo(expected);
        }
    }

    @Test
    void randomSplitsAndSingleBytesGiveTheSameEventsAndTimestamps() {
        byte[] stream = STREAM.getBytes(StandardCharsets.UTF_8);
        int[] singles = new int[stream.length - 1];
        for (int i = 0; i < singles.length; i++) {
            singles[i] = i + 1;
        }
        SseEventParser oneByOne = feed(stream, singles, 64 * 1024);
        assertThat(texts(oneByOne)).isEqualTo(texts(feed(stream, new int[0], 64 * 1024)));
        // each event carries the time of the run holding the byte that completed it
        List<SseEvent> events = oneByOne.events();
        assertThat(events.get(0).timestampMicros()).isEqualTo(indexOf(stream, "\"}\n\n") + 3);
        assertThat(events.get(4).timestampMicros()).isEqualTo(stream.length); // dispatched by finish()
        Random r = new Random(7);
        for (int round = 0; round < 200; round++) {
            int[] cuts = r.ints(r.nextInt(12), 0, stream.length + 1).sorted().toArray();
            assertThat(texts(feed(stream, cuts, 64 * 1024))).isEqualTo(texts(oneByOne));
        }
    }

    private static int indexOf(byte[] b, String what) {
        byte[] w = what.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i + w.length <= b.length; i++) {
            if (Arrays.equals(b, i, i + w.length, w, 0, w.length)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void fieldsLongerThanTheCapAreCutAndFlaggedWhereverTheyAreSplit() {
        String line = "data: " + "0123456789".repeat(10) + "\n\n";
        byte[] stream = (line + "data: short\n\n").getBytes(StandardCharsets.US_ASCII);
        for (int cut = 0; cut <= stream.length; cut++) {
            SseEventParser p = feed(stream, new int[] {cut}, 50);
            List<SseEvent> events = p.events();
            assertThat(events).hasSize(2);
            // the line is cut to 50 bytes, "data: " included
            assertThat(events.get(0).data()).isEqualTo("0123456789".repeat(5).substring(0, 44));
            assertThat(events.get(1).data()).isEqualTo("short");
            assertThat(p.truncated()).isTrue();
        }
    }

    @Test
    void joinedDataIsCutAtTheCap() {
        byte[] stream = "data: 0123456789\ndata: 0123456789\ndata: 0123456789\n\n".getBytes(StandardCharsets.US_ASCII);
        for (int cut = 0; cut <= stream.length; cut++) {
            SseEventParser p = feed(stream, new int[] {cut}, 25);
            assertThat(p.events()).extracting(SseEvent::data).containsExactly("0123456789\n0123456789\n012");
            assertThat(p.truncated()).isTrue();
        }
    }

    @Test
    void repeatedEventTypesAreEqualTexts() {
        byte[] stream = "event: a\ndata: 1\n\nevent: a\ndata: 2\n\nevent: b\ndata: 3\n\nevent: a\ndata: 4\n\n"
                .getBytes(StandardCharsets.US_ASCII);
        SseEventParser p = feed(stream, new int[] {3, 20}, 1024);
        assertThat(p.events()).extracting(SseEvent::event).containsExactly("a", "a", "b", "a");
    }

    @Test
    void gapDropsThePendingLineAndEvent() {
        SseEventParser p = parser(1024);
        byte[] a = "data: one\n\ndata: tw".getBytes(StandardCharsets.US_ASCII);
        p.accept(a, 0, a.length, 1);
        p.gap();
        byte[] b = "o\n\ndata: four\n\n".getBytes(StandardCharsets.US_ASCII);
        p.accept(b, 0, b.length, 2);
        p.finish(3);
        assertThat(p.events()).extracting(SseEvent::data).containsExactly("one", "four");
        assertThat(p.truncated()).isTrue();
    }
}
