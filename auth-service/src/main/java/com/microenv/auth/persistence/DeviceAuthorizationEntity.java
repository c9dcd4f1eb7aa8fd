package com.microenv.auth.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A row of {@code device_authorizations}: one RFC 8628 login, from request to the token's single delivery. */
@Entity
@Table(name = "device_authorizations")
public class DeviceAuthorizationEntity {

    public static final String PENDING = "pending";
    public static final String APPROVED = "approved";
    public static final String DENIED = "denied";
    public static final String CONSUMED = "consumed";

    /** SHA-256 (hex) of the device code; the code itself is only ever in the device's hands. */
    @Id
    @Column(name = "device_code_hash")
    public String deviceCodeHash;

    /** 8 letters, normalised (no dash). */
    @Column(name = "user_code", nullable = false, unique = true)
    public String userCode;

    @Column(name = "client_name")
    public String clientName;

    @Column(name = "client_ip")
    public String clientIp;

    @Column(name = "user_agent")
    public String userAgent;

    @Column(name = "token_lifetime_s", nullable = false)
    public long tokenLifetimeSeconds;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "interval_s", nullable = false)
    public int intervalSeconds;

    @Column(name = "last_polled_at")
    public Instant lastPolledAt;

    @Column(nullable = false)
    public String status;

    @Column(name = "user_id")
    public String userId;

    @Column(name = "decided_at")
    public Instant decidedAt;

    @Column(name = "cli_token_id")
    public String cliTokenId;
}
