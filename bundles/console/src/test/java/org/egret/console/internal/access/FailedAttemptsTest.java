package org.egret.console.internal.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FailedAttemptsTest {

    private final AtomicLong now = new AtomicLong(5_000_000);
    private final FailedAttempts attempts = new FailedAttempts(now::get);

    private void fail(String address, int times) {
        for (int i = 0; i < times; i++) {
            attempts.failed(address);
        }
    }

    @Test
    void ipv6ClientsCountPerSlash64() {
        assertThat(FailedAttempts.key("2001:db8:1:2::1")).isEqualTo(FailedAttempts.key("2001:db8:1:2:ffff::9"));
        assertThat(FailedAttempts.key("2001:db8:1:2::1")).isNotEqualTo(FailedAttempts.key("2001:db8:1:3::1"));
        assertThat(FailedAttempts.key("[::ffff:192.0.2.1]")).isEqualTo("192.0.2.1");
        assertThat(FailedAttempts.key("192.0.2.1")).isEqualTo("192.0.2.1");
        fail("2001:db8:1:2::1", 5);
        fail("2001:db8:1:2::77", 5);
        assertThat(attempts.retryAfterSeconds("2001:db8:1:2::abc")).isEqualTo(60);
        assertThat(attempts.retryAfterSeconds("2001:db8:1:3::1")).isZero();
    }

    @Test
    void aRightTokenForgivesEarlierMistakes() {
        fail("192.0.2.1", 9);
        attempts.succeeded("192.0.2.1");
        fail("192.0.2.1", 9);
        assertThat(attempts.retryAfterSeconds("192.0.2.1")).isZero();
        fail("192.0.2.1", 1);
        assertThat(attempts.retryAfterSeconds("192.0.2.1")).isEqualTo(60);
    }

    @Test
    void whenTooManyAddressesFailAtOnceANewOneIsRefusedNotLetThroughUntracked() {
        for (int i = 0; i < FailedAttempts.MAX_ADDRESSES; i++) {
            attempts.failed("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255));
        }
        assertThat(attempts.retryAfterSeconds("192.0.2.1")).isEqualTo(60);
        now.addAndGet(FailedAttempts.WINDOW_MILLIS + 1);
        assertThat(attempts.retryAfterSeconds("192.0.2.1")).as("the old failures expired").isZero();
    }
}
