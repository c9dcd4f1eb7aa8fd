package com.microenv.secrets.support;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;

import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Internal JWTs as auth-service issues them (docs/contracts.md), signed with the test-only key whose public half
 * {@link JwksServer} serves. Defaults: an API key with read and write on every environment of the project.
 */
public final class TestTokens {

    public static final String KEY_ID = "test-key-1";
    private static final PrivateKey SIGNING_KEY = load();

    private String issuer = "microenv-auth";
    private String audience = "microenv";
    private String subject = "key_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private String project;
    private List<String> environments = List.of("*");
    private List<String> permissions = List.of("read", "write");
    private Instant issuedAt = Instant.now();
    private long lifetimeSeconds = 300;
    private PrivateKey key = SIGNING_KEY;

    private TestTokens(String project) {
        this.project = project;
    }

    public static TestTokens forProject(UUID project) {
        return new TestTokens(project.toString());
    }

    public TestTokens project(String otherProject) {
        this.project = otherProject;
        return this;
    }

    public TestTokens permissions(String... granted) {
        this.permissions = List.of(granted);
        return this;
    }

    public TestTokens environments(String... granted) {
        this.environments = List.of(granted);
        return this;
    }

    public TestTokens subject(String actor) {
        this.subject = actor;
        return this;
    }

    public TestTokens issuer(String otherIssuer) {
        this.issuer = otherIssuer;
        return this;
    }

    public TestTokens audience(String otherAudience) {
        this.audience = otherAudience;
        return this;
    }

    public TestTokens issuedAt(Instant when) {
        this.issuedAt = when;
        return this;
    }

    public TestTokens lifetimeSeconds(long seconds) {
        this.lifetimeSeconds = seconds;
        return this;
    }

    /** Signs with a key nobody published, under the published key id. */
    public TestTokens signedByAStranger() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            this.key = generator.generateKeyPair().getPrivate();
            return this;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public String subject() {
        return subject;
    }

    public String sign() {
        var claims = Jwt.issuer(issuer)
                .audience(audience)
                .subject(subject)
                .issuedAt(issuedAt)
                .expiresAt(issuedAt.plusSeconds(lifetimeSeconds))
                .claim("menv_cred_id", subject)
                .claim("menv_cred_kind", "api_key")
                .claim("menv_envs", environments)
                .claim("menv_perms", permissions)
                .claim("menv_actor_name", "test key");
        if (project != null) {
            claims = claims.claim("menv_project", project);
        }
        return claims.jws().keyId(KEY_ID).sign(key);
    }

    private static PrivateKey load() {
        try {
            return KeyUtils.readPrivateKey("/test-keys/private-key.pem");
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the test signing key", e);
        }
    }
}
