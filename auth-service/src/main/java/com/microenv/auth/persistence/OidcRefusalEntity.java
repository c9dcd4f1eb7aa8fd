package com.microenv.auth.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A row of {@code oidc_refusals}: a login refused by a trust, with the rule that failed (never the token). */
@Entity
@Table(name = "oidc_refusals")
public class OidcRefusalEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "trust_id", nullable = false)
    public String trustId;

    @Column(nullable = false)
    public Instant at;

    /** The rule that failed: {@code issuer}, {@code signature}, {@code expired}, {@code claim:<name>} … */
    @Column(nullable = false)
    public String reason;

    /** What the admin needs to fix it (expected and seen values of the failed rule). */
    @Column(nullable = false)
    public String detail;

    @Column(name = "client_ip")
    public String clientIp;

    @Column(name = "request_id")
    public String requestId;
}
