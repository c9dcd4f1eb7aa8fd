package com.microenv.auth.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** A row of {@code invitations}: a role waiting for the first verified sign-in of an email. */
@Entity
@Table(name = "invitations")
@IdClass(InvitationEntity.Key.class)
public class InvitationEntity {

    @Id
    @Column(name = "project_id")
    public UUID projectId;

    /** Lower case. */
    @Id
    public String email;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    public Role role;

    @Column(name = "invited_by", nullable = false)
    public String invitedBy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** The composite primary key. */
    public static class Key implements Serializable {
        public UUID projectId;
        public String email;

        public Key() {
        }

        public Key(UUID projectId, String email) {
            this.projectId = projectId;
            this.email = email;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key other && Objects.equals(projectId, other.projectId) && Objects.equals(email, other.email);
        }

        @Override
        public int hashCode() {
            return Objects.hash(projectId, email);
        }
    }
}
