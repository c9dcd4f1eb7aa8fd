package com.microenv.audit.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.microenv.audit.chain.ChainVerification;

/**
 * The result of recomputing a project's hash chain.
 *
 * @param projectId the project
 * @param valid     whether every stored event links correctly to the one before
 * @param events    events checked (up to and including the first broken one)
 * @param headHash  hex SHA-256 of the newest link, when valid and not empty
 * @param brokenAt  seq of the first event that does not check out, when invalid
 * @param reason    why it does not: {@code prev-hash-mismatch} (a row before it is missing, added or reordered),
 *                  {@code hash-mismatch} (its event or hash was edited), {@code columns-mismatch} (its filter
 *                  columns were edited) or {@code unreadable-event}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChainVerificationResponse(
        String projectId, boolean valid, long events, String headHash, Long brokenAt, String reason) {

    static ChainVerificationResponse of(String projectId, ChainVerification verification) {
        return new ChainVerificationResponse(projectId, verification.valid(), verification.events(),
                verification.headHash(), verification.brokenAt(), verification.reason());
    }
}
