package org.egret.launcher;

import java.util.ArrayList;
import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * Follows pipelines through the properties of their status services (no Egret class needed here), prints a live
 * progress line on a terminal, and tells when every pipeline has drained.
 */
final class PipelineWatcher {
    /** One pipeline's published state. */
    record Snapshot(String name, String state, String failure, long bytesRead, long bytesTotal, long packets,
            long exchanges, long calls, long turns) {
        boolean finished() {
            return "DRAINED".equals(state) || "FAILED".equals(state) || "STOPPED".equals(state);
        }
    }

    private final BundleContext ctx;

    PipelineWatcher(BundleContext ctx) {
        this.ctx = ctx;
    }

    List<Snapshot> snapshots() {
        List<Snapshot> out = new ArrayList<>();
        ServiceReference<?>[] refs;
        try {
            refs = ctx.getServiceReferences((String) null, "(egret.pipeline.name=*)");
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        if (refs == null) {
            return out;
        }
        for (ServiceReference<?> r : refs) {
            out.add(new Snapshot(str(r, "egret.pipeline.name"), str(r, "egret.pipeline.state"),
                    str(r, "egret.pipeline.failure"), num(r, "egret.progress.bytes_read"),
                    num(r, "egret.progress.bytes_total"), num(r, "egret.progress.packets"),
                    num(r, "egret.progress.exchanges"), num(r, "egret.progress.calls"),
                    num(r, "egret.progress.turns")));
        }
        return out;
    }

    boolean storageRegistered() {
        try {
            return ctx.getServiceReferences("org.egret.api.storage.StorageBackend", null) != null;
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String str(ServiceReference<?> r, String key) {
        Object v = r.getProperty(key);
        return v == null ? null : v.toString();
    }

    private static long num(ServiceReference<?> r, String key) {
        return r.getProperty(key) instanceof Number n ? n.longValue() : 0;
    }

    /** Renders the progress line: bytes, packets, calls, turns, rate, ETA. */
    static String progressLine(Snapshot s, double elapsedSeconds) {
        StringBuilder sb = new StringBuilder();
        sb.append("replay ").append(s.name()).append(": ").append(mb(s.bytesRead()));
        if (s.bytesTotal() > 0) {
            sb.append('/').append(mb(s.bytesTotal())).append(String.format(" %3.0f%%",
                    100.0 * s.bytesRead() / s.bytesTotal()));
        }
        double rate = elapsedSeconds > 0 ? s.bytesRead() / elapsedSeconds : 0;
        sb.append(String.format(" | %,d pkts | %,d exchanges | %,d calls | %,d turns | %s/s", s.packets(),
                s.exchanges(), s.calls(), s.turns(), mb((long) rate)));
        if (s.bytesTotal() > 0 && rate > 0 && s.bytesRead() < s.bytesTotal()) {
            long eta = (long) ((s.bytesTotal() - s.bytesRead()) / rate);
            sb.append(String.format(" | ETA %d:%02d", eta / 60, eta % 60));
        }
        return sb.toString();
    }

    private static String mb(long bytes) {
        return bytes >= 10L << 20 ? String.format("%,.0f MB", bytes / 1048576.0)
                : String.format("%.1f MB", bytes / 1048576.0);
    }
}
