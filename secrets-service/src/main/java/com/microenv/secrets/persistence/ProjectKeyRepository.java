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

    /** Whether the project was crypto-shredded (its key destroyed after auth-service deleted it). */
    public Uni<Boolean> isShredded(UUID projectId) {
        return getSession().flatMap(session -> session.createNativeQuery(
                        "SELECT count(*) FROM shredded_projects WHERE project_id = :projectId", Long.class)
                .setParameter("projectId", projectId)
                .getSingleResult())
                .map(count -> count > 0);
    }

    /**
     * Destroys a project's data key, and with it (foreign keys, ON DELETE CASCADE) its environments, values and
     * history, and remembers the project as shredded. The key bytes are overwritten before the row is deleted.
     *
     * @return true when this call destroyed a key
     */
    public Uni<Boolean> shred(UUID projectId, String eventId, Instant at) {
        return getSession().flatMap(session -> session.createNativeQuery("""
                                INSERT INTO shredded_projects (project_id, shredded_at, event_id)
                                VALUES (:projectId, :at, :eventId) ON CONFLICT (project_id) DO NOTHING""")
                        .setParameter("projectId", projectId)
                        .setParameter("at", at)
                        .setParameter("eventId", eventId)
                        .executeUpdate()
                .flatMap(ignored -> session.createNativeQuery(
                                "UPDATE project_keys SET wrapped_dek = decode(repeat('00', 60), 'hex') WHERE project_id = :projectId")
                        .setParameter("projectId", projectId)
                        .executeUpdate())
                .flatMap(ignored -> session.createNativeQuery("DELETE FROM project_keys WHERE project_id = :projectId")
                        .setParameter("projectId", projectId)
                        .executeUpdate()))
                .map(deleted -> deleted > 0);
    }

    /**
     * Up to {@code limit} keys wrapped by one of {@code from} (KEKs the provider still holds) rather than by
     * {@code kekId}, locked; rows another rotator holds are skipped.
     */
    public Uni<java.util.List<ProjectKey>> lockNotWrappedBy(String kekId, java.util.Collection<String> from, int limit) {
        return getSession().flatMap(session -> session.createNativeQuery("""
                        SELECT * FROM project_keys WHERE kek_id <> :kekId AND kek_id IN (:from) ORDER BY project_id
                        LIMIT :limit FOR UPDATE SKIP LOCKED""", ProjectKey.class)
                .setParameter("kekId", kekId)
                .setParameter("from", from)
                .setParameter("limit", limit)
                .getResultList());
    }

    /** How many data keys each KEK wraps. */
    public Uni<java.util.Map<String, Long>> countByKek() {
        return getSession().flatMap(session -> session.createSelectionQuery(
                        "select k.kekId, count(k) from ProjectKey k group by k.kekId", Object[].class)
                .getResultList())
                .map(rows -> {
                    java.util.Map<String, Long> counts = new java.util.TreeMap<>();
                    for (Object[] row : rows) {
                        counts.put((String) row[0], (Long) row[1]);
                    }
                    return counts;
                });
    }
}
