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

    /** The current row, locked until the transaction ends, so concurrent writers of one variable take turns. */
    public Uni<Variable> findByNameForUpdate(UUID projectId, String environment, String name) {
        return find("projectId = ?1 and environment = ?2 and name = ?3", projectId, environment, name)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResult();
    }
}
