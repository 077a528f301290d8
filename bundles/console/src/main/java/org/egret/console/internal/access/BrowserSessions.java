package org.egret.console.internal.access;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The console's signed-in browsers: random 256-bit session ids, held as their SHA-256 with an expiry. Bounded, so a
 * flood of sign-ins cannot grow memory: past {@link #MAX_SESSIONS} the session closest to expiry is dropped.
 */
public final class BrowserSessions {

    static final int MAX_SESSIONS = 10_000;

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Long> expiryByIdHash = new ConcurrentHashMap<>();
    private final long lifetimeMillis;
    private final LongSupplier clock;

    public BrowserSessions(long lifetimeMillis, LongSupplier clock) {
        this.lifetimeMillis = lifetimeMillis;
        this.clock = clock;
    }

    public long lifetimeMillis() {
        return lifetimeMillis;
    }

    /** A new session; the returned id goes into the cookie and is not kept. */
    public String open() {
        byte[] id = new byte[32];
        random.nextBytes(id);
        String text = Base64.getUrlEncoder().withoutPadding().encodeToString(id);
        long now = clock.getAsLong();
        if (expiryByIdHash.size() >= MAX_SESSIONS) {
            expiryByIdHash.values().removeIf(expiry -> expiry <= now);
            while (expiryByIdHash.size() >= MAX_SESSIONS) {
                expiryByIdHash.entrySet().stream().min(Map.Entry.comparingByValue(Comparator.naturalOrder()))
                        .ifPresent(oldest -> expiryByIdHash.remove(oldest.getKey()));
            }
        }
        expiryByIdHash.put(key(text), now + lifetimeMillis);
        return text;
    }

    public boolean valid(String id) {
        if (id == null || id.isEmpty() || id.length() > 128) {
            return false;
        }
        String k = key(id);
        Long expiry = expiryByIdHash.get(k);
        if (expiry == null) {
            return false;
        }
        if (expiry <= clock.getAsLong()) {
            expiryByIdHash.remove(k, expiry);
            return false;
        }
        return true;
    }

    public void close(String id) {
        if (id != null && id.length() <= 128) {
            expiryByIdHash.remove(key(id));
        }
    }

    public int size() {
        return expiryByIdHash.size();
    }

    private static String key(String id) {
        return HexFormat.of().formatHex(AccessToken.sha256(id));
    }
}
