package com.microenv.gateway.service;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.microenv.gateway.config.GatewayConfig;
import com.microenv.gateway.credentials.Credential;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Exchanged internal JWTs, keyed by SHA-256 of the credential and the project (never by the credential itself),
 * each kept until {@code expiry-margin} before its own expiry, bounded in size. Concurrent misses for one key share
 * a single exchange; a failed exchange is not remembered.
 */
@ApplicationScoped
public class TokenCache {

    private final AsyncCache<Key, ExchangedToken> cache;

    public TokenCache(GatewayConfig config) {
        Duration margin = config.tokenCache().expiryMargin();
        this.cache = Caffeine.newBuilder()
                .maximumSize(config.tokenCache().maxEntries())
                .expireAfter(new UntilShortlyBeforeExpiry(margin))
                .buildAsync();
    }

    /** The cached token for this credential and project, or the one {@code exchange} produces. */
    public Uni<ExchangedToken> get(Credential credential, Optional<String> projectId, Supplier<Uni<ExchangedToken>> exchange) {
        Key key = new Key(credential.fingerprint(), projectId.orElse(""));
        CompletableFuture<ExchangedToken> shared =
                cache.get(key, (k, executor) -> exchange.get().subscribeAsCompletionStage());
        // A copy, so that one caller giving up (client gone) does not cancel the exchange the others wait for.
        return Uni.createFrom().completionStage(shared.copy());
    }

    /**
     * Drops every cached token of the credential with this id. The seam for revocation events
     * ({@code microenv.credentials.v1}), which name credentials by id.
     */
    public void evictCredential(String credentialId) {
        cache.synchronous().asMap().values().removeIf(token -> credentialId.equals(token.credentialId()));
    }

    /** Drops every cached token of the credential with this SHA-256 fingerprint. */
    public void evictFingerprint(String fingerprint) {
        cache.synchronous().asMap().keySet().removeIf(key -> key.credentialFingerprint().equals(fingerprint));
    }

    /** Number of tokens currently cached (approximate, for health and tests). */
    public long size() {
        return cache.synchronous().estimatedSize();
    }

    record Key(String credentialFingerprint, String projectId) {
    }

    private record UntilShortlyBeforeExpiry(Duration margin) implements Expiry<Key, ExchangedToken> {

        @Override
        public long expireAfterCreate(Key key, ExchangedToken token, long currentTime) {
            Duration left = Duration.between(Instant.now(), token.expiresAt().minus(margin));
            return left.isNegative() ? 0 : left.toNanos();
        }

        @Override
        public long expireAfterUpdate(Key key, ExchangedToken token, long currentTime, long currentDuration) {
            return expireAfterCreate(key, token, currentTime);
        }

        @Override
        public long expireAfterRead(Key key, ExchangedToken token, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
