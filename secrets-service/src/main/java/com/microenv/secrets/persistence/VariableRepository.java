package com.microenv.secrets.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class VariableRepository implements PanacheRepositoryBase<Variable, UUID> {

    public Uni<List<Variable>> listByEnvironment(UUID projectId, String environment) {
        return list("projectId = ?1 and environment = ?2", Sort.by("name"), projectId, environment);
    }

    public Uni<Variable> findByName(UUID projectId, String environment, String name) {
        return find("projectId = ?1 and environment = ?2 and name = ?3", projectId, environment, name).firstResult();
    }

    /**
     * Serialises every change of one name (create, update, delete, rollback) until the transaction ends, including
     * the first create, when there is no row yet to lock: a transaction-scoped advisory lock on the name's
     * coordinates. Hash collisions only make two unrelated names take turns.
     */
    public Uni<Void> lockName(UUID projectId, String environment, String name) {
        return getSession().flatMap(session -> session.createNativeQuery("""
                        SELECT count(*) FROM (SELECT pg_advisory_xact_lock(hashtext(:project), hashtext(:variable))) l""",
                        Long.class)
                .setParameter("project", projectId.toString())
                .setParameter("variable", environment + "/" + name)
                .getSingleResult())
                .replaceWithVoid();
    }

    /** The current row, locked until the transaction ends. */
    public Uni<Variable> findByNameForUpdate(UUID projectId, String environment, String name) {
        return find("projectId = ?1 and environment = ?2 and name = ?3", projectId, environment, name)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResult();
    }
}
