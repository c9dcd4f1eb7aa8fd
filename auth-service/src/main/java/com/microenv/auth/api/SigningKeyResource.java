package com.microenv.auth.api;

import com.microenv.auth.config.AuthConfig;
import com.microenv.auth.crypto.SigningKeyManager;
import com.microenv.auth.service.RequestContext;
import com.microenv.auth.service.ServiceException;
import com.microenv.auth.service.SigningKeyService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.List;

/**
 * Operator endpoint (never routed by the gateway): rotates the key that signs internal JWTs. The caller is a
 * Keycloak service account of one of {@code microenv.auth.operator-client-ids} (OIDC tenant {@code keycloak}).
 */
@Path("/internal/v1/signing-keys/rotate")
@Authenticated
public class SigningKeyResource {

    private final SigningKeyService signingKeys;
    private final List<String> operators;

    public SigningKeyResource(SigningKeyService signingKeys, AuthConfig config) {
        this.signingKeys = signingKeys;
        this.operators = config.operatorClientIds();
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<SigningKeyManager.Rotated> rotate(@Context SecurityContext security, @Context HttpHeaders headers) {
        Object azp = security.getUserPrincipal() instanceof JsonWebToken jwt ? jwt.getClaim("azp") : null;
        if (azp == null || !operators.contains(String.valueOf(azp))) {
            throw ServiceException.forbidden("Only an operator's service identity may rotate signing keys");
        }
        RequestContext request = new RequestContext(RequestIds.current(headers), null,
                RequestContexts.truncate(headers.getHeaderString(HttpHeaders.USER_AGENT), 256));
        return signingKeys.rotate("client:" + azp, request);
    }
}
