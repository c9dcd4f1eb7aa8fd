package com.microenv.auth.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A row of {@code oidc_trusts}: a project's trust in an outside OIDC issuer (no secret in it). */
@Entity
@Table(name = "oidc_trusts")
public class OidcTrustEntity {

    /** {@code trust_} + 20 base62 characters. */
    @Id
    public String id;

    @Column(name = "project_id", nullable = false)
    public UUID projectId;

    @Column(nullable = false, length = 100)
    public String name;

    /** {@code github-actions}, {@code gitlab-ci}, {@code kubernetes}, or null. */
    public String preset;

    @Column(nullable = false)
    public String issuer;

    @Column(nullable = false)
    public String audience;

    /** Claim name → rule (exact value, or a glob where {@code *} matches any run of characters); all must match. */
    @Convert(converter = ClaimRulesConverter.class)
    @Column(nullable = false)
    public Map<String, String> claims;

    @Convert(converter = StringListConverter.class)
    @Column(nullable = false)
    public List<String> permissions;

    @Convert(converter = StringListConverter.class)
    @Column(nullable = false)
    public List<String> environments;

    @Column(name = "token_lifetime_s", nullable = false)
    public int tokenLifetimeSeconds;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "deleted_at")
    public Instant deletedAt;

    public boolean isDeleted() {
        return deletedAt != null;
    }
}
