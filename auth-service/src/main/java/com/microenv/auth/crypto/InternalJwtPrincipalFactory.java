package com.microenv.auth.crypto;

import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import org.eclipse.microprofile.jwt.Claims;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.lang.UnresolvableKeyException;

/**
 * Verifies the internal JWTs that reach {@code /v1/**} (through the gateway) against this service's own
 * signing keys, held in memory by the {@link SigningKeyRing}: no HTTP round trip to our own JWKS.
 * smallrye-jwt's bearer mechanism calls this instead of its default factory (which would need a fixed
 * key location); the checks are the contract's: RS256, known {@code kid}, {@code iss} = microenv-auth,
 * {@code aud} = microenv, {@code exp} present and not passed, {@code sub} present.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class InternalJwtPrincipalFactory extends JWTCallerPrincipalFactory {

    private static final int CLOCK_SKEW_SECONDS = 30;

    private final JwtConsumer consumer;

    public InternalJwtPrincipalFactory(SigningKeyRing ring) {
        this.consumer = new JwtConsumerBuilder()
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.RSA_USING_SHA256)
                .setVerificationKeyResolver((jws, nestingContext) -> ring.verificationKey(jws.getKeyIdHeaderValue())
                        .orElseThrow(() -> new UnresolvableKeyException("unknown signing key")))
                .setExpectedIssuer(InternalClaims.ISSUER)
                .setExpectedAudience(InternalClaims.AUDIENCE)
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                .setRequireSubject()
                .setAllowedClockSkewInSeconds(CLOCK_SKEW_SECONDS)
                .build();
    }

    @Override
    public JWTCallerPrincipal parse(String token, JWTAuthContextInfo authContextInfo) throws ParseException {
        try {
            JwtClaims claims = consumer.processToClaims(token);
            claims.setClaim(Claims.raw_token.name(), token);
            return new DefaultJWTCallerPrincipal(token, "JWT", claims);
        } catch (InvalidJwtException e) {
            // The reason (expired, wrong audience, bad signature...) is safe to log; the token is not.
            throw new ParseException("internal JWT rejected: " + e.getErrorDetails().stream()
                    .map(detail -> detail.getErrorMessage()).findFirst().orElse("invalid"), e);
        }
    }
}
