package com.microenv.gateway.service;

import com.microenv.gateway.config.GatewayConfig;
import com.microenv.gateway.credentials.Credential;
import com.microenv.gateway.credentials.CredentialParser;
import com.microenv.gateway.credentials.TestCredentials;
import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenCacheTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final TokenCache cache = new TokenCache(new TestConfig());
    private final AtomicInteger exchanges = new AtomicInteger();

    @Test
    void secondLookupOfTheSameCredentialAndProjectIsServedFromTheCache() {
        Credential key = credential();

        cache.get(key, Optional.of("p1"), () -> exchange(300)).await().atMost(WAIT);
        ExchangedToken second = cache.get(key, Optional.of("p1"), () -> exchange(300)).await().atMost(WAIT);

        assertThat(exchanges).hasValue(1);
        assertThat(second.token()).isEqualTo("jwt-1");
    }

    @Test
    void anotherProjectNeedsItsOwnExchange() {
        Credential key = credential();

        cache.get(key, Optional.of("p1"), () -> exchange(300)).await().atMost(WAIT);
        cache.get(key, Optional.of("p2"), () -> exchange(300)).await().atMost(WAIT);
        cache.get(key, Optional.empty(), () -> exchange(300)).await().atMost(WAIT);

        assertThat(exchanges).hasValue(3);
    }

    @Test
    void aTokenCloserToExpiryThanTheMarginIsNotReused() {
        Credential key = credential();

        cache.get(key, Optional.of("p1"), () -> exchange(20)).await().atMost(WAIT);
        cache.get(key, Optional.of("p1"), () -> exchange(20)).await().atMost(WAIT);

        assertThat(exchanges).hasValue(2);
    }

    @Test
    void aFailedExchangeIsNotRemembered() {
        Credential key = credential();

        assertThatThrownBy(() -> cache.get(key, Optional.of("p1"),
                () -> Uni.createFrom().failure(new IllegalStateException("down"))).await().atMost(WAIT))
                .hasMessageContaining("down");
        ExchangedToken token = cache.get(key, Optional.of("p1"), () -> exchange(300)).await().atMost(WAIT);

        assertThat(token.token()).isEqualTo("jwt-1");
    }

    @Test
    void evictingACredentialByIdDropsAllItsTokens() {
        Credential key = credential();
        cache.get(key, Optional.of("p1"), () -> exchange(300)).await().atMost(WAIT);
        cache.get(key, Optional.of("p2"), () -> exchange(300)).await().atMost(WAIT);

        cache.evictCredential("key_test");
        cache.get(key, Optional.of("p1"), () -> exchange(300)).await().atMost(WAIT);

        assertThat(exchanges).hasValue(3);
    }

    private Uni<ExchangedToken> exchange(long secondsToLive) {
        return Uni.createFrom().item(() -> new ExchangedToken("jwt-" + exchanges.incrementAndGet(), "key_test",
                Instant.now().plusSeconds(secondsToLive)));
    }

    private static Credential credential() {
        return CredentialParser.parse(List.of("Bearer " + TestCredentials.apiKey()));
    }

    static final class TestConfig implements GatewayConfig {
        @Override public URI authUrl() { return URI.create("http://127.0.0.1:1"); }
        @Override public URI secretsUrl() { return URI.create("http://127.0.0.1:2"); }
        @Override public URI auditUrl() { return URI.create("http://127.0.0.1:3"); }
        @Override public long maxBodyBytes() { return 1024; }
        @Override public Duration connectTimeout() { return Duration.ofSeconds(1); }
        @Override public Duration upstreamTimeout() { return Duration.ofSeconds(1); }
        @Override public Duration exchangeTimeout() { return Duration.ofSeconds(1); }
        @Override public int maxConnectionsPerUpstream() { return 4; }

        @Override
        public TokenCacheConfig tokenCache() {
            return new TokenCacheConfig() {
                @Override public long maxEntries() { return 100; }
                @Override public Duration expiryMargin() { return Duration.ofSeconds(30); }
            };
        }
    }
}
