package org.egret.source.pcapfile.internal;

import java.io.File;
import java.util.Map;
import org.egret.api.packet.SourceException;

/**
 * The options a pcap-file source understands.
 *
 * @param sourceId  {@code source_id}; defaults to the file name without its extension
 * @param ratePps   {@code rate_pps}: frames per second, 0 for as fast as the sink takes them
 * @param loopCount {@code loop_count}: how many times the file is replayed
 */
record ReplayOptions(String sourceId, double ratePps, int loopCount) {

    static ReplayOptions parse(String location, Map<String, String> options) throws SourceException {
        Map<String, String> o = options == null ? Map.of() : options;
        String id = o.get("source_id");
        if (id == null || id.isBlank()) {
            id = defaultSourceId(location);
        }
        return new ReplayOptions(id.strip(), ratePps(o.get("rate_pps")), loopCount(o.get("loop_count")));
    }

    /** Same rule as the pipeline's: the last path element without its extension. */
    static String defaultSourceId(String location) {
        int slash = Math.max(location.lastIndexOf('/'), location.lastIndexOf(File.separatorChar));
        String base = location.substring(slash + 1);
        int dot = base.lastIndexOf('.');
        return dot > 0 ? base.substring(0, dot) : base;
    }

    private static double ratePps(String value) throws SourceException {
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            double rate = Double.parseDouble(value.strip());
            if (rate >= 0 && rate < Double.POSITIVE_INFINITY) {
                return rate;
            }
        } catch (NumberFormatException e) {
            // reported below, with the value
        }
        throw new SourceException("rate_pps must be 0 (as fast as possible) or a positive number of packets per "
                + "second, not '" + value + "'");
    }

    private static int loopCount(String value) throws SourceException {
        if (value == null || value.isBlank()) {
            return 1;
        }
        try {
            int count = Integer.parseInt(value.strip());
            if (count >= 1) {
                return count;
            }
        } catch (NumberFormatException e) {
            // reported below, with the value
        }
        throw new SourceException("loop_count must be a whole number of at least 1, not '" + value + "'");
    }
}
