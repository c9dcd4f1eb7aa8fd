package com.microenv.auth.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

/** Pending invitations. */
@ApplicationScoped
public class InvitationRepository implements PanacheRepositoryBase<InvitationEntity, InvitationEntity.Key> {

    public Uni<List<InvitationEntity>> listByProject(UUID projectId) {
        return list("projectId", Sort.ascending("createdAt"), projectId);
    }

    public Uni<List<InvitationEntity>> listByEmail(String email) {
        return list("email", email);
    }
}
