package com.microenv.auth.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * An event on {@code microenv.credentials.v1} (docs/contracts.md, "Credential events"): gateways evict cached
 * exchanges on it, secrets-service shreds a deleted project's key. Never carries a secret.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"id", "type", "time", "projectId", "userId", "credentialIds", "reason"})
public record CredentialEvent(String id, String type, String time, String projectId, String userId,
                              List<String> credentialIds, String reason) {

    public static final String TOPIC = "microenv.credentials.v1";

    public static final String CREDENTIAL_REVOKED = "credential.revoked";
    public static final String MEMBER_CHANGED = "member.changed";
    public static final String PROJECT_DELETED = "project.deleted";

    public static final String REASON_REVOKED = "revoked";
    public static final String REASON_ROTATED_OUT = "rotated_out";
    public static final String REASON_EXPIRED = "expired";
    public static final String REASON_LOGOUT = "logout";
    public static final String REASON_REMOVED = "removed";
    public static final String REASON_ROLE_CHANGED = "role_changed";

    private static CredentialEvent of(String type, String projectId, String userId, List<String> credentialIds, String reason) {
        return new CredentialEvent(UUID.randomUUID().toString(), type,
                Instant.now().truncatedTo(ChronoUnit.MILLIS).toString(), projectId, userId,
                credentialIds == null ? null : List.copyOf(credentialIds), reason);
    }

    public static CredentialEvent revoked(List<String> credentialIds, String projectId, String userId, String reason) {
        return of(CREDENTIAL_REVOKED, projectId, userId, credentialIds, reason);
    }

    public static CredentialEvent memberChanged(String projectId, String userId, String reason) {
        return of(MEMBER_CHANGED, projectId, userId, null, reason);
    }

    public static CredentialEvent projectDeleted(String projectId) {
        return of(PROJECT_DELETED, projectId, null, null, null);
    }

    /** The record key: the project, else the user, else the first credential. */
    public String recordKey() {
        if (projectId != null) {
            return projectId;
        }
        if (userId != null) {
            return userId;
        }
        return credentialIds == null || credentialIds.isEmpty() ? null : credentialIds.get(0);
    }
}
