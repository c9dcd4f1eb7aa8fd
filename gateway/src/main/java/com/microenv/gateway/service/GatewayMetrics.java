package com.microenv.gateway.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

/**
 * The gateway's own meters (Prometheus names in docs/gateway.md, "Metrics"): requests by route and status,
 * token cache hits and misses, exchanges, revocation events applied and their lag, rejections, upstream errors.
 */
@ApplicationScoped
public class GatewayMetrics {

    private final MeterRegistry registry;

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** One finished /v1 request. {@code route} is a bounded template, never the raw path. */
    public void request(String route, String method, int status, long nanos) {
        Timer.builder("microenv.gateway.requests")
                .description("Requests on the public API by route and status")
                .tags("route", route, "method", method, "status", Integer.toString(status))
                .publishPercentileHistogram()
                .register(registry)
                .record(Duration.ofNanos(nanos));
    }

    public void cache(boolean hit) {
        Counter.builder("microenv.gateway.token.cache")
                .description("Token cache lookups")
                .tag("result", hit ? "hit" : "miss")
                .register(registry).increment();
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
