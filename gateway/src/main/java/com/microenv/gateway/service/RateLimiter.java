package com.microenv.gateway.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.microenv.gateway.config.GatewayConfig;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;

/**
 * Per-credential token bucket (Bucket4j), keyed by the credential's SHA-256 fingerprint: {@code burst} requests at
 * once, refilled at {@code requests-per-second}. Lock-free, in memory, per replica (docs/gateway.md, "Limits").
 */
@ApplicationScoped
public class RateLimiter {

    private final Cache<String, Bucket> buckets;
    private final long perSecond;
    private final long burst;

    @Inject
    public RateLimiter(GatewayConfig config) {
        this(config.rateLimit().requestsPerSecond(), config.rateLimit().burst());
    }

    RateLimiter(long perSecond, long burst) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.buckets = Caffeine.newBuilder()
                .maximumSize(100_000)
                // An idle bucket is full again after burst / rate seconds, so forgetting it then changes nothing.
                .expireAfterAccess(Duration.ofSeconds(Math.max(60, burst / Math.max(1, perSecond) + 1)))
                .build();
    }

    /** Takes one request from the bucket of {@code fingerprint}: 0 when allowed, else seconds until the next is. */
    public long tryAcquire(String fingerprint) {
        Bucket bucket = buckets.get(fingerprint, ignored -> Bucket.builder()
                .addLimit(limit -> limit.capacity(burst).refillGreedy(perSecond, Duration.ofSeconds(1)))
                .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return 0;
        }
        return Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
    }
}
