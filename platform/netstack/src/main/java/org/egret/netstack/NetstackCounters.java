package org.egret.netstack;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counters of one worker: written by that worker's thread only, readable from any thread. Single-writer updates are
 * plain read-modify-write with opaque access, so readers never see torn values and writers pay no fence.
 */
public final class NetstackCounters {
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);
    private static final NetstackCounter[] ALL = NetstackCounter.values();

    private final long[] values = new long[ALL.length];

    /** Adds {@code delta}; only the owning worker thread may call this. */
    public void add(NetstackCounter counter, long delta) {
        int i = counter.ordinal();
        SLOT.setOpaque(values, i, (long) SLOT.getOpaque(values, i) + delta);
    }

    public void increment(NetstackCounter counter) {
        add(counter, 1);
    }

    /** Sets a gauge; only the owning worker thread may call this. */
    public void set(NetstackCounter counter, long value) {
        SLOT.setOpaque(values, counter.ordinal(), value);
    }

    public long get(NetstackCounter counter) {
        return (long) SLOT.getOpaque(values, counter.ordinal());
    }

    /** Every counter by short name, in declaration order. */
    public Map<String, Long> snapshot() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (NetstackCounter c : ALL) {
            out.put(c.shortName(), get(c));
        }
        return Collections.unmodifiableMap(out);
    }

    /** The counters of several workers added up (gauges too: {@code flows_active} of all workers is their sum). */
    public static Map<String, Long> sum(Collection<NetstackCounters> all) {
        long[] total = new long[ALL.length];
        for (NetstackCounters c : all) {
            for (NetstackCounter k : ALL) {
                total[k.ordinal()] += c.get(k);
            }
        }
        Map<String, Long> out = new LinkedHashMap<>();
        for (NetstackCounter k : ALL) {
            out.put(k.shortName(), total[k.ordinal()]);
        }
        return Collections.unmodifiableMap(out);
    }
}
