package com.microenv.secrets.service;

import java.util.Objects;
import java.util.Set;

/**
 * Who is calling and what their token allows, plus the request facts the audit trail records.
 *
 * @param subject        the actor: a Keycloak user id or an API key id
 * @param actorName      a human-readable name of the actor, when the token carries one
 * @param credentialId   the credential the token was exchanged for
 * @param credentialKind {@code api_key}, {@code cli_token} or {@code user}
 * @param project        the project the token is scoped to ({@code menv_project}), or null
 * @param environments   environments the token may touch ({@code *} for all)
 * @param permissions    {@code read}, {@code write}, {@code admin}
 * @param requestId      the request id (from the gateway, or made here)
 * @param clientIp       the caller's address as the gateway saw it
 * @param userAgent      the caller's user agent
 */
public record Caller(
        String subject,
        String actorName,
        String credentialId,
        String credentialKind,
        String project,
        Set<String> environments,
        Set<String> permissions,
        String requestId,
        String clientIp,
        String userAgent) {

    public static final String ALL_ENVIRONMENTS = "*";

    public Caller {
        Objects.requireNonNull(subject, "subject");
        environments = environments == null ? Set.of() : Set.copyOf(environments);
        permissions = permissions == null ? Set.of() : Set.copyOf(permissions);
    }

    public boolean has(Permission permission) {
        return permissions.contains(permission.claim());
    }

    public boolean mayUse(String environment) {
        return environments.contains(ALL_ENVIRONMENTS) || environments.contains(environment);
    }
}
