package com.microenv.auth.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Project memberships. */
@ApplicationScoped
public class MembershipRepository implements PanacheRepositoryBase<MembershipEntity, MembershipEntity.Key> {

    /** The user's role in the project; empty when not a member (or no such project). */
    public Uni<Optional<Role>> findRole(UUID projectId, String userId) {
        return findById(new MembershipEntity.Key(projectId, userId))
                .map(membership -> Optional.ofNullable(membership).map(m -> m.role));
    }

    public Uni<MembershipEntity> find(UUID projectId, String userId) {
        return findById(new MembershipEntity.Key(projectId, userId));
    }

    public Uni<List<MembershipEntity>> listByProject(UUID projectId) {
        return list("projectId", Sort.ascending("createdAt").and("userId"), projectId);
    }

    public Uni<List<MembershipEntity>> listByUser(String userId) {
        return list("userId", Sort.ascending("createdAt"), userId);
    }

    public Uni<Long> countOwners(UUID projectId) {
        return count("projectId = ?1 and role = ?2", projectId, Role.owner);
    }
}
