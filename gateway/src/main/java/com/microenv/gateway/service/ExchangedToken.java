package com.microenv.gateway.service;

import java.time.Instant;
import java.util.Optional;

/**
 * An internal JWT that auth-service issued for one credential and project.
 *
 * @param token        the JWT, forwarded upstream as {@code Authorization: Bearer}; never logged
 * @param credentialId the credential's id ({@code key_…}, a CLI token id or {@code kc:…}), used to evict on revocation
 * @param subject      the JWT's {@code sub}: the user id, or the API key id; used to evict on a member change
 * @param allowedCidrs the key's client-IP allowlist, re-checked on every reuse; empty when the key has none
 * @param expiresAt    when the JWT stops being accepted (its {@code exp}, or the exchange's {@code expiresIn} if sooner)
 * @param exchangedAt  when auth-service answered, for the bound on cache age while the revocation stream is down
 */
public record ExchangedToken(String token, String credentialId, String subject, Optional<IpRanges> allowedCidrs,
                             Instant expiresAt, Instant exchangedAt) {

    public ExchangedToken(String token, String credentialId, Instant expiresAt) {
        this(token, credentialId, null, Optional.empty(), expiresAt, Instant.now());
    }

    /** Whether a request from {@code clientIp} may use this token. */
    public boolean allows(String clientIp) {
        return allowedCidrs.map(ranges -> ranges.contains(clientIp)).orElse(true);
    }

    @Override
    public String toString() {
        return "ExchangedToken[credentialId=" + credentialId + ", subject=" + subject + ", allowedCidrs="
                + allowedCidrs.map(IpRanges::toString).orElse("any") + ", expiresAt=" + expiresAt + "]";
    }
}
