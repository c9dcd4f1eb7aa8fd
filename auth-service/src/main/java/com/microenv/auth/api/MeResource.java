package com.microenv.auth.api;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
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
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example", value = "{\"kind\":\"user\",\"id\":\"5f0c8a52-3d1e-4c8b-9a7e-2b6d4f1e9c30\",\"email\":\"demo@microenv.local\",\"name\":\"Demo\",\"credential\":{\"id\":\"ct_8Hs2\",\"kind\":\"cli_token\",\"clientName\":\"laptop\",\"createdAt\":\"2026-12-03T10:00:00Z\",\"expiresAt\":\"2027-03-03T10:00:00Z\"},\"projects\":[{\"id\":\"0b9e4c1e-6f4c-4c53-a0a4-2a3c0c7d9b11\",\"name\":\"Demo\",\"ownerId\":\"5f0c8a52-3d1e-4c8b-9a7e-2b6d4f1e9c30\",\"createdAt\":\"2026-12-03T10:00:00Z\",\"role\":\"owner\"}]}")))
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
            if (caller.isWorkload()) {
                return new MeResponse("workload", caller.subject(), null, caller.actorName(),
                        new CredentialView(caller.credentialId(), caller.credentialKind(), null, null, null),
                        null, caller.projectId(), null);
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
