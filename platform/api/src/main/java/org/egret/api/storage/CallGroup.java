package org.egret.api.storage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The calls sharing one combination of {@link CallGroupQuery#groupBy()} values, summed up. Groups come largest
 * first: call count descending, then the key values ascending in {@code groupBy} order (ports and status codes as
 * numbers, text by its bytes), a null value after the others.
 *
 * @param key            the group's values in {@code groupBy} order; numbers (port, status) as decimal text; null
 *                       where the calls have no value (the list may hold nulls)
 * @param callCount      calls
 * @param errorCount     calls answered with HTTP status 400 or more
 * @param error4xxCount  of those, status 400–499 (429 included)
 * @param error429Count  status 429
 * @param error5xxCount  status 500 or more
 * @param streamCount    streamed calls
 * @param inputTokens    input tokens summed (calls without a count add nothing)
 * @param outputTokens   output tokens summed
 * @param costUsd        cost summed, 0 when no call has one
 * @param ttftAvgMs      mean time to first token over calls that have one; null when none has
 * @param ttftP95Ms      95th percentile of it, interpolated linearly between the closest ranks (backends may
 *                       approximate within 1 %); null when none has
 * @param e2eAvgMs       mean end-to-end latency; null when no call has one
 * @param e2eP95Ms       95th percentile of it; null when none has
 * @param firstSeenMicros earliest request time, epoch µs
 * @param lastSeenMicros  latest request time, epoch µs
 */
public record CallGroup(List<String> key, long callCount, long errorCount, long error4xxCount, long error429Count,
        long error5xxCount, long streamCount, long inputTokens, long outputTokens, double costUsd, Double ttftAvgMs,
        Double ttftP95Ms, Double e2eAvgMs, Double e2eP95Ms, long firstSeenMicros, long lastSeenMicros) {

    public CallGroup {
        key = Collections.unmodifiableList(new ArrayList<>(key));
    }
}
