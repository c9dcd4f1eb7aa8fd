package com.microenv.auth.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microenv.auth.config.AuthConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.jose4j.http.Get;
import org.jose4j.http.SimpleResponse;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;
import org.jose4j.lang.UnresolvableKeyException;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks an outside identity token (a CI pipeline's or a Kubernetes service account's JWT) against a trust's
 * issuer and audience, with jose4j: the issuer's OpenID discovery document names its {@code jwks_uri}; the JWKS is
 * fetched and cached by {@link HttpsJwks}, and {@link HttpsJwksVerificationKeyResolver} fetches it again when a
 * token names a key it does not hold, so the issuer's key rotation is followed without a restart.
 *
 * <p>Order: shape, issuer (before anything is fetched: only the trust's own issuer is ever contacted), signature,
 * then expiry, not-before and audience (with {@code microenv.auth.oidc.clock-skew}). A refusal names the failed rule
 * and what was seen, for the trust's admin; never the token. Blocking (HTTP): call it off the event loop.
 */
@ApplicationScoped
public class OutsideTokenVerifier {

    /** Asymmetric signatures only: an HMAC "signature" would need a secret shared with the issuer. */
    private static final String[] ALGORITHMS = {
            AlgorithmIdentifiers.RSA_USING_SHA256, AlgorithmIdentifiers.RSA_USING_SHA384, AlgorithmIdentifiers.RSA_USING_SHA512,
            AlgorithmIdentifiers.RSA_PSS_USING_SHA256, AlgorithmIdentifiers.RSA_PSS_USING_SHA384, AlgorithmIdentifiers.RSA_PSS_USING_SHA512,
            AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256, AlgorithmIdentifiers.ECDSA_USING_P384_CURVE_AND_SHA384,
            AlgorithmIdentifiers.ECDSA_USING_P521_CURVE_AND_SHA512, AlgorithmIdentifiers.EDDSA};
    private static final int MAX_TOKEN_LENGTH = 16_384;
    private static final int MAX_DOCUMENT_BYTES = 512 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the check decided. */
    public sealed interface Outcome permits Accepted, Refused {
    }

    /** The token verified; its claims. */
    public record Accepted(JwtClaims claims) implements Outcome {
    }

    /**
     * The token was refused.
     *
     * @param reason the rule that failed ({@code malformed}, {@code issuer}, {@code issuer_unavailable},
     *               {@code signature}, {@code expired}, {@code not_yet_valid}, {@code audience})
     * @param detail what was expected and seen, for the admin (never the token)
     */
    public record Refused(String reason, String detail) implements Outcome {
    }

    /** An issuer's discovered JWKS, cached. */
    private record Discovered(String jwksUri, HttpsJwks jwks, Instant fetchedAt) {
    }

    private final Map<String, Discovered> issuers = new ConcurrentHashMap<>();
    private final AuthConfig.Oidc config;

    public OutsideTokenVerifier(AuthConfig config) {
        this.config = config.oidc();
    }

    /** Whether {@code url} may be an issuer or JWKS location: https, or http when the setting allows it. */
    public boolean allowedUrl(String url) {
        try {
            URI uri = URI.create(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return uri.getHost() != null && uri.getRawQuery() == null && uri.getRawFragment() == null && uri.getRawUserInfo() == null
                    && (scheme.equals("https") || (scheme.equals("http") && config.allowHttpIssuers()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Checks {@code token} against the trust's {@code issuer} and {@code audience}. Blocking. */
    public Outcome verify(String issuer, String audience, String token) {
        if (token == null || token.length() > MAX_TOKEN_LENGTH
                || !token.matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+")) {
            return new Refused("malformed", "the token is not a signed JWT (three base64url parts)");
        }
        JwtContext unverified;
        try {
            unverified = new JwtConsumerBuilder().setSkipAllValidators().setDisableRequireSignature()
                    .setSkipSignatureVerification().build().process(token);
        } catch (InvalidJwtException e) {
            return new Refused("malformed", "the token's header or claims are not valid JSON");
        }
        List<JsonWebStructure> structures = unverified.getJoseObjects();
        if (structures.size() != 1 || !(structures.get(0) instanceof JsonWebSignature jws)) {
            return new Refused("malformed", "the token is not a plain signed JWT");
        }
        String algorithm = jws.getAlgorithmHeaderValue();
        if (algorithm == null || !List.of(ALGORITHMS).contains(algorithm)) {
            return new Refused("signature", "the token's algorithm '" + cut(String.valueOf(algorithm)) + "' is not an accepted asymmetric signature");
        }
        String seenIssuer;
        try {
            seenIssuer = unverified.getJwtClaims().getIssuer();
        } catch (MalformedClaimException e) {
            seenIssuer = null;
        }
        if (!issuer.equals(seenIssuer)) {
            return new Refused("issuer", "the token's iss is " + quoted(seenIssuer) + ", the trust expects '" + issuer + "'");
        }
        Discovered discovered;
        try {
            discovered = discover(issuer);
        } catch (IOException | RuntimeException e) {
            return new Refused("issuer_unavailable", "the issuer's discovery document could not be used: " + cut(e.getMessage()));
        }
        JwtConsumer consumer = new JwtConsumerBuilder()
                .setExpectedIssuer(issuer)
                .setExpectedAudience(audience)
                .setRequireExpirationTime()
                .setAllowedClockSkewInSeconds((int) config.clockSkew().toSeconds())
                .setVerificationKeyResolver(new HttpsJwksVerificationKeyResolver(discovered.jwks()))
                .setJwsAlgorithmConstraints(new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, ALGORITHMS))
                .build();
        try {
            consumer.processContext(unverified);
            return new Accepted(unverified.getJwtClaims());
        } catch (InvalidJwtException e) {
            return refusal(e, jws, unverified, audience, discovered);
        }
    }

    private Refused refusal(InvalidJwtException e, JsonWebSignature jws, JwtContext unverified, String audience, Discovered discovered) {
        String kid = quoted(jws.getKeyIdHeaderValue());
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException) {
                return new Refused("issuer_unavailable", "the issuer's JWKS (" + discovered.jwksUri() + ") could not be fetched: "
                        + cut(cause.getMessage()));
            }
            if (cause instanceof UnresolvableKeyException) {
                return new Refused("signature", "no key of the issuer's JWKS matches the token's kid " + kid
                        + " (its JWKS was fetched again to follow a rotation)");
            }
        }
        if (e.hasErrorCode(ErrorCodes.SIGNATURE_INVALID) || e.hasErrorCode(ErrorCodes.SIGNATURE_MISSING)) {
            return new Refused("signature", "the signature does not verify with the issuer's key " + kid);
        }
        JwtClaims claims = unverified.getJwtClaims();
        long now = Instant.now().getEpochSecond();
        if (e.hasErrorCode(ErrorCodes.EXPIRED) || e.hasErrorCode(ErrorCodes.EXPIRATION_MISSING)) {
            return new Refused("expired", e.hasErrorCode(ErrorCodes.EXPIRATION_MISSING) ? "the token has no exp claim"
                    : "the token expired at " + instant(claims, "exp") + " (server time " + Instant.ofEpochSecond(now)
                    + ", allowed skew " + config.clockSkew().toSeconds() + " s)");
        }
        if (e.hasErrorCode(ErrorCodes.NOT_YET_VALID) || e.hasErrorCode(ErrorCodes.ISSUED_AT_INVALID_FUTURE)) {
            return new Refused("not_yet_valid", "the token is not valid before " + instant(claims, e.hasErrorCode(ErrorCodes.NOT_YET_VALID) ? "nbf" : "iat")
                    + " (server time " + Instant.ofEpochSecond(now) + ", allowed skew " + config.clockSkew().toSeconds() + " s)");
        }
        if (e.hasErrorCode(ErrorCodes.AUDIENCE_INVALID) || e.hasErrorCode(ErrorCodes.AUDIENCE_MISSING)) {
            String seen;
            try {
                seen = claims.hasAudience() ? String.valueOf(claims.getAudience()) : "missing";
            } catch (MalformedClaimException malformed) {
                seen = "malformed";
            }
            return new Refused("audience", "the token's aud is " + cut(seen) + ", the trust expects '" + audience + "'");
        }
        if (e.hasErrorCode(ErrorCodes.ISSUER_INVALID) || e.hasErrorCode(ErrorCodes.ISSUER_MISSING)) {
            return new Refused("issuer", "the token's iss does not match the trust's issuer");
        }
        return new Refused("malformed", "the token's claims are malformed (error codes " + e.getErrorDetails().stream()
                .map(detail -> Integer.toString(detail.getErrorCode())).toList() + ")");
    }

    private Discovered discover(String issuer) throws IOException {
        Discovered cached = issuers.get(issuer);
        if (cached != null && cached.fetchedAt().plus(config.discoveryCacheDuration()).isAfter(Instant.now())) {
            return cached;
        }
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        SimpleResponse response = http().get(base + "/.well-known/openid-configuration");
        if (response.getStatusCode() != 200) {
            throw new IOException("GET " + base + "/.well-known/openid-configuration answered " + response.getStatusCode());
        }
        JsonNode document = JSON.readTree(response.getBody());
        if (!issuer.equals(document.path("issuer").asText(null))) {
            throw new IOException("the discovery document names issuer " + quoted(document.path("issuer").asText(null))
                    + ", not '" + issuer + "'");
        }
        String jwksUri = document.path("jwks_uri").asText(null);
        if (jwksUri == null || !allowedUrl(jwksUri)) {
            throw new IOException("the discovery document's jwks_uri " + quoted(jwksUri) + " is missing or not https");
        }
        HttpsJwks jwks = cached != null && cached.jwksUri().equals(jwksUri) ? cached.jwks() : newJwks(jwksUri);
        Discovered fresh = new Discovered(jwksUri, jwks, Instant.now());
        issuers.put(issuer, fresh);
        return fresh;
    }

    private HttpsJwks newJwks(String jwksUri) {
        HttpsJwks jwks = new HttpsJwks(jwksUri);
        jwks.setSimpleHttpGet(http());
        jwks.setDefaultCacheDuration(config.jwksCacheDuration().toSeconds());
        // An issuer briefly unreachable does not stop logins signed by keys already known.
        jwks.setRetainCacheOnErrorDuration(Duration.ofMinutes(15).toSeconds());
        return jwks;
    }

    private Get http() {
        Get get = new Get();
        int timeout = (int) config.httpTimeout().toMillis();
        get.setConnectTimeout(timeout);
        get.setReadTimeout(timeout);
        get.setRetries(1);
        get.setResponseBodySizeLimit(MAX_DOCUMENT_BYTES);
        return get;
    }

    private static String instant(JwtClaims claims, String name) {
        try {
            NumericDate date = claims.getNumericDateClaimValue(name);
            return date == null ? "(none)" : Instant.ofEpochSecond(date.getValue()).toString();
        } catch (MalformedClaimException e) {
            return "(malformed)";
        }
    }

    private static String quoted(String value) {
        return value == null ? "missing" : "'" + cut(value) + "'";
    }

    private static String cut(String value) {
        if (value == null) {
            return "";
        }
        String clean = value.replaceAll("\\p{Cntrl}", " ");
        return clean.length() <= 200 ? clean : clean.substring(0, 200) + "…";
    }
}
