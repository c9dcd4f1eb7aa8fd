package com.microenv.auth.api;

import com.microenv.auth.api.TokenExchangeDtos.TokenExchangeRequest;
import com.microenv.auth.api.TokenExchangeDtos.TokenExchangeResponse;
import com.microenv.auth.config.AuthConfig;
import com.microenv.auth.service.RequestContext;
import com.microenv.auth.service.ServiceException;
import com.microenv.auth.service.TokenExchangeService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The internal token exchange, for the gateway only. The caller is authenticated by the OIDC tenant
 * {@code keycloak} (a Keycloak access token with {@code aud} microenv-auth, see application.properties)
 * and must be the gateway's own client ({@code azp} = microenv-gateway).
 */
@Path("/internal/v1/token-exchange")
@Authenticated
public class TokenExchangeResource {

    private final TokenExchangeService exchange;
    private final String gatewayClientId;

    public TokenExchangeResource(TokenExchangeService exchange, AuthConfig config) {
        this.exchange = exchange;
        this.gatewayClientId = config.gatewayClientId();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<TokenExchangeResponse> exchange(@Valid @NotNull(message = "a JSON body is required") TokenExchangeRequest body,
                                               @Context SecurityContext security, @Context HttpHeaders headers) {
        requireGateway(security);
        RequestContext request = new RequestContext(RequestIds.current(headers), RequestContexts.truncate(body.clientIp(), 64), null);
        return exchange.exchange(body.credential(), body.projectId(), request)
                .map(done -> new TokenExchangeResponse(done.token().token(), done.token().expiresIn(), done.credentialId(),
                        done.subject(), done.allowedCidrs()));
    }

    private void requireGateway(SecurityContext security) {
        Object azp = security.getUserPrincipal() instanceof JsonWebToken jwt ? jwt.getClaim("azp") : null;
        if (!gatewayClientId.equals(azp)) {
            throw ServiceException.forbidden("Only the gateway's service identity may call internal endpoints");
        }
    }
}
