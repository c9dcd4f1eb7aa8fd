package com.microenv.audit.api;

import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Collection;

/** Enforces the internal JWT's project and permission claims against the request (docs/contracts.md). */
final class ProjectAccess {

    static final String PROJECT_CLAIM = "menv_project";
    static final String PERMISSIONS_CLAIM = "menv_perms";
    static final String KIND_CLAIM = "menv_cred_kind";
    /** Keycloak realm role of platform operators, carried in the internal JWT's {@code groups} claim. */
    static final String OPERATOR_ROLE = "microenv-operator";
    private static final java.util.Set<String> USER_KINDS = java.util.Set.of("user", "cli_token");

    private ProjectAccess() {
    }

    /** Passes when the token is scoped to {@code projectId} and grants {@code permission}; 403 otherwise. */
    static void require(JsonWebToken token, String projectId, String permission) {
        Object project = token.getClaim(PROJECT_CLAIM);
        if (project == null || !projectId.equals(text(project))) {
            throw ProblemException.forbidden("The token is not scoped to project " + projectId + ".");
        }
        if (!grants(token.getClaim(PERMISSIONS_CLAIM), permission)) {
            throw ProblemException.forbidden("The token does not grant '" + permission + "' on this project.");
        }
    }

    /** Passes when the token is scoped to {@code projectId}, whatever it grants; 403 otherwise. */
    static void requireProject(JsonWebToken token, String projectId) {
        Object project = token.getClaim(PROJECT_CLAIM);
        if (project == null || !projectId.equals(text(project))) {
            throw ProblemException.forbidden("The token is not scoped to project " + projectId + ".");
        }
    }

    /** The user id of a token that acts for a person (dashboard session or CLI token, not an API key); 403 otherwise. */
    static String requireUser(JsonWebToken token) {
        Object kind = token.getClaim(KIND_CLAIM);
        String subject = token.getSubject();
        if (kind == null || !USER_KINDS.contains(text(kind)) || subject == null || subject.isBlank()) {
            throw ProblemException.forbidden("Only a user's own credential (dashboard session or CLI token) may read "
                    + "that user's audit events.");
        }
        return subject;
    }

    /** Passes for a platform operator: the token's {@code groups} carry {@value #OPERATOR_ROLE}; 403 otherwise. */
    static void requireOperator(JsonWebToken token) {
        if (token.getGroups() == null || !token.getGroups().contains(OPERATOR_ROLE)) {
            throw ProblemException.forbidden("Only platform operators (Keycloak realm role " + OPERATOR_ROLE
                    + ") may read audit events that belong to no project.");
        }
    }

    private static boolean grants(Object permissions, String permission) {
        if (permissions instanceof JsonArray array) {
            return array.stream().anyMatch(p -> p instanceof JsonString s && permission.equals(s.getString()));
        }
        if (permissions instanceof Collection<?> collection) {
            return collection.stream().anyMatch(p -> permission.equals(text(p)));
        }
        return false;
    }

    private static String text(Object claim) {
        return claim instanceof JsonString s ? s.getString() : String.valueOf(claim);
    }
}
