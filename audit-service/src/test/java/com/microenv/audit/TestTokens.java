package com.microenv.audit;

import io.smallrye.jwt.build.Jwt;

import java.time.Duration;
import java.util.List;

/** Internal JWTs as auth-service issues them, signed with the test key (src/test/resources/test-jwt). */
public final class TestTokens {

    private TestTokens() {
    }

    public static String forProject(String projectId, String... permissions) {
        return Jwt.issuer("microenv-auth")
                .audience("microenv")
                .subject("key_test")
                .claim("menv_cred_id", "key_test")
                .claim("menv_cred_kind", "api_key")
                .claim("menv_project", projectId)
                .claim("menv_envs", List.of("*"))
                .claim("menv_perms", List.of(permissions))
                .claim("menv_actor_name", "test key")
                .expiresIn(Duration.ofMinutes(5))
                .sign();
    }

    /**
     * A user's internal JWT without a project, as auth-service issues it for {@code /v1/me} and {@code /v1/platform}
     * requests; {@code groups} as auth-service copies the user's realm roles (e.g. {@code microenv-operator}).
     */
    public static String forUser(String userId, String credentialKind, String... groups) {
        var token = Jwt.issuer("microenv-auth")
                .audience("microenv")
                .subject(userId)
                .claim("menv_cred_id", "kc:" + userId)
                .claim("menv_cred_kind", credentialKind)
                .claim("menv_envs", List.of("*"))
                .claim("menv_perms", List.of())
                .claim("menv_actor_name", userId + "@example.test");
        if (groups.length > 0) {
            token.groups(java.util.Set.of(groups));
        }
        return token.expiresIn(Duration.ofMinutes(5)).sign();
    }
}
