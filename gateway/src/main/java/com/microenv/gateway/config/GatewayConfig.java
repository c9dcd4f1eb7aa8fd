package com.microenv.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Duration;

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
}
