package com.microenv.auth.service;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.Tenant;
import io.quarkus.oidc.TenantIdentityProvider;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * Verifies a Keycloak access token presented as a credential in a token exchange, with the same OIDC
 * tenant ({@code keycloak}) that authenticates callers of {@code /internal/**}: signature against
 * Keycloak's JWKS, issuer, {@code aud} containing {@code microenv-auth}, expiry.
 */
@ApplicationScoped
public class KeycloakUserVerifier {

    private static final Logger LOG = Logger.getLogger(KeycloakUserVerifier.class);

    /** The user a valid token names. */
    public record KeycloakUser(String userId, String displayName, String credentialId, String email,
                               boolean emailVerified, String name) {
    }

    private final TenantIdentityProvider keycloak;

    public KeycloakUserVerifier(@Tenant("keycloak") TenantIdentityProvider keycloak) {
        this.keycloak = keycloak;
    }

    /** The user, or a 401 problem when the token does not verify. */
    public Uni<KeycloakUser> verify(String accessToken) {
        return keycloak.authenticate(new AccessTokenCredential(accessToken))
                .map(identity -> toUser((JsonWebToken) identity.getPrincipal()))
                .onFailure(e -> !(e instanceof ServiceException)).transform(e -> {
                    LOG.debugf("Keycloak token rejected: %s", e.getMessage());
                    return ServiceException.unauthorized("The credential is not a valid MicroENV credential");
                });
    }

    private static KeycloakUser toUser(JsonWebToken jwt) {
        String subject = jwt.getSubject();
        if (subject == null || subject.isBlank()) {
            throw ServiceException.unauthorized("The Keycloak token names no subject");
        }
        String email = jwt.getClaim("email");
        String displayName = email != null ? email : jwt.getClaim("preferred_username");
        String session = jwt.getClaim("sid");
        String credentialId = "kc:" + (session != null ? session : jwt.getTokenID());
        Object verified = jwt.getClaim("email_verified");
        boolean emailVerified = verified instanceof Boolean b ? b
                : verified != null && "true".equalsIgnoreCase(String.valueOf(verified).replace("\"", ""));
        String name = jwt.getClaim("name");
        return new KeycloakUser(subject, displayName, credentialId, email, emailVerified, name);
    }
}
