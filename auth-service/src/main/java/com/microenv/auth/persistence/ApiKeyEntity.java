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

    /** Canonical CIDRs the key may be used from; null or empty = any address. */
    @Convert(converter = StringListConverter.class)
    @Column(name = "allowed_cidrs")
    public List<String> allowedCidrs;

    @Column(name = "last_client_ip")
    public String lastClientIp;

    /** The key that replaced this one by rotation. */
    @Column(name = "rotated_to")
    public String rotatedTo;

    /** End of the rotation grace period: from then on the key is "rotated out". */
    @Column(name = "rotated_out_at")
    public Instant rotatedOutAt;

    /** When the credential event for its expiry or rotation end was written (once). */
    @Column(name = "end_published_at")
    public Instant endPublishedAt;

    /** Usable now: neither revoked, nor rotated out, nor expired. */
    public boolean isUsableAt(Instant now) {
        return revokedAt == null && !isRotatedOutAt(now) && !isExpiredAt(now);
    }

    public boolean isRotatedOutAt(Instant now) {
        return rotatedOutAt != null && !rotatedOutAt.isAfter(now);
    }

    public boolean isExpiredAt(Instant now) {
        return expiresAt != null && !expiresAt.isAfter(now);
    }

    public boolean hasCidrs() {
        return allowedCidrs != null && !allowedCidrs.isEmpty();
    }

    /** {@code active}, {@code rotating} (replaced, in its grace period), {@code rotated_out}, {@code expired} or {@code revoked}. */
    public String statusAt(Instant now) {
        if (revokedAt != null) {
            return "revoked";
        }
        if (isRotatedOutAt(now)) {
            return "rotated_out";
        }
        if (isExpiredAt(now)) {
            return "expired";
        }
        return rotatedOutAt != null ? "rotating" : "active";
    }
}
