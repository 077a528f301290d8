package org.egret.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.egret.api.decode.LlmCall;
import org.egret.api.decode.WireApiDecoder;
import org.egret.api.http.HttpExchange;
import org.egret.decoder.openai.chat.internal.OpenAiChatDecoder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One core's OpenAI Chat Completions decoding: the exchanges the netstack rebuilds from the synthetic capture
 * (streamed answers of 50 to 400 events, text and tool calls), each decoded into its call. One operation decodes
 * them all; {@link DecoderBenchmarkMain} turns that into time per call and per event.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class DecoderBenchmark {

    @Param("32")
    public int captureMb;

    List<HttpExchange> exchanges;
    long events;
    private final WireApiDecoder decoder = new OpenAiChatDecoder();

    @Setup(Level.Trial)
    public void rebuildExchanges() throws IOException {
        Path file = Files.createTempFile("egret-jmh-decoder-", ".pcap");
        try {
            SyntheticCaptureWriter.write(file, (long) captureMb << 20, 64, 7);
            exchanges = exchangesOf(CaptureFrames.load(file));
        } finally {
            Files.deleteIfExists(file);
        }
        events = exchanges.stream().mapToLong(x -> x.response() == null ? 0 : x.response().events().size()).sum();
    }

    static List<HttpExchange> exchangesOf(CaptureFrames frames) {
        List<HttpExchange> out = new ArrayList<>();
        frames.replay(out::add);
        return out;
    }

    @Benchmark
    public long decodeAll() {
        long tokens = 0;
        for (HttpExchange x : exchanges) {
            LlmCall call = decoder.decode(x);
            tokens += call.getOutputTokens() == null ? 0 : call.getOutputTokens();
        }
        return tokens;
    }
}
