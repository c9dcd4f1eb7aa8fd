package com.microenv.secrets.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class EnvironmentRepository implements PanacheRepositoryBase<Environment, UUID> {

    public Uni<List<Environment>> listByProject(UUID projectId) {
        return list("projectId", Sort.by("name"), projectId);
    }

    public Uni<Boolean> exists(UUID projectId, String name) {
        return count("projectId = ?1 and name = ?2", projectId, name).map(count -> count > 0);
    }
}
