package org.egret.decoder.openai.chat.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.egret.decoder.openai.chat.internal.Exchanges.events;
import static org.egret.decoder.openai.chat.internal.Exchanges.text;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.egret.api.http.SseEvent;
import org.junit.jupiter.api.Test;

/**
 * The scanner against {@link CompletionReader} (Jackson) as the oracle: whatever the scanner accepts, Jackson reads
 * without error into the same state; whatever it declines leaves the accumulator untouched.
 */
class StreamChunkScannerTest {

    private static final List<String> SSE_FIXTURES = List.of("openai-stream-text", "openai-stream-tools",
            "openai-stream-tools-interleaved", "openai-stream-tool-results", "openai-stream-n2",
            "openai-stream-midway-error", "deepseek-reasoner-stream", "vllm-stream-continuous-usage", "azure-stream");

    @Test
    void everyChunkOfTheRealStreamsReadsAsJacksonReadsIt() {
        int accepted = 0;
        int total = 0;
        for (String fixture : SSE_FIXTURES) {
            CompletionAccumulator fast = new CompletionAccumulator();
            CompletionAccumulator oracle = new CompletionAccumulator();
            StreamChunkScanner scanner = new StreamChunkScanner();
            CompletionReader reader = new CompletionReader(oracle, true);
            for (String chunk : chunks(fixture)) {
                total++;
                boolean read = scanner.read(chunk, fast);
                boolean oracleOutput = jackson(reader, chunk);
                if (read) {
                    accepted++;
                    assertThat(scanner.carriedOutput()).as("%s: %s", fixture, chunk).isEqualTo(oracleOutput);
                } else {
                    jackson(new CompletionReader(fast, true), chunk);
                }
                assertThat(state(fast)).as("%s after %s", fixture, chunk).isEqualTo(state(oracle));
            }
        }
        // usage objects and error chunks go to Jackson; the token-by-token chunks must not
        assertThat(accepted).isGreaterThan(total * 3 / 4);
    }

    @Test
    void escapesAndUnicodeAreDecodedAsJacksonDoes() {
        String chunk = "{\"id\":\"c\\u0031\",\"choices\":[{\"index\":0,\"delta\":{\"content\":"
                + "\"line\\nnext \\\"quoted\\\" \\\\ \\/ \\t\\b\\f\\r \\u00e9 \\ud83d\\ude00 ü € \\u00C9\\u00c9\"}}]}";
        assertSameAsJackson(chunk, true);
        CompletionAccumulator acc = new CompletionAccumulator();
        assertThat(new StreamChunkScanner().read(chunk, acc)).isTrue();
        assertThat(acc.id).isEqualTo("c1");
        assertThat(acc.firstChoice().content.toString())
                .isEqualTo("line\nnext \"quoted\" \\ / \t\b\f\r é 😀 ü € ÉÉ");
    }

