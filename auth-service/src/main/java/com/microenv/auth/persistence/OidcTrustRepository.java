package com.microenv.auth.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

/** OIDC trusts of projects. */
@ApplicationScoped
public class OidcTrustRepository implements PanacheRepositoryBase<OidcTrustEntity, String> {

    /** The project's trusts that are not deleted, newest first. */
    public Uni<List<OidcTrustEntity>> listLive(UUID projectId) {
        return list("projectId = ?1 and deletedAt is null", Sort.descending("createdAt").and("id"), projectId);
    }
}
