package com.microenv.auth.service;

import com.microenv.auth.crypto.InternalClaims;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.Tenant;
import io.quarkus.oidc.TenantIdentityProvider;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Verifies a Keycloak access token presented as a credential in a token exchange, with the same OIDC
 * tenant ({@code keycloak}) that authenticates callers of {@code /internal/**}: signature against
 * Keycloak's JWKS, issuer, {@code aud} containing {@code microenv-auth}, expiry.
 */
@ApplicationScoped
public class KeycloakUserVerifier {

    private static final Logger LOG = Logger.getLogger(KeycloakUserVerifier.class);

    /** The Keycloak realm roles MicroENV gives a meaning to (docs/contracts.md, "Platform operators"). */
    public static final List<String> PLATFORM_ROLES = List.of(InternalClaims.OPERATOR_GROUP);

    /**
     * The user a valid token names.
     *
     * @param platformRoles the token's realm roles ({@code realm_access.roles}) that are {@link #PLATFORM_ROLES}
     */
    public record KeycloakUser(String userId, String displayName, String credentialId, String email,
                               boolean emailVerified, String name, List<String> platformRoles) {
        public KeycloakUser {
            platformRoles = platformRoles == null ? List.of() : List.copyOf(platformRoles);
        }
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
        return new KeycloakUser(subject, displayName, credentialId, email, emailVerified, name, platformRoles(jwt));
    }

    /** {@code realm_access.roles}, kept to the roles MicroENV knows, in {@link #PLATFORM_ROLES} order. */
    static List<String> platformRoles(JsonWebToken jwt) {
        Object realmAccess = jwt.getClaim("realm_access");
        if (!(realmAccess instanceof JsonObject access) || !(access.get("roles") instanceof JsonArray roles)) {
            return List.of();
        }
        Set<String> held = new HashSet<>();
        for (JsonValue role : roles) {
            if (role instanceof JsonString text) {
                held.add(text.getString());
            }
        }
        return PLATFORM_ROLES.stream().filter(held::contains).toList();
    }
}
