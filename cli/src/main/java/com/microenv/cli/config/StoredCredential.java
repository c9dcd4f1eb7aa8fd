package com.microenv.cli.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * A CLI token kept in the credential store for one API URL, with what {@code microenv login} learns about it.
 *
 * @param token     the {@code menv_ct_…} token (or an API key saved by hand)
 * @param tokenId   the token's id at auth-service, for {@code logout}/revocation; may be null
 * @param user      who logged in (email), for display; may be null
 * @param expiresAt ISO-8601 instant after which the token is useless; null when unknown
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StoredCredential(String token, String tokenId, String user, String expiresAt) {

    /** The expiry, when one is recorded and readable. */
    public Optional<Instant> expiry() {
        if (expiresAt == null || expiresAt.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(expiresAt));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return "StoredCredential[token=" + Credential.mask(token) + ", tokenId=" + tokenId + ", user=" + user
                + ", expiresAt=" + expiresAt + "]";
    }
}
