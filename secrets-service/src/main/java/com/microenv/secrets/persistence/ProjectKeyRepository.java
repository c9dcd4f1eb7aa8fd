package com.microenv.secrets.persistence;

import com.microenv.secrets.crypto.WrappedKey;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.UUID;

@ApplicationScoped
public class ProjectKeyRepository implements PanacheRepositoryBase<ProjectKey, UUID> {

    /**
     * Stores a project's wrapped data key unless the project already has one. Concurrent first uses of a project
     * race here; exactly one wins and the others wait for it and then insert nothing.
     *
     * @return true when this call created the key
     */
    public Uni<Boolean> insertIfAbsent(UUID projectId, WrappedKey key, Instant createdAt) {
        return getSession().flatMap(session -> session.createNativeQuery("""
                        INSERT INTO project_keys (project_id, wrapped_dek, kek_id, created_at)
                        VALUES (:projectId, :wrappedDek, :kekId, :createdAt)
                        ON CONFLICT (project_id) DO NOTHING""")
                .setParameter("projectId", projectId)
                .setParameter("wrappedDek", key.ciphertext())
                .setParameter("kekId", key.kekId())
                .setParameter("createdAt", createdAt)
                .executeUpdate())
                .map(inserted -> inserted == 1);
    }
}
