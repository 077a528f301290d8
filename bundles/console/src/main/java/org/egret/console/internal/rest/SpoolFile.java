package org.egret.console.internal.rest;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A download written to a temporary file first, then sent: its size is bounded by disk, not memory, its counts can
 * go in the response headers, and a failure while it is made is still an envelope. The file lies in a directory of
 * its own that only its owner can enter (captured content) and both are deleted once sent or dropped.
 */
final class SpoolFile implements StreamBody {

    private static final Logger LOG = LoggerFactory.getLogger(SpoolFile.class);

    private final Path dir;
    private final Path path;
    private OutputStream out;

    private SpoolFile(String suffix) throws IOException {
        this.dir = Files.createTempDirectory("egret-export-");
        this.path = dir.resolve("export" + suffix);
    }

    /** A new spool open for writing through {@link #out()}; {@code suffix} like {@code .jsonl}. */
    static SpoolFile create(String suffix) {
        SpoolFile s = forWriter(suffix);
        try {
            s.out = new BufferedOutputStream(Files.newOutputStream(s.path), 64 * 1024);
        } catch (IOException e) {
            s.release();
            throw new UncheckedIOException("cannot create an export spool file", e);
        }
        return s;
    }

    /** A spool whose {@link #path()} another writer (DuckDB's Parquet) fills. */
    static SpoolFile forWriter(String suffix) {
        try {
            return new SpoolFile(suffix);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create an export spool directory", e);
        }
    }

    Path path() {
        return path;
    }

    /** Where the body is written while it is made. */
    OutputStream out() {
        return out;
    }

    /** Ends writing; the spool is now the body. */
    SpoolFile finish() {
        try {
            if (out != null) {
                out.close();
                out = null;
            }
        } catch (IOException e) {
            release();
            throw new UncheckedIOException("cannot write the export spool file", e);
        }
        return this;
    }

    @Override
    public void writeTo(OutputStream target) throws IOException {
        Files.copy(path, target);
    }

    @Override
    public void release() {
        try {
            if (out != null) {
                out.close();
                out = null;
            }
        } catch (IOException e) {
            LOG.debug("closing an export spool file failed", e);
        }
        try (var left = Files.walk(dir)) {
            // deepest first: the file, anything a writer spilled beside it, then the directory
            for (Path p : left.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("cannot delete export spool file {}: {}", path, e.toString());
        }
    }
}
