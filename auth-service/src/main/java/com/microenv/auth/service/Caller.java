package com.microenv.auth.service;

import com.microenv.auth.crypto.InternalClaims;
import jakarta.json.JsonString;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * Who calls the public API, as the internal JWT (already verified) says.
 *
 * @param subject        Keycloak user id or API key id
 * @param credentialId   the credential's id
 * @param credentialKind {@code user}, {@code api_key} or {@code cli_token}
 * @param projectId      the project the token is scoped to, or null
 * @param permissions    the token's permissions in that project
 * @param actorName      display name for audit events
 */
public record Caller(String subject, String credentialId, String credentialKind, String projectId,
                     List<String> permissions, String actorName) {

    public static Caller from(JsonWebToken jwt) {
        return new Caller(jwt.getSubject(),
                jwt.getClaim(InternalClaims.CREDENTIAL_ID),
                jwt.getClaim(InternalClaims.CREDENTIAL_KIND),
                jwt.getClaim(InternalClaims.PROJECT),
                stringList(jwt.getClaim(InternalClaims.PERMISSIONS)),
                jwt.getClaim(InternalClaims.ACTOR_NAME));
    }

    public boolean isUser() {
        return InternalClaims.KIND_USER.equals(credentialKind);
    }

    /** Fails with 403 unless the token is scoped to {@code project}. */
    public void requireProject(UUID project) {
        if (projectId == null || !projectId.equals(project.toString())) {
            throw ServiceException.forbidden("The credential is not scoped to project " + project);
        }
    }

    /** Fails with 403 unless the token is scoped to {@code project} and grants {@code permission}. */
    public void require(UUID project, String permission) {
        requireProject(project);
        if (!permissions.contains(permission)) {
            throw ServiceException.forbidden("The credential lacks the '" + permission + "' permission on project " + project);
        }
    }

    private static List<String> stringList(Object claim) {
        if (claim instanceof Collection<?> values) {
            return values.stream().map(value -> value instanceof JsonString s ? s.getString() : String.valueOf(value)).toList();
        }
        return List.of();
    }
}
