package com.microenv.auth.api;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import com.microenv.auth.api.ApiKeyDtos.ApiKeyResponse;
import com.microenv.auth.api.ProjectDtos.MyProjectResponse;
import com.microenv.auth.service.MeService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;

/** {@code GET /v1/me}: who is calling. */
@Tag(name = "me")
@Path("/v1/me")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class MeResource {

    /** The credential presented. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CredentialView(String id, String kind, String clientName, Instant createdAt, Instant expiresAt) {
    }

    /**
     * {@code kind} is {@code user} for a person (Keycloak login or CLI token) with {@code id} the user id, their
     * email, name and projects; {@code api_key} with {@code id} the key id and {@code apiKey} its scope.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MeResponse(String kind, String id, String email, String name, CredentialView credential,
                             List<MyProjectResponse> projects, String projectId, ApiKeyResponse apiKey) {
    }

    private final MeService me;

    public MeResource(MeService me) {
        this.me = me;
    }

    @Operation(summary = "Who am I: the caller, its credential and projects")
    @GET
    public Uni<MeResponse> me(@Context SecurityContext security) {
        return me.me(RequestContexts.caller(security)).map(found -> {
            var caller = found.caller();
            if (found.apiKey() != null || caller.isApiKey()) {
                var key = found.apiKey();
                return new MeResponse("api_key", caller.subject(), null, key == null ? caller.actorName() : key.name,
                        new CredentialView(caller.credentialId(), caller.credentialKind(), null,
                                key == null ? null : key.createdAt, key == null ? null : key.expiresAt),
                        null, key == null ? null : key.projectId.toString(), key == null ? null : ApiKeyResponse.of(key));
            }
            var cli = found.cliToken();
            CredentialView credential = cli == null
                    ? new CredentialView(caller.credentialId(), caller.credentialKind(), null, null, null)
                    : new CredentialView(cli.id, caller.credentialKind(), cli.clientName, cli.createdAt, cli.expiresAt);
            var user = found.user();
            return new MeResponse("user", caller.subject(), user == null ? caller.actorName() : user.email,
                    user == null ? null : user.name, credential,
                    found.projects().stream().map(MyProjectResponse::of).toList(), null, null);
        });
    }
}
