package com.microenv.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Settings of the public edge: where the upstreams live, limits and timeouts. */
@ConfigMapping(prefix = "microenv.gateway")
public interface GatewayConfig {

    /** Base URL of auth-service (token exchange, projects, keys, members, /v1/me, /v1/auth). */
    URI authUrl();

    /** Base URL of secrets-service (environments and variables). */
    URI secretsUrl();

    /** Base URL of audit-service (audit events and chain verification). */
    URI auditUrl();

    /** Largest request body accepted on /v1, in bytes; larger bodies get a 413 problem. */
    @WithDefault("1048576")
    long maxBodyBytes();

    /** Time allowed to open a TCP connection to an upstream before it counts as unavailable (503). */
    @WithDefault("2s")
    Duration connectTimeout();

    /** Longest silence from an upstream while a request is in flight before the gateway answers 504. */
    @WithDefault("30s")
    Duration upstreamTimeout();

    /** Longest wait for auth-service's token exchange before the gateway answers 504. */
    @WithDefault("5s")
    Duration exchangeTimeout();

    /** Connections kept per upstream. */
    @WithDefault("64")
    int maxConnectionsPerUpstream();

    /** Cache of exchanged internal JWTs. */
    TokenCacheConfig tokenCache();

    /** Cache of exchanged internal JWTs, keyed by SHA-256(credential) and project. */
    interface TokenCacheConfig {

        /** Most entries kept; the least recently used go first. */
        @WithDefault("10000")
        long maxEntries();

        /** A cached JWT is dropped this long before its own exp, so a forwarded JWT never expires in flight. */
        @WithDefault("30s")
        Duration expiryMargin();
    }

    /** Longest a whole request may take, from its first byte to the end of the answer; past it the exchange ends (408 problem, or a reset once the answer has started). */
    @WithDefault("60s")
    Duration requestTimeout();

    /** Revocation events on microenv.credentials.v1 and what happens when they cannot be read. */
    RevocationConfig revocation();

    /** Where the client address comes from. */
    ClientIpConfig clientIp();

    /** Per-credential token bucket. */
    RateLimitConfig rateLimit();

    /** Lock-out of client IPs that keep failing authentication. */
    LockoutConfig lockout();

    /** Circuit breaker in front of each upstream. */
    CircuitBreakerConfig circuitBreaker();

    /** Origins allowed to call the API from a browser (CORS); none by default. */
    Optional<List<String>> corsOrigins();

    interface RevocationConfig {

        /** Kafka bootstrap servers of the credential event stream. */
        String bootstrapServers();

        @WithDefault("microenv.credentials.v1")
        String topic();

        /** Each replica joins its own consumer group: this prefix plus a random suffix. */
        @WithDefault("microenv-gateway")
        String groupIdPrefix();

        /** While the stream is not confirmed live, a cached exchange older than this is not reused. */
        @WithDefault("30s")
        Duration fallbackMaxAge();

        /** The stream counts as live while the broker answered within this long. */
        @WithDefault("3s")
        Duration liveWindow();

        /** Whether readiness is DOWN while the stream is not live (it always reports the stream's state). */
        @WithDefault("true")
        boolean readinessRequiresStream();
    }

    interface ClientIpConfig {

        /** Peers (CIDRs) whose X-Forwarded-For is believed; none by default, so X-Forwarded-For is ignored. */
        Optional<List<String>> trustedProxies();
    }

    interface RateLimitConfig {

        /** Requests per second each credential may make on one replica, on average. */
        @WithDefault("20")
        long requestsPerSecond();

        /** Requests a credential may make at once before the average applies. */
        @WithDefault("40")
        long burst();
    }

    interface LockoutConfig {

        /** Failed authentications from one client IP, within {@link #window()}, that lock it out. */
        @WithDefault("10")
        int failures();

        /** How long a failure counts. */
        @WithDefault("5m")
        Duration window();

        /** First lock-out; each further lock-out of the same IP doubles it. */
        @WithDefault("30s")
        Duration initial();

        /** Longest lock-out. */
        @WithDefault("15m")
        Duration max();
    }

    interface CircuitBreakerConfig {

        /** Transport failures (refused, timed out) within {@link #rollingWindow()} that open the circuit. */
        @WithDefault("5")
        int failures();

        @WithDefault("10s")
        Duration rollingWindow();

        /** How long an open circuit answers 503 at once before it lets a trial request through. */
        @WithDefault("5s")
        Duration resetTimeout();
    }
}
