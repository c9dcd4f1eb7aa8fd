package com.microenv.auth.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.List;

/** Users recorded from their Keycloak tokens. */
@ApplicationScoped
public class UserRepository implements PanacheRepositoryBase<UserEntity, String> {

    /** The user with this verified email (lower case), if any. */
    public Uni<UserEntity> findVerifiedByEmail(String email) {
        return find("email = ?1 and emailVerified = true", email).firstResult();
    }

    public Uni<List<UserEntity>> findByIds(Collection<String> ids) {
        return ids.isEmpty() ? Uni.createFrom().item(List.of()) : list("id in ?1", ids);
    }
}
