package org.egret.source.pcapfile.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.egret.api.packet.PacketSource;
import org.egret.api.packet.PacketSourceFactory;
import org.egret.api.packet.SourceException;
import org.egret.api.packet.SourceType;
import org.osgi.service.component.annotations.Component;

/**
 * Opens pcap and pcapng files for replay. Location: the file's path. Options: {@code source_id}, {@code rate_pps}
 * (0 = as fast as possible), {@code loop_count} (1).
 */
@Component(service = PacketSourceFactory.class)
@SourceType("pcap-file")
public class PcapFileSourceFactory implements PacketSourceFactory {
    /** Mapping window: large enough that a window change is rare, small enough for any address space. */
    static final int DEFAULT_WINDOW_SIZE = 256 << 20;

    private final int windowSize;

    public PcapFileSourceFactory() {
        this(DEFAULT_WINDOW_SIZE);
    }

    /** Tests use a small window so frames straddle window boundaries. */
    PcapFileSourceFactory(int windowSize) {
        if (windowSize < 1) {
            throw new IllegalArgumentException("window size must be positive: " + windowSize);
        }
        this.windowSize = windowSize;
    }

    @Override
    public PacketSource open(String location, Map<String, String> options) throws SourceException {
        if (location == null || location.isBlank()) {
            throw new SourceException("pcap-file needs the path of a capture file");
        }
        ReplayOptions replay = ReplayOptions.parse(location, options);
        FileChannel channel = openChannel(location);
        try {
            long size = channel.size();
            if (size == 0) {
                throw new SourceException(location + " is empty");
            }
            CaptureFormat format = CaptureFormat.probe(channel, location);
            return new PcapFileSource(location, channel, size, format, replay, windowSize);
        } catch (SourceException e) {
            closeQuietly(channel);
            throw e;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new SourceException("cannot read capture file " + location + ": " + e.getMessage(), e);
        }
    }

    private static FileChannel openChannel(String location) throws SourceException {
        Path path;
        try {
            path = Path.of(location);
        } catch (InvalidPathException e) {
            throw new SourceException("not a valid capture file path: " + location, e);
        }
        if (Files.isDirectory(path)) {
            throw new SourceException(location + " is a directory, not a capture file");
        }
        if (Files.exists(path) && !Files.isRegularFile(path)) {
            throw new SourceException(location + " is not a regular file (a pipe or device cannot be replayed)");
        }
        try {
            return FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new SourceException("capture file not found: " + location, e);
        } catch (AccessDeniedException e) {
            throw new SourceException("cannot read capture file " + location + ": permission denied", e);
        } catch (IOException e) {
            throw new SourceException("cannot read capture file " + location + ": " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // the open already failed; that failure is the one worth reporting
        }
    }
}
