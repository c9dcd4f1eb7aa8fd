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

    /** Keys a member created in a project that are not revoked yet. */
    public Uni<List<ApiKeyEntity>> listUnrevokedByCreator(UUID projectId, String createdBy) {
        return list("projectId = ?1 and createdBy = ?2 and revokedAt is null", projectId, createdBy);
    }

    public Uni<List<String>> idsOfProject(UUID projectId) {
        return find("select id from ApiKeyEntity where projectId = ?1", projectId).project(String.class).list();
    }

    /** Records use at {@code now} (and the client IP) unless it was recorded less than a minute ago. */
    public Uni<Integer> touchLastUsed(String id, Instant now, String clientIp) {
        return update("lastUsedAt = ?1, lastClientIp = ?2 where id = ?3 and (lastUsedAt is null or lastUsedAt < ?4)",
                now, clientIp, id, now.minus(LAST_USED_RESOLUTION));
    }
}
