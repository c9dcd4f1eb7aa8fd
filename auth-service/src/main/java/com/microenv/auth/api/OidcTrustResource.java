package com.microenv.auth.api;

import com.microenv.auth.api.OidcTrustDtos.RefusalResponse;
import com.microenv.auth.api.OidcTrustDtos.TrustRequest;
import com.microenv.auth.api.OidcTrustDtos.TrustResponse;
import com.microenv.auth.service.OidcTrustService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import java.net.URI;
import java.util.List;

/** A project's OIDC trusts (rules in {@link OidcTrustService}, docs/ci-cd.md and docs/security-model.md). */
@Path("/v1/projects/{projectId}/oidc-trusts")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class OidcTrustResource {

    private final OidcTrustService trusts;

    public OidcTrustResource(OidcTrustService trusts) {
        this.trusts = trusts;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(@PathParam("projectId") String projectId,
                                @Valid @NotNull(message = "a JSON body is required") TrustRequest body,
                                @Context SecurityContext security, @Context HttpHeaders headers) {
        return trusts.create(RequestContexts.caller(security), projectId, body.toInput(), RequestContexts.of(headers))
                .map(trust -> Response.created(URI.create("/v1/projects/" + trust.projectId + "/oidc-trusts/" + trust.id))
                        .entity(TrustResponse.of(trust)).build());
    }

    @GET
    public Uni<List<TrustResponse>> list(@PathParam("projectId") String projectId, @Context SecurityContext security) {
        return trusts.list(RequestContexts.caller(security), projectId).map(list -> list.stream().map(TrustResponse::of).toList());
    }

    @GET
    @Path("/{trustId}")
    public Uni<TrustResponse> get(@PathParam("projectId") String projectId, @PathParam("trustId") String trustId,
                                  @Context SecurityContext security) {
        return trusts.get(RequestContexts.caller(security), projectId, trustId).map(TrustResponse::of);
    }

    @PATCH
    @Path("/{trustId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<TrustResponse> update(@PathParam("projectId") String projectId, @PathParam("trustId") String trustId,
                                     @Valid @NotNull(message = "a JSON body is required") TrustRequest body,
                                     @Context SecurityContext security, @Context HttpHeaders headers) {
        return trusts.update(RequestContexts.caller(security), projectId, trustId, body.toInput(), RequestContexts.of(headers))
                .map(TrustResponse::of);
    }

    /** Deletes the trust and revokes its live workload tokens. */
    @DELETE
    @Path("/{trustId}")
    public Uni<Response> delete(@PathParam("projectId") String projectId, @PathParam("trustId") String trustId,
                                @Context SecurityContext security, @Context HttpHeaders headers) {
        return trusts.delete(RequestContexts.caller(security), projectId, trustId, RequestContexts.of(headers))
                .replaceWith(Response.noContent().build());
    }

    /** The recent refused logins, with the rule that failed (never the token). */
    @GET
    @Path("/{trustId}/refusals")
    public Uni<List<RefusalResponse>> refusals(@PathParam("projectId") String projectId, @PathParam("trustId") String trustId,
                                               @Context SecurityContext security) {
        return trusts.refusals(RequestContexts.caller(security), projectId, trustId)
                .map(list -> list.stream().map(RefusalResponse::of).toList());
    }
}
