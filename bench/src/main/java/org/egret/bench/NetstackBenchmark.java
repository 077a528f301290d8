package org.egret.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.egret.netstack.DecodedPacket;
import org.egret.netstack.NetstackCounters;
import org.egret.netstack.PacketDecoder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One core's netstack throughput on a synthetic capture of concurrent streaming chat completions: one operation is
 * the whole capture, so bytes per second = capture bytes / seconds per operation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class NetstackBenchmark {

    @Param("64")
    public int captureMb;

    CaptureFrames frames;
    private Path file;

    @Setup(Level.Trial)
    public void writeCapture() throws IOException {
        file = Files.createTempFile("egret-jmh-", ".pcap");
        SyntheticCaptureWriter.write(file, (long) captureMb << 20, 64, 7);
        frames = CaptureFrames.load(file);
    }

    @TearDown(Level.Trial)
    public void deleteCapture() throws IOException {
        Files.deleteIfExists(file);
    }

    /** Link, IP and TCP header decoding only, as the dispatcher does for every frame. */
    @Benchmark
    public long decodeHeaders() {
        PacketDecoder decoder = new PacketDecoder(new NetstackCounters());
        DecodedPacket p = new DecodedPacket();
        ByteBuffer buf = ByteBuffer.wrap(frames.data);
        long hash = 0;
        for (int i = 0; i < frames.count; i++) {
            buf.limit(frames.offsets[i] + frames.lengths[i]).position(frames.offsets[i]);
            if (decoder.decode(frames.linkType, buf, p)) {
                hash += p.flowHash();
            }
        }
        return hash;
    }

    /** What a worker does: decode, reassemble, parse HTTP, de-chunk, split SSE events, emit exchanges. */
    @Benchmark
    public long reassembleAndParse() {
        long[] exchanges = new long[1];
        frames.replay(ex -> exchanges[0] += ex.response() == null ? 0 : ex.response().events().size());
        return exchanges[0];
    }
}
