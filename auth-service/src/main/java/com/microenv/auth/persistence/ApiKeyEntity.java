package com.microenv.auth.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A row of {@code api_keys}. The key itself is never stored: only the SHA-256 of the full string. */
@Entity
@Table(name = "api_keys")
public class ApiKeyEntity {

    /** {@code key_} + 20 base62 characters; not secret (it is the actor in audit events). */
    @Id
    public String id;

    @Column(name = "project_id", nullable = false)
    public UUID projectId;

    @Column(nullable = false, length = 100)
    public String name;

    /** Lower-case hex SHA-256 of the full key string. */
    @Column(name = "key_hash", nullable = false, unique = true, length = 64)
    public String keyHash;

    @Column(nullable = false)
    public String prefix;

    @Column(nullable = false)
    public String suffix;

    @Convert(converter = StringListConverter.class)
    @Column(nullable = false)
    public List<String> permissions;

    @Convert(converter = StringListConverter.class)
    @Column(nullable = false)
    public List<String> environments;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    @Column(name = "last_used_at")
    public Instant lastUsedAt;

    /** Usable now: neither revoked nor expired. */
    public boolean isUsableAt(Instant now) {
        return revokedAt == null && (expiresAt == null || expiresAt.isAfter(now));
    }
}
