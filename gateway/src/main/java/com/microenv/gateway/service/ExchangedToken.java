package com.microenv.gateway.service;

import java.time.Instant;

/**
 * An internal JWT that auth-service issued for one credential and project.
 *
 * @param token        the JWT, forwarded upstream as {@code Authorization: Bearer}; never logged
 * @param credentialId the credential's id ({@code key_…}, a CLI token id or {@code kc:…}), used to evict on revocation
 * @param expiresAt    when the JWT stops being accepted (its {@code exp}, or the exchange's {@code expiresIn} if sooner)
 */
public record ExchangedToken(String token, String credentialId, Instant expiresAt) {

    @Override
    public String toString() {
        return "ExchangedToken[credentialId=" + credentialId + ", expiresAt=" + expiresAt + "]";
    }
}
