package com.microenv.gateway.credentials;

/** What a bearer credential presented at the edge is. */
public enum CredentialKind {
    /** {@code menv_sk_…}: a project API key. */
    API_KEY,
    /** {@code menv_ct_…}: a CLI token from {@code microenv login}. */
    CLI_TOKEN,
    /** {@code menv_wt_…}: a short-lived workload token from {@code POST /v1/auth/oidc/login} (an OIDC trust). */
    WORKLOAD_TOKEN,
    /** A Keycloak user access token (a JWT), passed to the exchange as it is. */
    USER_TOKEN
}
