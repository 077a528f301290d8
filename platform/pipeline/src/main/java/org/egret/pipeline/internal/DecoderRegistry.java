package org.egret.pipeline.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.egret.api.decode.WireApiDecoder;
import org.egret.api.http.HttpRequest;
import org.osgi.framework.Constants;

/**
 * The wire-API decoders currently registered, as an immutable snapshot swapped on every bind/unbind, so workers
 * read it without locks and a decoder installed on a running appliance serves the next exchange.
 */
final class DecoderRegistry {

    private record Entry(WireApiDecoder decoder, int ranking, long serviceId) {
    }

    private volatile List<Entry> entries = List.of();

    synchronized void add(WireApiDecoder decoder, Map<String, ?> props) {
        List<Entry> next = new ArrayList<>(entries);
        next.add(new Entry(decoder, intProp(props.get(Constants.SERVICE_RANKING)), longProp(props.get(Constants.SERVICE_ID))));
        // highest ranking first; among equals the oldest service, as OSGi orders services
        next.sort(Comparator.comparingInt((Entry e) -> -e.ranking).thenComparingLong(e -> e.serviceId));
        entries = List.copyOf(next);
    }

    synchronized void remove(WireApiDecoder decoder) {
        List<Entry> next = new ArrayList<>(entries);
        next.removeIf(e -> e.decoder == decoder);
        entries = List.copyOf(next);
    }

    int size() {
        return entries.size();
    }

    List<String> names() {
        return entries.stream().map(e -> e.decoder.wireApi()).toList();
    }

    /**
     * The decoder most sure the request is its wire API, or null. A decoder that throws is skipped (and counted):
     * one broken bundle must not stop the others.
     */
    WireApiDecoder select(HttpRequest request, PipelineCounters counters) {
        WireApiDecoder best = null;
        int bestScore = 0;
        for (Entry e : entries) {
            int score;
            try {
                score = e.decoder.probe(request);
            } catch (RuntimeException | LinkageError ex) {
                counters.decoderErrors.incrementAndGet();
                continue;
            }
            if (score > bestScore) {
                best = e.decoder;
                bestScore = score;
            }
        }
        return best;
    }

    private static int intProp(Object o) {
        return o instanceof Integer i ? i : 0;
    }

    private static long longProp(Object o) {
        return o instanceof Long l ? l : Long.MAX_VALUE;
    }
}
