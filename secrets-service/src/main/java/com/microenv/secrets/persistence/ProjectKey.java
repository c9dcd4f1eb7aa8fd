package com.microenv.secrets.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A project's data key, wrapped by the key-encryption key {@link #kekId}. */
@Entity
@Table(name = "project_keys")
public class ProjectKey {

    @Id
    @Column(name = "project_id")
    public UUID projectId;

    @Column(name = "wrapped_dek", nullable = false)
    public byte[] wrappedDek;

    @Column(name = "kek_id", nullable = false)
    public String kekId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
