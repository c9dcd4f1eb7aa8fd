package com.microenv.secrets.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class EnvironmentRepository implements PanacheRepositoryBase<Environment, UUID> {

    public Uni<List<Environment>> listByProject(UUID projectId) {
        return list("projectId", Sort.by("name"), projectId);
    }

    /** Creates an environment unless one of that name exists (concurrent creates: exactly one wins). */
    public Uni<Boolean> insertIfAbsent(UUID projectId, String name, boolean isProtected, Instant createdAt) {
        return getSession().flatMap(session -> session.createNativeQuery("""
                        INSERT INTO environments (id, project_id, name, created_at, protected)
                        VALUES (:id, :projectId, :name, :createdAt, :protected)
                        ON CONFLICT (project_id, name) DO NOTHING""")
                .setParameter("id", UUID.randomUUID())
                .setParameter("projectId", projectId)
                .setParameter("name", name)
                .setParameter("createdAt", createdAt)
                .setParameter("protected", isProtected)
                .executeUpdate())
                .map(inserted -> inserted == 1);
    }

    public Uni<Environment> findByName(UUID projectId, String name) {
        return find("projectId = ?1 and name = ?2", projectId, name).firstResult();
    }

    /**
     * The environment, share-locked until the transaction ends: variable writes hold this, so a rename or delete
     * (which locks it for update) waits for them and they wait for it.
     */
    public Uni<Environment> findForWrite(UUID projectId, String name) {
        return find("projectId = ?1 and name = ?2", projectId, name)
                .withLock(LockModeType.PESSIMISTIC_READ)
                .firstResult();
    }

    /** The environment, locked for update (rename, protect, delete). */
    public Uni<Environment> findForUpdate(UUID projectId, String name) {
        return find("projectId = ?1 and name = ?2", projectId, name)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResult();
    }
}