    @Test
    void whatItIsNotSureOfIsDeclinedAndLeftUntouched() {
        List<String> declined = List.of(
                "{\"choices\":[],\"usage\":{\"prompt_tokens\":1}}",
                "{\"error\":{\"message\":\"boom\"}}",
                "{\"error\":\"boom\"}",
                "{\"message\":\"x\",\"type\":\"t\",\"code\":3}",
                "{\"detail\":\"not found\"}",
                "{\"choices\":[{\"delta\":{\"function_call\":{\"name\":\"f\"}}}]}",
                "{\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":{\"a\":1}}}]}}]}",
                "{\"choices\":[{\"index\":1.0,\"delta\":{\"content\":\"x\"}}]}",
                "{\"choices\":[{\"index\":{\"content\":\"x\"}}]}",
                "{\"choices\":[{\"index\":12345678901,\"delta\":{}}]}",
                "{\"created\":\"1700000000\"}",
                "{\"ch\\u006fices\":[]}",
                "{\"choices\":[{\"delta\":{\"content\":\"a\u0001b\"}}]}",
                "{\"choices\":[{\"delta\":{\"content\":\"x\"}}]} trailing",
                "{\"choices\":[{\"delta\":{\"content\":\"x\"}}]",
                "{\"a\":01}",
                "{\"a\":-}",
                "{\"a\":1.}",
                "{\"a\":tru}",
                "{\"a\":[1,]}",
                "{\"a\":\"\\x\"}",
                "{\"a\":\"\\u12G4\"}",
                // other scripts' digits and fullwidth letters are digits to Character.digit, not to JSON
                "{\"choices\":[{\"delta\":{\"content\":\"\\u\u0663\u0663\u0663\u0663\"}}]}",
                "{\"choices\":[{\"delta\":{\"content\":\"\\u00\uff21\uff21\"}}]}",
                "{\"choices\":[{},{},{},{},{}]}",
                "{\"" + "k".repeat(60_000) + "\":1}",
                manyKeys(101),
                "{\"a\":" + "[".repeat(100) + "]".repeat(100) + "}");
        for (String chunk : declined) {
            CompletionAccumulator acc = new CompletionAccumulator();
            assertThat(new StreamChunkScanner().read(chunk, acc)).as(chunk).isFalse();
            assertThat(state(acc)).as(chunk).isEqualTo(state(new CompletionAccumulator()));
        }
    }

    @Test
    void odditiesJacksonAcceptsAreReadTheSame() {
        List<String> chunks = List.of(
                "{}",
                " { \"id\" : \"a\" , \"choices\" : [ ] } ",
                "{\"id\":\"\",\"id\":\"second\",\"model\":null,\"model\":\"m\"}",
                "{\"object\":\"chat.completion.chunk\",\"object\":null}",
                "{\"object\":5}",
                "{\"created\":0,\"created\":-7}",
                "{\"created\":null,\"choices\":null,\"usage\":null,\"error\":null}",
                "{\"choices\":[1,\"x\",null,[],{\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}",
                "{\"choices\":[{\"delta\":{\"content\":\"a\"},\"index\":2,\"finish_reason\":\"stop\"},"
                        + "{\"message\":{\"content\":\"b\"},\"finish_reason\":5}]}",
                "{\"choices\":[{\"index\":-1,\"delta\":{\"content\":7,\"refusal\":\"no\",\"reasoning\":\"r\","
                        + "\"reasoning_content\":\"rc\",\"tool_calls\":null}}]}",
                "{\"choices\":[{\"index\":null,\"delta\":{\"tool_calls\":[7,{\"id\":\"call_1\",\"type\":\"function\","
                        + "\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"a\\\":\"}},{\"function\":null,"
                        + "\"arguments\":null,\"index\":null}]}}]}",
                "{\"choices\":[{\"delta\":{\"content\":\"x\"},\"logprobs\":{\"content\":[{\"token\":\"x\","
                        + "\"logprob\":-0.5e-3,\"bytes\":[120],\"top_logprobs\":[]}],\"refusal\":null}}],"
                        + "\"obfuscation\":\"abc\",\"n\":1E+2,\"t\":true,\"f\":false}",
                "{\"choices\":[{\"delta\":{\"content\":\"x\"}}]}\n",
                "{\"choices\":[{\"delta\":{\"content\":\"x\"}},{\"index\":3,\"delta\":{\"content\":\"y\"}}]}");
        for (String chunk : chunks) {
            assertSameAsJackson(chunk, true);
        }
    }

    @Test
    void aRememberedEnvelopeIsUsedOnlyWhereTheTextIsTheSame() {
        StreamChunkScanner scanner = new StreamChunkScanner();
        String envelope = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":5,\"model\":\"m1\",";
        CompletionAccumulator first = new CompletionAccumulator();
        assertThat(scanner.read(envelope + "\"choices\":[{\"delta\":{\"content\":\"a\"}}]}", first)).isTrue();
        // same envelope: read on from "choices"
        assertThat(scanner.read(envelope + "\"choices\":[{\"delta\":{\"content\":\"b\"}}]}", first)).isTrue();
        assertThat(first.firstChoice().content.toString()).isEqualTo("ab");
        // another stream's envelope differs by one character: read from the start, its own values staged
        CompletionAccumulator second = new CompletionAccumulator();
        assertThat(scanner.read(envelope.replace("m1", "m2") + "\"choices\":[]}", second)).isTrue();
        assertThat(second.model).isEqualTo("m2");
        assertThat(second.id).isEqualTo("chatcmpl-1");
        assertThat(second.created).isEqualTo(5L);
        // the remembered envelope stages what it staged before
        CompletionAccumulator third = new CompletionAccumulator();
        assertThat(scanner.read(envelope.replace("m1", "m2") + "\"choices\":[]}", third)).isTrue();
        assertThat(state(third)).isEqualTo(state(second));
        // a chunk that is the envelope and nothing more is not read past its end
        assertThat(scanner.read(envelope.replace("m1", "m2"), new CompletionAccumulator())).isFalse();
    }

    /** Random damage to real chunks: accepted means Jackson reads it the same; declined means untouched. */
    @Test
    void damagedChunksAreReadExactlyOrDeclined() {
        List<String> chunks = new ArrayList<>();
        for (String fixture : SSE_FIXTURES) {
            chunks.addAll(chunks(fixture));
        }
        String alphabet = "{}[]\":,\\ u0123456789abcdeflnrstu-+.eE\n\t\u00e9";
        SplittableRandom random = new SplittableRandom(7);
        int accepted = 0;
        int declined = 0;
        // one scanner throughout, as in a stream: the envelope it remembers from one chunk meets damaged ones
        StreamChunkScanner scanner = new StreamChunkScanner();
        for (int round = 0; round < 40_000; round++) {
            StringBuilder b = new StringBuilder(chunks.get(random.nextInt(chunks.size())));
            int edits = 1 + random.nextInt(3);
            for (int e = 0; e < edits && b.length() > 0; e++) {
                int at = random.nextInt(b.length());
                switch (random.nextInt(4)) {
                    case 0 -> b.deleteCharAt(at);
                    case 1 -> b.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    case 2 -> b.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    default -> b.setLength(at);
                }
            }
            String chunk = b.toString();
            CompletionAccumulator fast = new CompletionAccumulator();
            if (scanner.read(chunk, fast)) {
                accepted++;
                CompletionAccumulator oracle = new CompletionAccumulator();
                CompletionReader reader = new CompletionReader(oracle, true);
                boolean ok;
                try (JsonParser p = ChatJson.FACTORY.createParser(chunk)) {
                    reader.read(p);
                    ok = true;
                } catch (IOException | RuntimeException ex) {
                    ok = false;
                }
                assertThat(ok).as("Jackson rejects what the scanner accepted: %s", chunk).isTrue();
                assertThat(state(fast)).as(chunk).isEqualTo(state(oracle));
                assertThat(scanner.carriedOutput()).as(chunk).isEqualTo(reader.lastObjectCarriedOutput());
            } else {
                declined++;
                assertThat(state(fast)).as(chunk).isEqualTo(state(new CompletionAccumulator()));
            }
        }
        // both sides of the property are exercised
        assertThat(accepted).isGreaterThan(1_000);
        assertThat(declined).isGreaterThan(1_000);
    }

    @Test
    void aStreamReadThroughTheScannerDecodesAsBefore() {
        // the stream reader falls back chunk by chunk: a usage chunk among scanned ones ends up in the call
        CompletionAccumulator acc = new CompletionAccumulator();
        ChatStreamReader reader = new ChatStreamReader(acc);
        reader.read(events(text("openai-stream-tools.response.sse")));
        assertThat(reader.chunks()).isGreaterThan(5);
        assertThat(reader.skipped()).isZero();
        assertThat(reader.sawDone()).isTrue();
        assertThat(acc.usage).isNotNull();
        assertThat(acc.firstChoice().toolCalls).hasSizeGreaterThan(1);
    }

    @Test
    void aChunkWithAHundredKeysIsStillRead() {
        assertSameAsJackson(manyKeys(100), true);
    }

    /** A chunk of n keys in all: n - 2 in a nested object, then "choices" and "delta". */
    private static String manyKeys(int n) {
        StringBuilder b = new StringBuilder("{\"x\":{");
        for (int k = 0; k < n - 3; k++) {
            b.append(k == 0 ? "" : ",").append("\"k").append(k).append("\":1");
        }
        return b.append("},\"choices\":[{\"delta\":{}}]}").toString();
    }

    private static void assertSameAsJackson(String chunk, boolean expectAccepted) {
        CompletionAccumulator fast = new CompletionAccumulator();
        StreamChunkScanner scanner = new StreamChunkScanner();
        assertThat(scanner.read(chunk, fast)).as(chunk).isEqualTo(expectAccepted);
        CompletionAccumulator oracle = new CompletionAccumulator();
        CompletionReader reader = new CompletionReader(oracle, true);
        assertThat(jackson(reader, chunk)).as(chunk).isEqualTo(scanner.carriedOutput());
        assertThat(state(fast)).as(chunk).isEqualTo(state(oracle));
    }

    /** Reads with Jackson as ChatStreamReader does; returns whether the object carried output. */
    private static boolean jackson(CompletionReader reader, String chunk) {
        try (JsonParser p = ChatJson.FACTORY.createParser(chunk)) {
            reader.read(p);
        } catch (IOException | RuntimeException ex) {
            // as ChatStreamReader: counted as skipped there, what was applied stays
        }
        return reader.lastObjectCarriedOutput();
    }

    private static List<String> chunks(String fixture) {
        List<String> out = new ArrayList<>();
        for (SseEvent e : events(text(fixture + ".response.sse"))) {
            String d = e.data() == null ? "" : e.data().strip();
            if (d.startsWith("{")) {
                out.add(d);
            }
        }
        return out;
    }

    /** Everything an accumulator holds, as text, for comparison. */
    static String state(CompletionAccumulator a) {
        StringBuilder b = new StringBuilder();
        b.append("id=").append(a.id).append(" created=").append(a.created).append(" model=").append(a.model)
                .append(" fp=").append(a.systemFingerprint).append(" object=").append(a.object)
                .append(" usage=").append(a.usage).append(" error=").append(a.error)
                .append(" top=").append(a.topMessage).append('|').append(a.topType).append('|').append(a.topCode)
                .append('|').append(a.topCodeNumeric).append('|').append(a.detail);
        for (Map.Entry<Integer, ChoiceAccumulator> e : a.choices.entrySet()) {
            ChoiceAccumulator c = e.getValue();
            b.append("\n choice ").append(e.getKey()).append(" role=").append(c.role).append(" content=")
                    .append(c.content).append(" reasoning=").append(c.reasoning).append(" refusal=")
                    .append(c.refusal).append(" finish=").append(c.finishReason);
            for (Map.Entry<Integer, ChoiceAccumulator.ToolCallAccumulator> t : c.toolCalls.entrySet()) {
                ChoiceAccumulator.ToolCallAccumulator v = t.getValue();
                b.append("\n  tool ").append(t.getKey()).append(' ').append(v.id).append(' ').append(v.type)
                        .append(' ').append(v.name).append(' ').append(v.arguments);
            }
            if (c.functionCall != null) {
                b.append("\n  function ").append(c.functionCall.name).append(' ').append(c.functionCall.arguments);
            }
        }
        return b.toString();
    }
}
