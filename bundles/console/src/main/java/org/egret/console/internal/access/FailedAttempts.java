package org.egret.console.internal.access;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Wrong tokens per client address: {@value #LIMIT} within any {@value #WINDOW_MILLIS} ms lock the address out until the
 * oldest of them is a minute old, so a token cannot be guessed at network speed. IPv6 clients count per /64, the
 * block one host usually holds. Bounded in addresses tracked: when that many are failing at once, an address not yet
 * tracked is refused too, rather than let through untracked.
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
        String key = key(address);
        Recent r = byAddress.get(key);
        long now = clock.getAsLong();
        if (r == null) {
            return full(now) ? WINDOW_MILLIS / 1000 : 0;
        }
        long until = r.lockedUntil(now);
        return until == 0 ? 0 : Math.max(1, (until - now + 999) / 1000);
    }

    public void failed(String address) {
        String key = key(address);
        long now = clock.getAsLong();
        if (!byAddress.containsKey(key) && full(now)) {
            return; // refused by retryAfterSeconds already; tracking one more would only grow memory
        }
        byAddress.computeIfAbsent(key, a -> new Recent()).add(now);
    }

    /** A right token forgives the address's earlier typos. */
    public void succeeded(String address) {
        byAddress.remove(key(address));
    }

    /** As many addresses as are tracked have failed within the last minute. */
    private boolean full(long now) {
        if (byAddress.size() < MAX_ADDRESSES) {
            return false;
        }
        byAddress.values().removeIf(r -> r.newest() <= now - WINDOW_MILLIS);
        return byAddress.size() >= MAX_ADDRESSES;
    }

    /** An IPv4 address as it is; an IPv6 one by its /64 (a literal only: nothing is resolved). */
    static String key(String address) {
        String a = String.valueOf(address);
        if (!a.contains(":") || !a.matches("\\[?[0-9a-fA-F:.]+(%[0-9A-Za-z_.-]+)?\\]?")) {
            return a;
        }
        String literal = a.replace("[", "").replace("]", "");
        int zone = literal.indexOf('%');
        if (zone >= 0) {
            literal = literal.substring(0, zone);
        }
        try {
            InetAddress ip = InetAddress.getByName(literal);
            if (ip instanceof Inet4Address) {
                return ip.getHostAddress(); // IPv4-mapped
            }
            return HexFormat.of().formatHex(ip.getAddress(), 0, 8) + "::/64";
        } catch (UnknownHostException e) {
            return a;
        }
    }
}
