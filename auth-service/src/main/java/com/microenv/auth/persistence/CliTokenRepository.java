package com.microenv.auth.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** CLI tokens, looked up by the SHA-256 of the presented token. */
@ApplicationScoped
public class CliTokenRepository implements PanacheRepositoryBase<CliTokenEntity, String> {

    private static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

    public Uni<CliTokenEntity> findByHash(String tokenHash) {
        return find("tokenHash", tokenHash).firstResult();
    }

    /** The user's tokens that are neither revoked nor expired, newest first. */
    public Uni<List<CliTokenEntity>> listActive(String userId, Instant now) {
        return list("userId = ?1 and revokedAt is null and expiresAt > ?2", Sort.descending("createdAt").and("id"), userId, now);
    }

    /** Records use (and the client IP) unless it was recorded less than a minute ago. */
    public Uni<Integer> touchLastUsed(String id, Instant now, String clientIp) {
        return update("lastUsedAt = ?1, lastClientIp = ?2 where id = ?3 and (lastUsedAt is null or lastUsedAt < ?4)",
                now, clientIp, id, now.minus(LAST_USED_RESOLUTION));
    }
}
