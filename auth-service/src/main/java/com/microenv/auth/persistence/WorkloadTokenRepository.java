package com.microenv.auth.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;

/** Workload tokens, looked up by the SHA-256 of the presented token. */
@ApplicationScoped
public class WorkloadTokenRepository implements PanacheRepositoryBase<WorkloadTokenEntity, String> {

    public Uni<WorkloadTokenEntity> findByHash(String tokenHash) {
        return find("tokenHash", tokenHash).firstResult();
    }

    /** The trust's tokens that are neither revoked nor expired. */
    public Uni<List<WorkloadTokenEntity>> listLive(String trustId, Instant now) {
        return list("trustId = ?1 and revokedAt is null and expiresAt > ?2", trustId, now);
    }
}
