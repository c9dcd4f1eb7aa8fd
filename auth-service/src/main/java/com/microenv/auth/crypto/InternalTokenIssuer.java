package com.microenv.auth.crypto;

import com.microenv.auth.config.AuthConfig;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** Signs internal JWTs (RS256, {@code kid} header) with the active key of the {@link SigningKeyRing}. */
@ApplicationScoped
public class InternalTokenIssuer {

    /** The contract's ceiling for an internal JWT's lifetime. */
    public static final Duration MAX_LIFETIME = Duration.ofSeconds(300);

    /** A signed token and its lifetime in seconds. */
    public record IssuedToken(String token, long expiresIn) {
        @Override
        public String toString() {
            return "IssuedToken[expiresIn=" + expiresIn + "]";
        }
    }

    private final SigningKeyRing ring;
    private final Duration lifetime;

    public InternalTokenIssuer(SigningKeyRing ring, AuthConfig config) {
        this.ring = ring;
        Duration configured = config.token().lifetime();
        this.lifetime = configured.compareTo(MAX_LIFETIME) > 0 || configured.isNegative() || configured.isZero()
                ? MAX_LIFETIME : configured;
    }

    public IssuedToken issue(InternalClaims claims) {
        return issue(claims, lifetime);
    }

    /** A token that lives at most {@code cap} (and never longer than the configured lifetime). */
    public IssuedToken issue(InternalClaims claims, Duration cap) {
        Duration lifetime = cap.compareTo(this.lifetime) < 0 ? cap : this.lifetime;
        if (lifetime.toSeconds() < 1) {
            lifetime = Duration.ofSeconds(1);
        }
        Instant now = Instant.now();
        JwtClaimsBuilder builder = Jwt.issuer(InternalClaims.ISSUER)
                .audience(InternalClaims.AUDIENCE)
                .subject(claims.subject())
                .issuedAt(now)
                .expiresAt(now.plus(lifetime))
                .claim("jti", UUID.randomUUID().toString())
                .claim(InternalClaims.CREDENTIAL_ID, claims.credentialId())
                .claim(InternalClaims.CREDENTIAL_KIND, claims.credentialKind())
                .claim(InternalClaims.ENVIRONMENTS, claims.environments())
                .claim(InternalClaims.PERMISSIONS, claims.permissions());
        if (claims.projectId() != null) {
            builder.claim(InternalClaims.PROJECT, claims.projectId().toString());
        }
        if (claims.actorName() != null) {
            builder.claim(InternalClaims.ACTOR_NAME, claims.actorName());
        }
        if (!claims.groups().isEmpty()) {
            builder.claim(InternalClaims.GROUPS, claims.groups());
        }
        SigningKeyRing.ActiveKey key = ring.active();
        String token = builder.jws().keyId(key.kid()).algorithm(SignatureAlgorithm.RS256).sign(key.privateKey());
        return new IssuedToken(token, lifetime.toSeconds());
    }
}
