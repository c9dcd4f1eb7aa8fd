package com.microenv.auth.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;

/** A row of {@code users}: a Keycloak user as last seen in one of their tokens. */
@Entity
@Table(name = "users")
public class UserEntity {

    /** Keycloak user id ({@code sub}). */
    @Id
    public String id;

    /** Lower case; may be null when the token carried none. */
    public String email;

    @Column(name = "email_verified", nullable = false)
    public boolean emailVerified;

    public String name;

    /**
     * The platform roles ({@code microenv-operator}) auth-service last saw in the user's Keycloak token; their CLI
     * tokens carry these as the JWT's {@code groups}.
     */
    @Convert(converter = StringListConverter.class)
    @Column(name = "platform_roles", nullable = false)
    public List<String> platformRoles = List.of();

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** The email, or the id when there is none: how the user is shown. */
    public String displayName() {
        return email != null ? email : id;
    }
}
