package com.microenv.auth.api;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.microenv.auth.persistence.CliTokenEntity;
import com.microenv.auth.service.Caller;
import com.microenv.auth.service.CliTokenService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The caller's CLI sessions: list, revoke one, revoke all, and logout (revoke the token presented). */
@Tag(name = "cli-tokens")
@Path("/v1/auth")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class CliTokenResource {

    /** A CLI token in a list: never the token itself. {@code current} marks the one this request used. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CliTokenResponse(String id, String clientName, String prefix, String suffix, Instant createdAt,
                                   String createdIp, Instant expiresAt, Instant lastUsedAt, String lastClientIp,
                                   Instant revokedAt, boolean current) {
        static CliTokenResponse of(CliTokenEntity t, Caller caller) {
            return new CliTokenResponse(t.id, t.clientName, t.prefix, t.suffix, t.createdAt, t.createdIp, t.expiresAt,
                    t.lastUsedAt, t.lastClientIp, t.revokedAt, t.id.equals(caller.credentialId()));
        }
    }

    private final CliTokenService tokens;

    public CliTokenResource(CliTokenService tokens) {
        this.tokens = tokens;
    }

    @Operation(summary = "List the caller's active CLI tokens")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example", value = "[{\"id\":\"ct_8Hs2\",\"clientName\":\"laptop\",\"prefix\":\"menv_ct_Q2x9\",\"suffix\":\"Zz01\",\"createdAt\":\"2026-12-03T10:00:00Z\",\"createdIp\":\"203.0.113.7\",\"expiresAt\":\"2027-03-03T10:00:00Z\",\"lastUsedAt\":\"2026-12-03T10:00:00Z\",\"lastClientIp\":\"203.0.113.7\",\"current\":true}]")))
    @GET
    @Path("/cli-tokens")
    public Uni<List<CliTokenResponse>> list(@Context SecurityContext security) {
        Caller caller = RequestContexts.caller(security);
        return tokens.list(caller).map(list -> list.stream().map(t -> CliTokenResponse.of(t, caller)).toList());
    }

    @Operation(summary = "Revoke one of the caller's CLI tokens")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example", value = "{\"id\":\"ct_8Hs2\",\"clientName\":\"laptop\",\"prefix\":\"menv_ct_Q2x9\",\"suffix\":\"Zz01\",\"createdAt\":\"2026-12-03T10:00:00Z\",\"createdIp\":\"203.0.113.7\",\"expiresAt\":\"2027-03-03T10:00:00Z\",\"lastUsedAt\":\"2026-12-03T10:00:00Z\",\"lastClientIp\":\"203.0.113.7\",\"current\":false}")))
    @DELETE
    @Path("/cli-tokens/{tokenId}")
    public Uni<CliTokenResponse> revoke(@PathParam("tokenId") String tokenId, @Context SecurityContext security,
                                        @Context HttpHeaders headers) {
        Caller caller = RequestContexts.caller(security);
        return tokens.revoke(caller, tokenId, RequestContexts.of(headers)).map(t -> CliTokenResponse.of(t, caller));
    }

    @Operation(summary = "Revoke all of the caller's CLI tokens")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example", value = "{\"revoked\":2}")))
    @DELETE
    @Path("/cli-tokens")
    public Uni<Map<String, Integer>> revokeAll(@Context SecurityContext security, @Context HttpHeaders headers) {
        return tokens.revokeAll(RequestContexts.caller(security), RequestContexts.of(headers)).map(n -> Map.of("revoked", n));
    }

    /** Revokes the CLI token this request was made with. */
    @Operation(summary = "Log out: revoke the CLI token presented")
    @APIResponse(responseCode = "204", description = "No content")
    @POST
    @Path("/logout")
    public Uni<Response> logout(@Context SecurityContext security, @Context HttpHeaders headers) {
        return tokens.logout(RequestContexts.caller(security), RequestContexts.of(headers))
                .replaceWith(Response.noContent().build());
    }
}
