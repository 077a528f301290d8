package org.egret.api.pipeline;

/**
 * The widths of the event-time metric windows, Heron's four. Windows start at multiples of their width since the
 * Unix epoch, so a coarser window is exactly a run of finer ones.
 */
public enum MetricGranularity {
    TEN_SECONDS("10s", 10),
    ONE_MINUTE("1m", 60),
    FIVE_MINUTES("5m", 300),
    ONE_HOUR("1h", 3600);

    private final String apiName;
    private final long seconds;

    MetricGranularity(String apiName, long seconds) {
        this.apiName = apiName;
        this.seconds = seconds;
    }

    /** The API's name: {@code 10s}, {@code 1m}, {@code 5m}, {@code 1h}. */
    public String apiName() {
        return apiName;
    }

    public long seconds() {
        return seconds;
    }

    public long micros() {
        return seconds * 1_000_000L;
    }

    /** The start, epoch µs, of the window holding an instant (epoch µs). */
    public long windowStart(long micros) {
        return Math.floorDiv(micros, micros()) * micros();
    }

    /** The granularity of an API name; null when unknown. */
    public static MetricGranularity ofApiName(String name) {
        for (MetricGranularity g : values()) {
            if (g.apiName.equals(name)) {
                return g;
            }
        }
        return null;
    }
}
