package com.microenv.gateway.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The gateway's own meters (Prometheus names in docs/gateway.md, "Metrics"): requests by route and status,
 * token cache hits and misses, exchanges, revocation events applied and their lag, rejections, upstream errors.
 */
@ApplicationScoped
public class GatewayMetrics {

    private final MeterRegistry registry;
    /**
     * The per-request meters, registered once each: building a meter id (tags sorted, the registry's map searched)
     * on every request is the hot path's largest metrics cost. Keys are bounded (route templates × methods ×
     * statuses), as the meters themselves are.
     */
    private final ConcurrentMap<RequestKey, Timer> requestTimers = new ConcurrentHashMap<>();
    private final Counter cacheHits;
    private final Counter cacheMisses;

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.cacheHits = cacheCounter(registry, "hit");
        this.cacheMisses = cacheCounter(registry, "miss");
    }

    private record RequestKey(String route, String method, int status) {
    }

    private static Counter cacheCounter(MeterRegistry registry, String result) {
        return Counter.builder("microenv.gateway.token.cache")
                .description("Token cache lookups")
                .tag("result", result)
                .register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** One finished /v1 request. {@code route} is a bounded template, never the raw path. */
    public void request(String route, String method, int status, long nanos) {
        requestTimers.computeIfAbsent(new RequestKey(route, method, status), key -> Timer.builder("microenv.gateway.requests")
                        .description("Requests on the public API by route and status")
                        .tags("route", key.route(), "method", key.method(), "status", Integer.toString(key.status()))
                        .publishPercentileHistogram()
                        .register(registry))
                .record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    public void cache(boolean hit) {
        (hit ? cacheHits : cacheMisses).increment();
    }

    /** A token exchange at auth-service finished with {@code outcome}: granted, refused or failed. */
    public void exchange(String outcome) {
        Counter.builder("microenv.gateway.exchanges")
                .description("Token exchanges at auth-service")
                .tag("outcome", outcome)
                .register(registry).increment();
    }

    public void revocationApplied(String type, long evicted, Duration lag) {
        Counter.builder("microenv.gateway.revocations.applied")
                .description("Credential events applied to the token cache")
                .tag("type", type)
                .register(registry).increment();
        Counter.builder("microenv.gateway.revocations.evicted")
                .description("Cached exchanges evicted by credential events")
                .register(registry).increment(evicted);
        if (lag != null && !lag.isNegative()) {
            Timer.builder("microenv.gateway.revocations.lag")
                    .description("From the event's time to its eviction on this replica")
                    .publishPercentileHistogram()
                    .register(registry).record(lag);
        }
    }

    /** A request refused by the per-credential rate limit ({@code rate}) or an IP lock-out ({@code lockout}). */
    public void rejected(String reason) {
        Counter.builder("microenv.gateway.rejections")
                .description("Requests refused with 429")
                .tag("reason", reason)
                .register(registry).increment();
    }

    /** An upstream failed at the transport level (refused, timed out, broken) or its circuit was open. */
    public void upstreamError(String upstream, String kind) {
        Counter.builder("microenv.gateway.upstream.errors")
                .description("Failures talking to an upstream")
                .tags("upstream", upstream, "kind", kind)
                .register(registry).increment();
    }
}
