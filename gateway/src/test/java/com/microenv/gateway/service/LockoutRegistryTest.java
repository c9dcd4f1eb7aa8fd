package com.microenv.gateway.service;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class LockoutRegistryTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final LockoutRegistry lockouts = new LockoutRegistry(3, Duration.ofMinutes(1), Duration.ofSeconds(10),
            Duration.ofSeconds(35), now::get);

    @Test
    void failuresBelowTheThresholdDoNotLockOut() {
        lockouts.recordFailure("192.0.2.1");
        lockouts.recordFailure("192.0.2.1");

        assertThat(lockouts.lockedOutFor("192.0.2.1")).isZero();
    }

    @Test
    void repeatedLockOutsDoubleUpToTheMaximum() {
        assertThat(failTimes("192.0.2.1", 3)).isEqualTo(10);
        assertThat(lockouts.lockedOutFor("192.0.2.1")).isEqualTo(10);
        assertThat(lockouts.lockedOutFor("192.0.2.2")).isZero();

        now.addAndGet(Duration.ofSeconds(11).toNanos());
        assertThat(lockouts.lockedOutFor("192.0.2.1")).isZero();
        assertThat(failTimes("192.0.2.1", 3)).isEqualTo(20);
        now.addAndGet(Duration.ofSeconds(21).toNanos());
        assertThat(failTimes("192.0.2.1", 3)).isEqualTo(35);
    }

    @Test
    void failuresOlderThanTheWindowAreForgotten() {
        lockouts.recordFailure("192.0.2.1");
        lockouts.recordFailure("192.0.2.1");
        now.addAndGet(Duration.ofMinutes(2).toNanos());

        assertThat(lockouts.recordFailure("192.0.2.1")).isZero();
    }

    private long failTimes(String ip, int times) {
        long result = 0;
        for (int i = 0; i < times; i++) {
            result = lockouts.recordFailure(ip);
        }
        return result;
    }
}
