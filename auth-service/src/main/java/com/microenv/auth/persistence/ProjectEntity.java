package com.microenv.auth.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A row of {@code projects}. */
@Entity
@Table(name = "projects")
public class ProjectEntity {

    @Id
    public UUID id;

    @Column(nullable = false, length = 100)
    public String name;

    /** Keycloak user id of the creator. */
    @Column(name = "owner_id", nullable = false)
    public String ownerId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
