package com.microenv.secrets.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class VariableVersionRepository implements PanacheRepositoryBase<VariableVersion, UUID> {

    /** The highest version ever written for a name (0 when none), so a re-created variable never reuses one. */
    public Uni<Long> highestVersion(UUID projectId, String environment, String name) {
        return getSession().flatMap(session -> session.createSelectionQuery("""
                        select coalesce(max(v.version), 0) from VariableVersion v
                        where v.projectId = :projectId and v.environment = :environment and v.name = :name""",
                        Long.class)
                .setParameter("projectId", projectId)
                .setParameter("environment", environment)
                .setParameter("name", name)
                .getSingleResult());
    }

    /** Every version of a name, newest first. */
    public Uni<List<VariableVersion>> listByName(UUID projectId, String environment, String name) {
        return list("projectId = ?1 and environment = ?2 and name = ?3", Sort.descending("version"),
                projectId, environment, name);
    }

    public Uni<VariableVersion> findVersion(UUID projectId, String environment, String name, long version) {
        return find("projectId = ?1 and environment = ?2 and name = ?3 and version = ?4",
                projectId, environment, name, version).firstResult();
    }

    /** Marks the version that was current when the variable was deleted. */
    public Uni<Integer> markDeleted(UUID projectId, String environment, String name, long version, Instant at,
                                    String by) {
        return update("deletedAt = ?1, deletedBy = ?2 where projectId = ?3 and environment = ?4 and name = ?5 "
                + "and version = ?6", at, by, projectId, environment, name, version);
    }

    /** Every version of an environment (for re-sealing on rename). */
    public Uni<List<VariableVersion>> listByEnvironment(UUID projectId, String environment) {
        return list("projectId = ?1 and environment = ?2", projectId, environment);
    }
}
