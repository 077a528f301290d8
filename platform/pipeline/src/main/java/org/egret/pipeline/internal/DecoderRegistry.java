package org.egret.pipeline.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.egret.api.decode.WireApiDecoder;
import org.egret.api.http.HttpRequest;
import org.osgi.framework.Constants;
import org.osgi.framework.Version;

/**
 * The wire-API decoders currently registered, as an immutable snapshot swapped on every bind/unbind, so workers
 * read it without locks and a decoder installed on a running appliance serves the next exchange.
 * <p>
 * Selection is by claims first: the decoders whose paths, hosts and content types match the request are probed, and
 * one of them that is {@link #SURE sure} wins. Only when none is does every other decoder get probed too, so a
 * chat-shaped body sent through a proxy on an unusual path is still recognised.
 */
final class DecoderRegistry {
    /** A probe score from which a claimed decoder's verdict is final: a route with its signals (85-95). */
    static final int SURE = 80;

    private final Map<String, DecoderTally> tallies = new ConcurrentHashMap<>();
    /** Every bound decoder, including those a newer version of their wire API shadows. */
    private List<BoundDecoder> bound = List.of();
    /** What workers select from: per wire API only its newest version, in selection order. */
    private volatile List<BoundDecoder> entries = List.of();

    /**
     * Binds a decoder. When a wire API already has a decoder, the one from the newer bundle version serves (equal
     * versions: the newer service) and the other waits, shadowed, in case the newer goes: dropping
     * {@code decoder-1.1.jar} next to {@code decoder-1.0.jar} in {@code deploy/} upgrades, deleting it downgrades.
     */
    synchronized void add(WireApiDecoder decoder, Map<String, ?> props, Version version) {
        String name = wireApiOf(decoder, props);
        List<BoundDecoder> next = new ArrayList<>(bound);
        next.add(new BoundDecoder(decoder, name, DecoderClaims.of(props),
                intProp(props.get(Constants.SERVICE_RANKING)), longProp(props.get(Constants.SERVICE_ID)),
                version == null ? Version.emptyVersion : version, tallies.computeIfAbsent(name, n -> new DecoderTally())));
        publish(next);
    }

    synchronized void remove(WireApiDecoder decoder) {
        List<BoundDecoder> next = new ArrayList<>(bound);
        for (BoundDecoder e : bound) {
            if (e.decoder == decoder) {
                e.retired = true;
                next.remove(e);
            }
        }
        publish(next);
    }

    /** The decoder of a wire API that serves it among several bound: the newest version, then the newest service. */
    private static final Comparator<BoundDecoder> NEWEST = Comparator.comparing((BoundDecoder e) -> e.version)
            .thenComparingLong(e -> e.serviceId);

    private void publish(List<BoundDecoder> next) {
        bound = List.copyOf(next);
        Map<String, BoundDecoder> serving = new LinkedHashMap<>();
        for (BoundDecoder e : next) {
            serving.merge(e.wireApi, e, (a, b) -> NEWEST.compare(a, b) >= 0 ? a : b);
        }
        List<BoundDecoder> active = new ArrayList<>(serving.values());
        // highest ranking first; among equals the oldest service, as OSGi orders services
        active.sort(Comparator.comparingInt((BoundDecoder e) -> -e.ranking).thenComparingLong(e -> e.serviceId));
        entries = List.copyOf(active);
    }


    int size() {
        return entries.size();
    }

    List<String> names() {
        return entries.stream().map(e -> e.wireApi).toList();
    }

    /** Probes and selections per wire API seen since the pipeline started, as health counters. */
    Map<String, Long> tallies() {
        Map<String, Long> m = new LinkedHashMap<>();
        tallies.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            m.put("decoder_probes." + e.getKey(), e.getValue().probes.sum());
            m.put("decoder_selected." + e.getKey(), e.getValue().selected.sum());
        });
        return m;
    }

    /**
     * The decoder most sure the request is its wire API, or null. A decoder that throws is skipped (and counted):
     * one broken bundle must not stop the others.
     */
    BoundDecoder select(HttpRequest request, PipelineCounters counters) {
        List<BoundDecoder> all = entries;
        int n = all.size();
        // which entries the claims pass probed, so the fallback pass does not probe them twice
        long probedMask = 0;
        boolean[] probedBeyondMask = n > 64 ? new boolean[n] : null;
        BoundDecoder best = null;
        int bestScore = 0;
        for (int i = 0; i < n; i++) {
            BoundDecoder e = all.get(i);
            if (!e.claims.matches(request)) {
                continue;
            }
            if (i < 64) {
                probedMask |= 1L << i;
            } else {
                probedBeyondMask[i] = true;
            }
            int score = probe(e, request, counters);
            if (score > bestScore) {
                best = e;
                bestScore = score;
            }
        }
        if (bestScore < SURE) {
            if (n > 0) {
                counters.decoderFallbacks.incrementAndGet();
            }
            for (int i = 0; i < n; i++) {
                if (i < 64 ? (probedMask & (1L << i)) != 0 : probedBeyondMask[i]) {
                    continue;
                }
                BoundDecoder e = all.get(i);
                int score = probe(e, request, counters);
                if (score > bestScore) {
                    best = e;
                    bestScore = score;
                }
            }
        }
        if (best != null) {
            best.tally.selected.increment();
        }
        return best;
    }

    private static int probe(BoundDecoder e, HttpRequest request, PipelineCounters counters) {
        e.tally.probes.increment();
        try {
            return e.decoder.probe(request);
        } catch (RuntimeException | LinkageError ex) {
            counters.decoderErrors.incrementAndGet();
            return 0;
        }
    }

    /** The {@code egret.wireapi.name} property, else what the decoder says (a registration without the property). */
    private static String wireApiOf(WireApiDecoder decoder, Map<String, ?> props) {
        Object name = props.get("egret.wireapi.name");
        if (name != null && !name.toString().isBlank()) {
            return name.toString();
        }
        try {
            return decoder.wireApi();
        } catch (RuntimeException | LinkageError e) {
            return "unnamed";
        }
    }

    private static int intProp(Object o) {
        return o instanceof Integer i ? i : 0;
    }

    private static long longProp(Object o) {
        return o instanceof Long l ? l : Long.MAX_VALUE;
    }
}
