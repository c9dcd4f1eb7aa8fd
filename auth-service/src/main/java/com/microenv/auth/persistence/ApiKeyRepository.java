package com.microenv.auth.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** API keys, looked up by the SHA-256 of the presented key. */
@ApplicationScoped
public class ApiKeyRepository implements PanacheRepositoryBase<ApiKeyEntity, String> {

    /** last_used_at is advisory: write it at most this often per key, so hot keys cost no write per exchange. */
    private static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

    public Uni<ApiKeyEntity> findByHash(String keyHash) {
        return find("keyHash", keyHash).firstResult();
    }

    public Uni<List<ApiKeyEntity>> listByProject(UUID projectId) {
        return list("projectId", Sort.descending("createdAt").and("id"), projectId);
    }

    /** Records use at {@code now} unless it was recorded less than a minute ago. */
    public Uni<Integer> touchLastUsed(String id, Instant now) {
        return update("lastUsedAt = ?1 where id = ?2 and (lastUsedAt is null or lastUsedAt < ?3)",
                now, id, now.minus(LAST_USED_RESOLUTION));
    }
}
