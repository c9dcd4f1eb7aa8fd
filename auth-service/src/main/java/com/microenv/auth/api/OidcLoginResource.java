package com.microenv.auth.api;

import com.microenv.auth.api.OidcTrustDtos.LoginRequest;
import com.microenv.auth.api.OidcTrustDtos.LoginResponse;
import com.microenv.auth.service.OidcLoginService;
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
import jakarta.ws.rs.core.Response;

/**
 * {@code POST /v1/auth/oidc/login}: no MicroENV credential (the gateway forwards it like the device flow); the
 * outside JWT and the trust id in the body. Any refusal is the same 401 problem ("not accepted").
 */
@Path("/v1/auth/oidc/login")
@Produces(MediaType.APPLICATION_JSON)
public class OidcLoginResource {

    private final OidcLoginService logins;

    public OidcLoginResource(OidcLoginService logins) {
        this.logins = logins;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> login(@Valid @NotNull(message = "a JSON body is required") LoginRequest body, @Context HttpHeaders headers) {
        return logins.login(body.trustId().strip(), body.token().strip(), RequestContexts.of(headers))
                .map(login -> Response.ok(LoginResponse.of(login)).cacheControl(ApiKeyResource.noStore()).build());
    }
}
