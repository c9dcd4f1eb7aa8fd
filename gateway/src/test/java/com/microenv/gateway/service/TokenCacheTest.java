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

    private final java.util.concurrent.atomic.AtomicBoolean streamLive = new java.util.concurrent.atomic.AtomicBoolean(true);
    private final TokenCache cache = new TokenCache(config(java.util.Map.of(
            "microenv.gateway.revocation.fallback-max-age", "0s")), streamLive::get, null);
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

    @Test
    void evictingAUserInAProjectDropsOnlyThatUsersTokensForThatProject() {
        Credential cliToken = credential();
        Credential otherUser = credential();
        cache.get(cliToken, Optional.of("p1"), () -> exchangeFor("ct_1", "user-a")).await().atMost(WAIT);
        cache.get(cliToken, Optional.of("p2"), () -> exchangeFor("ct_1", "user-a")).await().atMost(WAIT);
        cache.get(otherUser, Optional.of("p1"), () -> exchangeFor("ct_2", "user-b")).await().atMost(WAIT);

        assertThat(cache.evictUserInProject("user-a", "p1")).isEqualTo(1);

        cache.get(cliToken, Optional.of("p1"), () -> exchangeFor("ct_1", "user-a")).await().atMost(WAIT);
        cache.get(cliToken, Optional.of("p2"), () -> exchangeFor("ct_1", "user-a")).await().atMost(WAIT);
        cache.get(otherUser, Optional.of("p1"), () -> exchangeFor("ct_2", "user-b")).await().atMost(WAIT);
        assertThat(exchanges).hasValue(4);
    }

    @Test
    void evictingAProjectDropsEveryTokenForIt() {
        Credential one = credential();
        Credential two = credential();
        cache.get(one, Optional.of("p1"), () -> exchangeFor("key_1", "key_1")).await().atMost(WAIT);
        cache.get(two, Optional.of("p1"), () -> exchangeFor("ct_2", "user-b")).await().atMost(WAIT);
        cache.get(two, Optional.empty(), () -> exchangeFor("ct_2", "user-b")).await().atMost(WAIT);

        assertThat(cache.evictProject("p1")).isEqualTo(2);

        cache.get(two, Optional.empty(), () -> exchangeFor("ct_2", "user-b")).await().atMost(WAIT);
        assertThat(exchanges).hasValue(3);
    }

    @Test
    void whileTheStreamIsDownAnExchangeOlderThanTheBoundIsNotReused() {
        Credential key = credential();
        cache.get(key, Optional.of("p1"), () -> exchange(300)).await().atMost(WAIT);
        cache.get(key, Optional.of("p1"), () -> exchange(300)).await().atMost(WAIT);
        assertThat(exchanges).hasValue(1);

        streamLive.set(false);
        cache.get(key, Optional.of("p1"), () -> exchange(300)).await().atMost(WAIT);

        assertThat(exchanges).hasValue(2);
    }

    @Test
    void anExchangeInFlightWhileAnEvictionIsAppliedIsNotKept() {
        Credential key = credential();
        java.util.concurrent.CompletableFuture<ExchangedToken> slow = new java.util.concurrent.CompletableFuture<>();
        Uni<ExchangedToken> first = cache.get(key, Optional.of("p1"), () -> Uni.createFrom().completionStage(slow));

        cache.evictCredential("key_test");
        slow.complete(new ExchangedToken("jwt-old", "key_test", Instant.now().plusSeconds(300)));
        assertThat(first.await().atMost(WAIT).token()).isEqualTo("jwt-old");

        ExchangedToken next = cache.get(key, Optional.of("p1"), () -> exchange(300)).await().atMost(WAIT);
        assertThat(next.token()).isEqualTo("jwt-1");
    }

    private Uni<ExchangedToken> exchangeFor(String credentialId, String subject) {
        return Uni.createFrom().item(() -> new ExchangedToken("jwt-" + exchanges.incrementAndGet(), credentialId, subject,
                Optional.empty(), Instant.now().plusSeconds(300), Instant.now()));
    }

    private Uni<ExchangedToken> exchange(long secondsToLive) {
        return Uni.createFrom().item(() -> new ExchangedToken("jwt-" + exchanges.incrementAndGet(), "key_test",
                Instant.now().plusSeconds(secondsToLive)));
    }

    private static Credential credential() {
        return CredentialParser.parse(List.of("Bearer " + TestCredentials.apiKey()));
    }

    static GatewayConfig config(java.util.Map<String, String> overrides) {
        java.util.Map<String, String> values = new java.util.HashMap<>(java.util.Map.of(
                "microenv.gateway.auth-url", "http://127.0.0.1:1",
                "microenv.gateway.secrets-url", "http://127.0.0.1:2",
                "microenv.gateway.audit-url", "http://127.0.0.1:3",
                "microenv.gateway.revocation.bootstrap-servers", "127.0.0.1:1",
                "microenv.gateway.token-cache.max-entries", "100"));
        values.putAll(overrides);
        return new io.smallrye.config.SmallRyeConfigBuilder()
                .withMapping(GatewayConfig.class)
                .withConverter(Duration.class, 100, new io.quarkus.runtime.configuration.DurationConverter())
                .withSources(new io.smallrye.config.PropertiesConfigSource(values, "test", 500))
                .build()
                .getConfigMapping(GatewayConfig.class);
    }
}
