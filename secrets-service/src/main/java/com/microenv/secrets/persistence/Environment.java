package com.microenv.secrets.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A named environment of a project (development, staging, production, ...). */
@Entity
@Table(name = "environments")
public class Environment {

    @Id
    public UUID id;

    @Column(name = "project_id", nullable = false)
    public UUID projectId;

    @Column(nullable = false)
    public String name;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** Writes to a protected environment need the {@code admin} permission besides {@code write}. */
    @Column(name = "protected", nullable = false)
    public boolean isProtected;

    public static Environment create(UUID projectId, String name, Instant createdAt) {
        Environment environment = new Environment();
        environment.id = UUID.randomUUID();
        environment.projectId = projectId;
        environment.name = name;
        environment.createdAt = createdAt;
        return environment;
    }
}
