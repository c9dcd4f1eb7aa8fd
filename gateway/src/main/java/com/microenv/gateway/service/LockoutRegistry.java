package com.microenv.gateway.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.microenv.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;

/**
 * Failed authentications per client IP. {@code failures} failures within {@code window} lock the IP out for
 * {@code initial}, doubling with each further lock-out up to {@code max}; an IP that stays quiet for a window plus the
 * longest lock-out starts afresh. Checked before the credential is even parsed, so a locked-out IP costs no call to
 * auth-service. In memory, bounded, per replica.
 */
@ApplicationScoped
public class LockoutRegistry {

    private final Cache<String, IpState> states;
    private final int threshold;
    private final long windowNanos;
    private final long initialNanos;
    private final long maxNanos;
    private final LongSupplier clock;

    @Inject
    public LockoutRegistry(GatewayConfig config) {
        this(config.lockout().failures(), config.lockout().window(), config.lockout().initial(), config.lockout().max(),
                System::nanoTime);
    }

    LockoutRegistry(int threshold, Duration window, Duration initial, Duration max, LongSupplier clock) {
        this.threshold = threshold;
        this.windowNanos = window.toNanos();
        this.initialNanos = initial.toNanos();
        this.maxNanos = max.toNanos();
        this.clock = clock;
        this.states = Caffeine.newBuilder()
                .maximumSize(100_000)
                .expireAfterAccess(window.plus(max))
                .build();
    }

    /** Seconds the IP stays locked out (rounded up), or 0 when it may try. */
    public long lockedOutFor(String ip) {
        IpState state = states.getIfPresent(ip);
        if (state == null) {
            return 0;
        }
        long left;
        synchronized (state) {
            left = state.lockedUntil - clock.getAsLong();
        }
        return left <= 0 ? 0 : Math.max(1, (left + 999_999_999L) / 1_000_000_000L);
    }

    /** Counts a failed authentication from {@code ip}; returns the lock-out it caused in seconds, or 0. */
    public long recordFailure(String ip) {
        IpState state = states.get(ip, ignored -> new IpState());
        long now = clock.getAsLong();
        synchronized (state) {
            while (!state.failures.isEmpty() && now - state.failures.peekFirst() > windowNanos) {
                state.failures.pollFirst();
            }
            state.failures.addLast(now);
            if (state.failures.size() < threshold) {
                return 0;
            }
            state.failures.clear();
            state.lockouts++;
            long duration = initialNanos;
            for (int i = 1; i < state.lockouts && duration < maxNanos; i++) {
                duration *= 2;
            }
            duration = Math.min(duration, maxNanos);
            state.lockedUntil = now + duration;
            return Math.max(1, (duration + 999_999_999L) / 1_000_000_000L);
        }
    }

    private static final class IpState {
        private final Deque<Long> failures = new ArrayDeque<>();
        private long lockedUntil = Long.MIN_VALUE / 2;
        private int lockouts;
    }
}
