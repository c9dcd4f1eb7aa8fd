package com.microenv.auth.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A row of {@code cli_tokens}: a user's CLI session. The token itself is stored only as its SHA-256. */
@Entity
@Table(name = "cli_tokens")
public class CliTokenEntity {

    /** {@code ct_} + 20 base62 characters; not secret. */
    @Id
    public String id;

    @Column(name = "user_id", nullable = false)
    public String userId;

    @Column(name = "token_hash", nullable = false, unique = true, length = 64)
    public String tokenHash;

    @Column(nullable = false)
    public String prefix;

    @Column(nullable = false)
    public String suffix;

    @Column(name = "client_name")
    public String clientName;

    @Column(name = "created_ip")
    public String createdIp;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    @Column(name = "last_used_at")
    public Instant lastUsedAt;

    @Column(name = "last_client_ip")
    public String lastClientIp;

    public boolean isExpiredAt(Instant now) {
        return !expiresAt.isAfter(now);
    }
}
