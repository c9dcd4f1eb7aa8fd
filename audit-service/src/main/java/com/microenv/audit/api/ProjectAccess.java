package com.microenv.audit.api;

import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Collection;

/** Enforces the internal JWT's project and permission claims against the request (docs/contracts.md). */
final class ProjectAccess {

    static final String PROJECT_CLAIM = "menv_project";
    static final String PERMISSIONS_CLAIM = "menv_perms";

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
