package com.microenv.secrets.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

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
}
