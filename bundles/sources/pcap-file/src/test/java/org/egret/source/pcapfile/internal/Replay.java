package org.egret.source.pcapfile.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.egret.api.packet.FrameSink;
import org.egret.api.packet.PacketSource;
import org.egret.api.packet.SourceException;
import org.egret.api.packet.SourceProgress;

/** Runs a pcap-file source over a file to the end and keeps copies of what it delivered. */
final class Replay {

    /** A delivered frame, its bytes as hex so assertion failures are readable. */
    record Frame(int linkType, long micros, String hex, int wireLength) {
        static Frame of(int linkType, long micros, byte[] bytes, int wireLength) {
            return new Frame(linkType, micros, HexFormat.of().formatHex(bytes), wireLength);
        }
    }

    record Result(List<Frame> frames, SourceProgress progress) {
    }

    /** Copies each frame, as a real sink must. */
    static class RecordingSink implements FrameSink {
        final List<Frame> frames = new ArrayList<>();

        @Override
        public void frame(int linkType, long timestampMicros, ByteBuffer frame, int wireLength) {
            byte[] copy = new byte[frame.remaining()];
            frame.get(frame.position(), copy);
            frames.add(Frame.of(linkType, timestampMicros, copy, wireLength));
        }
    }

    static Result run(Path file) throws IOException, SourceException {
        return run(file, Map.of(), PcapFileSourceFactory.DEFAULT_WINDOW_SIZE);
    }

    static Result run(Path file, Map<String, String> options, int windowSize) throws IOException, SourceException {
        RecordingSink sink = new RecordingSink();
        try (PacketSource source = new PcapFileSourceFactory(windowSize).open(file.toString(), options)) {
            source.run(sink);
            return new Result(sink.frames, source.progress());
        }
    }

    static Path write(Path dir, String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    /** Distinct, recognisable frame contents. */
    static byte[] frame(int seed, int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (seed * 31 + i * 7);
        }
        return b;
    }

    private Replay() {
    }
}
