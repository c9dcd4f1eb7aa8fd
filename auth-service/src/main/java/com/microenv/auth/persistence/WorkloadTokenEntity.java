package com.microenv.auth.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A row of {@code workload_tokens}: a short-lived token a trust login issued. The token itself is stored only as
 * its SHA-256; its scope is the trust's at login (a trust change revokes the live tokens rather than changing them).
 */
@Entity
@Table(name = "workload_tokens")
public class WorkloadTokenEntity {

    /** {@code wt_} + 20 base62 characters; not secret. */
    @Id
    public String id;

    @Column(name = "trust_id", nullable = false)
    public String trustId;

    @Column(name = "project_id", nullable = false)
    public UUID projectId;

    @Column(name = "token_hash", nullable = false, unique = true, length = 64)
    public String tokenHash;

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

    /** The outside token's {@code sub}. */
    public String subject;

    @Column(name = "created_ip")
    public String createdIp;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    public boolean isExpiredAt(Instant now) {
        return !expiresAt.isAfter(now);
    }
}
