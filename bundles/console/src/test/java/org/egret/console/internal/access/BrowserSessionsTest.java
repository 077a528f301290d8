package org.egret.console.internal.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BrowserSessionsTest {

    private final AtomicLong now = new AtomicLong(1_000_000);

    @Test
    void sessionsAreRandomAndExpire() {
        BrowserSessions s = new BrowserSessions(1_000, now::get);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            ids.add(s.open());
        }
        assertThat(ids).hasSize(100).allMatch(id -> id.matches("[A-Za-z0-9_-]{43}"));
        String id = ids.iterator().next();
        assertThat(s.valid(id)).isTrue();
        assertThat(s.valid(id + "x")).isFalse();
        assertThat(s.valid(null)).isFalse();
        now.addAndGet(1_000);
        assertThat(s.valid(id)).isFalse();
    }

    @Test
    void theStoreIsBoundedDroppingTheSessionNearestExpiry() {
        BrowserSessions s = new BrowserSessions(60_000, now::get);
        String first = s.open();
        for (int i = 1; i < BrowserSessions.MAX_SESSIONS; i++) {
            now.incrementAndGet();
            s.open();
        }
        now.incrementAndGet();
        String last = s.open();
        assertThat(s.size()).isEqualTo(BrowserSessions.MAX_SESSIONS);
        assertThat(s.valid(first)).isFalse();
        assertThat(s.valid(last)).isTrue();
    }

    @Test
    void aTokenMatchesOnlyItselfAndIsNeverPrinted() {
        AccessToken t = AccessToken.of("correct horse battery staple");
        assertThat(t.matches("correct horse battery staple")).isTrue();
        assertThat(t.matches("correct horse battery stapl")).isFalse();
        assertThat(t.matches(null)).isFalse();
        assertThat(t.toString()).doesNotContain("horse");
        assertThat(t.sameAs(AccessToken.ofSha256Hex(
                "c4bbcb1fbec99d65bf59d85c8cb62ee2db963f0fe106f483d9afa73bd4e39a8a"))).isTrue();
    }
}
