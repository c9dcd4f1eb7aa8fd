package com.microenv.auth.crypto;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * What an internal JWT asserts, with the claim names fixed by docs/contracts.md.
 *
 * @param subject        the actor: Keycloak user id or API key id
 * @param credentialId   API key id, CLI token id, or {@code kc:<session or jti>}
 * @param credentialKind {@code api_key}, {@code cli_token} or {@code user}
 * @param projectId      the project the token is scoped to; {@code null} when the exchange named none
 * @param environments   environment names the credential may touch, or {@code ["*"]}
 * @param permissions    subset of {@code read}, {@code write}, {@code admin}
 * @param actorName      human-readable actor (email or key name), for audit display
 * @param groups         MicroProfile JWT {@code groups}: {@code microenv-operator} for a platform operator, else empty
 */
public record InternalClaims(
        String subject,
        String credentialId,
        String credentialKind,
        UUID projectId,
        List<String> environments,
        List<String> permissions,
        String actorName,
        List<String> groups) {

    public static final String ISSUER = "microenv-auth";
    public static final String AUDIENCE = "microenv";
    public static final String CREDENTIAL_ID = "menv_cred_id";
    public static final String CREDENTIAL_KIND = "menv_cred_kind";
    public static final String PROJECT = "menv_project";
    public static final String ENVIRONMENTS = "menv_envs";
    public static final String PERMISSIONS = "menv_perms";
    public static final String ACTOR_NAME = "menv_actor_name";

    public static final String KIND_API_KEY = "api_key";
    public static final String KIND_CLI_TOKEN = "cli_token";
    public static final String KIND_USER = "user";
    public static final String KIND_WORKLOAD = "workload";

    /** MicroProfile JWT's groups claim, and the one group MicroENV knows (the Keycloak realm role of that name). */
    public static final String GROUPS = "groups";
    public static final String OPERATOR_GROUP = "microenv-operator";

    public InternalClaims {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(credentialId, "credentialId");
        Objects.requireNonNull(credentialKind, "credentialKind");
        environments = List.copyOf(environments);
        permissions = List.copyOf(permissions);
        groups = groups == null ? List.of() : List.copyOf(groups);
    }

    /** Claims without groups (API keys, workload tokens, people who are no operators). */
    public InternalClaims(String subject, String credentialId, String credentialKind, UUID projectId,
                          List<String> environments, List<String> permissions, String actorName) {
        this(subject, credentialId, credentialKind, projectId, environments, permissions, actorName, List.of());
    }
}
