package org.egret.console.internal.access;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Wrong tokens per client address: {@value #LIMIT} within any {@value #WINDOW_MILLIS} ms lock the address out until the
 * oldest of them is a minute old, so a token cannot be guessed at network speed. Bounded in addresses tracked.
 */
public final class FailedAttempts {

    public static final int LIMIT = 10;
    public static final long WINDOW_MILLIS = 60_000;
    static final int MAX_ADDRESSES = 10_000;

    /** The times of an address's last {@link #LIMIT} failures, oldest first once full. */
    private static final class Recent {
        private final long[] times = new long[LIMIT];
        private int count;
        private int next;

        synchronized void add(long now) {
            times[next] = now;
            next = (next + 1) % LIMIT;
            count = Math.min(LIMIT, count + 1);
        }

        /** When the address may try again, or 0 when it may now. */
        synchronized long lockedUntil(long now) {
            if (count < LIMIT) {
                return 0;
            }
            long oldest = times[next]; // full ring: the slot about to be overwritten holds the oldest failure
            long until = oldest + WINDOW_MILLIS;
            return until > now ? until : 0;
        }

        synchronized long newest() {
            return count == 0 ? Long.MIN_VALUE : times[(next + LIMIT - 1) % LIMIT];
        }
    }

    private final Map<String, Recent> byAddress = new ConcurrentHashMap<>();
    private final LongSupplier clock;

    public FailedAttempts(LongSupplier clock) {
        this.clock = clock;
    }

    /** Whole seconds until this address may present a token again; 0 when it may now. */
    public long retryAfterSeconds(String address) {
        Recent r = byAddress.get(address);
        if (r == null) {
            return 0;
        }
        long now = clock.getAsLong();
        long until = r.lockedUntil(now);
        return until == 0 ? 0 : Math.max(1, (until - now + 999) / 1000);
    }

    public void failed(String address) {
        long now = clock.getAsLong();
        if (byAddress.size() >= MAX_ADDRESSES && !byAddress.containsKey(address)) {
            byAddress.values().removeIf(r -> r.newest() <= now - WINDOW_MILLIS);
            if (byAddress.size() >= MAX_ADDRESSES) {
                return; // so many addresses guessing at once that tracking one more would only grow memory
            }
        }
        byAddress.computeIfAbsent(address, a -> new Recent()).add(now);
    }

    /** A right token forgives the address's earlier typos. */
    public void succeeded(String address) {
        byAddress.remove(address);
    }
}
