package com.microenv.gateway.service;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.microenv.gateway.config.GatewayConfig;
import com.microenv.gateway.credentials.Credential;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Exchanged internal JWTs, keyed by SHA-256 of the credential and the project (never by the credential itself),
 * each kept until {@code expiry-margin} before its own expiry, bounded in size. Concurrent misses for one key share
 * a single exchange; a failed exchange is not remembered.
 * <p>
 * Revocation: credential events evict by credential id, by user and project, or by project. An exchange that was
 * in flight while an event was applied is handed to its waiting requests but not kept. While the event stream is not
 * live, an exchange older than {@code revocation.fallback-max-age} is not reused.
 */
@ApplicationScoped
public class TokenCache {

    private final AsyncCache<Key, ExchangedToken> cache;
    private final BooleanSupplier streamLive;
    private final Duration fallbackMaxAge;
    private final AtomicLong evictions = new AtomicLong();
    private final GatewayMetrics metrics;

    @Inject
    public TokenCache(GatewayConfig config, com.microenv.gateway.events.StreamState stream, GatewayMetrics metrics) {
        this(config, stream::live, metrics);
    }

    TokenCache(GatewayConfig config, BooleanSupplier streamLive, GatewayMetrics metrics) {
        Duration margin = config.tokenCache().expiryMargin();
        this.streamLive = streamLive;
        this.metrics = metrics;
        this.fallbackMaxAge = config.revocation().fallbackMaxAge();
        this.cache = Caffeine.newBuilder()
                .maximumSize(config.tokenCache().maxEntries())
                .expireAfter(new UntilShortlyBeforeExpiry(margin))
                .buildAsync();
    }

    /** The cached token for this credential and project, or the one {@code exchange} produces. */
    public Uni<ExchangedToken> get(Credential credential, Optional<String> projectId, Supplier<Uni<ExchangedToken>> exchange) {
        Key key = new Key(credential.fingerprint(), projectId.orElse(""));
        CompletableFuture<ExchangedToken> present = cache.getIfPresent(key);
        if (present != null && present.isDone() && !present.isCompletedExceptionally() && !reusable(present.join())) {
            cache.asMap().remove(key, present);
        }
        long generation = evictions.get();
        boolean[] loaded = {false};
        CompletableFuture<ExchangedToken> shared = cache.get(key, (k, executor) -> {
            loaded[0] = true;
            return exchange.get().subscribeAsCompletionStage();
        });
        if (loaded[0]) {
            // Revocation raced with this exchange: the answer may predate it, so it must not be reused.
            shared.thenRun(() -> {
                if (evictions.get() != generation) {
                    cache.asMap().remove(key, shared);
                }
            });
        }
        if (metrics != null) {
            metrics.cache(!loaded[0]);
        }
        // A copy, so that one caller giving up (client gone) does not cancel the exchange the others wait for.
        return Uni.createFrom().completionStage(shared.copy());
    }

    private boolean reusable(ExchangedToken token) {
        return streamLive.getAsBoolean() || !token.exchangedAt().plus(fallbackMaxAge).isBefore(Instant.now());
    }

    /** Drops every cached token of the credentials with these ids; returns how many were dropped. */
    public long evictCredentials(Collection<String> credentialIds) {
        Set<String> ids = Set.copyOf(credentialIds);
        return evictWhere((key, token) -> token.credentialId() != null && ids.contains(token.credentialId()));
    }

    /** Drops one credential's cached tokens by id. */
    public void evictCredential(String credentialId) {
        evictCredentials(Set.of(credentialId));
    }

    /** Drops every cached token of user {@code userId} (any credential kind) for {@code projectId}. */
    public long evictUserInProject(String userId, String projectId) {
        return evictWhere((key, token) -> userId.equals(token.subject()) && key.projectId().equalsIgnoreCase(projectId));
    }

    /** Drops every cached token for {@code projectId}. */
    public long evictProject(String projectId) {
        return evictWhere((key, token) -> key.projectId().equalsIgnoreCase(projectId));
    }

    /** Drops every cached token of the credential with this SHA-256 fingerprint. */
    public void evictFingerprint(String fingerprint) {
        evictions.incrementAndGet();
        cache.synchronous().asMap().keySet().removeIf(key -> key.credentialFingerprint().equals(fingerprint));
    }

    private long evictWhere(EntryTest test) {
        evictions.incrementAndGet();
        long[] removed = {0};
        Predicate<java.util.Map.Entry<Key, ExchangedToken>> matches = entry -> {
            boolean hit = test.matches(entry.getKey(), entry.getValue());
            if (hit) {
                removed[0]++;
            }
            return hit;
        };
        cache.synchronous().asMap().entrySet().removeIf(matches);
        return removed[0];
    }

    /** Number of tokens currently cached (approximate, for health and tests). */
    public long size() {
        return cache.synchronous().estimatedSize();
    }

    private interface EntryTest {
        boolean matches(Key key, ExchangedToken token);
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
