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
 * @param subject        Keycloak user id (users and CLI tokens) or API key id
 * @param credentialId   the credential's id
 * @param credentialKind {@code user}, {@code api_key} or {@code cli_token}
 * @param projectId      the project the token is scoped to, or null
 * @param permissions    the token's permissions in that project
 * @param environments   the environments the token may touch, or {@code ["*"]}
 * @param actorName      display name for audit events
 */
public record Caller(String subject, String credentialId, String credentialKind, String projectId,
                     List<String> permissions, List<String> environments, String actorName) {

    public static Caller from(JsonWebToken jwt) {
        return new Caller(jwt.getSubject(),
                jwt.getClaim(InternalClaims.CREDENTIAL_ID),
                jwt.getClaim(InternalClaims.CREDENTIAL_KIND),
                jwt.getClaim(InternalClaims.PROJECT),
                stringList(jwt.getClaim(InternalClaims.PERMISSIONS)),
                stringList(jwt.getClaim(InternalClaims.ENVIRONMENTS)),
                jwt.getClaim(InternalClaims.ACTOR_NAME));
    }

    /** A person signed in through Keycloak (dashboard session or a Keycloak token). */
    public boolean isUser() {
        return InternalClaims.KIND_USER.equals(credentialKind);
    }

    public boolean isCliToken() {
        return InternalClaims.KIND_CLI_TOKEN.equals(credentialKind);
    }

    /** A workload token from an OIDC trust login: {@link #subject()} is the trust id. */
    public boolean isWorkload() {
        return InternalClaims.KIND_WORKLOAD.equals(credentialKind);
    }

    public boolean isApiKey() {
        return InternalClaims.KIND_API_KEY.equals(credentialKind);
    }

    /** A credential that speaks for a person (a Keycloak token or that person's CLI token): {@link #subject()} is a user id. */
    public boolean isPerson() {
        return isUser() || isCliToken();
    }

    /** Fails with 403 unless the caller is a person (not an API key). */
    public void requirePerson(String what) {
        if (!isPerson()) {
            throw ServiceException.forbidden(what + " needs a user credential (a login or a CLI token), not an "
                    + credentialKind.replace('_', ' '));
        }
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
