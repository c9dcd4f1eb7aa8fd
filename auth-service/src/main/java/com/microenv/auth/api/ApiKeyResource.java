package com.microenv.auth.api;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import com.microenv.auth.api.ApiKeyDtos.ApiKeyResponse;
import com.microenv.auth.api.ApiKeyDtos.CreateApiKeyRequest;
import com.microenv.auth.api.ApiKeyDtos.CreatedApiKeyResponse;
import com.microenv.auth.api.ApiKeyDtos.RotateApiKeyRequest;
import com.microenv.auth.service.ApiKeyService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/** A project's API keys (rules in {@link ApiKeyService} and docs/security-model.md). */
@Tag(name = "api-keys")
@Path("/v1/projects/{projectId}/api-keys")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class ApiKeyResource {

    private final ApiKeyService apiKeys;

    public ApiKeyResource(ApiKeyService apiKeys) {
        this.apiKeys = apiKeys;
    }

    /** Creates a key and returns it, the one time it is ever shown. */
    @Operation(summary = "Create an API key (the key is shown only in this answer)")
    @RequestBody(content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example", value = "{\"name\":\"ci\",\"permissions\":[\"read\"],\"environments\":[\"production\"],\"allowedCidrs\":[\"10.0.0.0/8\"],\"expiresAt\":null}")))
    @APIResponse(responseCode = "201", description = "Created", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example", value = "{\"id\":\"key_3kT9\",\"name\":\"ci\",\"key\":\"menv_sk_…\",\"prefix\":\"menv_sk_7Gq2\",\"suffix\":\"a1B2\",\"permissions\":[\"read\"],\"environments\":[\"production\"],\"allowedCidrs\":[\"10.0.0.0/8\"],\"createdAt\":\"2026-12-03T10:00:00Z\",\"expiresAt\":null,\"rotatedFrom\":null}")))
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(@PathParam("projectId") String projectId,
                                @Valid @NotNull(message = "a JSON body is required") CreateApiKeyRequest body,
                                @Context SecurityContext security, @Context HttpHeaders headers) {
        return apiKeys.create(RequestContexts.caller(security), projectId, body.toNewApiKey(), RequestContexts.of(headers))
                .map(created -> Response.created(URI.create("/v1/projects/" + created.entity().projectId + "/api-keys/" + created.entity().id))
                        .cacheControl(noStore())
                        .entity(CreatedApiKeyResponse.of(created.entity(), created.key(), null))
                        .build());
    }

    @Operation(summary = "List the project's API keys (never the keys themselves)")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example", value = "[{\"id\":\"key_3kT9\",\"name\":\"ci\",\"prefix\":\"menv_sk_7Gq2\",\"suffix\":\"a1B2\",\"permissions\":[\"read\"],\"environments\":[\"production\"],\"allowedCidrs\":[\"10.0.0.0/8\"],\"status\":\"active\",\"createdBy\":\"5f0c8a52-3d1e-4c8b-9a7e-2b6d4f1e9c30\",\"createdAt\":\"2026-12-03T10:00:00Z\",\"expiresAt\":null,\"revokedAt\":null,\"lastUsedAt\":null,\"lastClientIp\":null,\"rotatedTo\":null,\"rotatedOutAt\":null}]")))
    @GET
    public Uni<List<ApiKeyResponse>> list(@PathParam("projectId") String projectId, @Context SecurityContext security) {
        return apiKeys.list(RequestContexts.caller(security), projectId)
                .map(keys -> keys.stream().map(ApiKeyResponse::of).toList());
    }

    @Operation(summary = "Get one API key's view")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example", value = "{\"id\":\"key_3kT9\",\"name\":\"ci\",\"prefix\":\"menv_sk_7Gq2\",\"suffix\":\"a1B2\",\"permissions\":[\"read\"],\"environments\":[\"production\"],\"allowedCidrs\":[\"10.0.0.0/8\"],\"status\":\"active\",\"createdBy\":\"5f0c8a52-3d1e-4c8b-9a7e-2b6d4f1e9c30\",\"createdAt\":\"2026-12-03T10:00:00Z\",\"expiresAt\":null,\"revokedAt\":null,\"lastUsedAt\":null,\"lastClientIp\":null,\"rotatedTo\":null,\"rotatedOutAt\":null}")))
    @GET
    @Path("/{keyId}")
    public Uni<ApiKeyResponse> get(@PathParam("projectId") String projectId, @PathParam("keyId") String keyId,
                                   @Context SecurityContext security) {
        return apiKeys.get(RequestContexts.caller(security), projectId, keyId).map(ApiKeyResponse::of);
    }

    /** Revokes the key at once (idempotent). */
    @Operation(summary = "Revoke an API key (idempotent)")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example", value = "{\"id\":\"key_3kT9\",\"name\":\"ci\",\"prefix\":\"menv_sk_7Gq2\",\"suffix\":\"a1B2\",\"permissions\":[\"read\"],\"environments\":[\"production\"],\"allowedCidrs\":[\"10.0.0.0/8\"],\"status\":\"revoked\",\"createdBy\":\"5f0c8a52-3d1e-4c8b-9a7e-2b6d4f1e9c30\",\"createdAt\":\"2026-12-03T10:00:00Z\",\"expiresAt\":null,\"revokedAt\":\"2026-12-03T10:00:00Z\",\"lastUsedAt\":null,\"lastClientIp\":null,\"rotatedTo\":null,\"rotatedOutAt\":null}")))
    @DELETE
    @Path("/{keyId}")
    public Uni<ApiKeyResponse> revoke(@PathParam("projectId") String projectId, @PathParam("keyId") String keyId,
                                      @Context SecurityContext security, @Context HttpHeaders headers) {
        return apiKeys.revoke(RequestContexts.caller(security), projectId, keyId, RequestContexts.of(headers))
                .map(ApiKeyResponse::of);
    }

    /** Same as {@code DELETE}, for clients that prefer a verb. */
    @Operation(summary = "Revoke an API key (POST form of DELETE)")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example", value = "{\"id\":\"key_3kT9\",\"name\":\"ci\",\"prefix\":\"menv_sk_7Gq2\",\"suffix\":\"a1B2\",\"permissions\":[\"read\"],\"environments\":[\"production\"],\"allowedCidrs\":[\"10.0.0.0/8\"],\"status\":\"revoked\",\"createdBy\":\"5f0c8a52-3d1e-4c8b-9a7e-2b6d4f1e9c30\",\"createdAt\":\"2026-12-03T10:00:00Z\",\"expiresAt\":null,\"revokedAt\":\"2026-12-03T10:00:00Z\",\"lastUsedAt\":null,\"lastClientIp\":null,\"rotatedTo\":null,\"rotatedOutAt\":null}")))
    @POST
    @Path("/{keyId}/revoke")
    public Uni<ApiKeyResponse> revokeByPost(@PathParam("projectId") String projectId, @PathParam("keyId") String keyId,
                                            @Context SecurityContext security, @Context HttpHeaders headers) {
        return revoke(projectId, keyId, security, headers);
    }

    /** A new key with the same scope; the old one keeps working for the grace period, then stops by itself. */
    @Operation(summary = "Rotate an API key: a new key, the old one valid for a grace period")
    @RequestBody(content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example", value = "{\"gracePeriodSeconds\":3600}")))
    @APIResponse(responseCode = "201", description = "Created", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example", value = "{\"id\":\"key_9Lm1\",\"name\":\"ci\",\"key\":\"menv_sk_…\",\"prefix\":\"menv_sk_7Gq2\",\"suffix\":\"a1B2\",\"permissions\":[\"read\"],\"environments\":[\"production\"],\"allowedCidrs\":[\"10.0.0.0/8\"],\"createdAt\":\"2026-12-03T10:00:00Z\",\"expiresAt\":null,\"rotatedFrom\":{\"id\":\"key_3kT9\",\"name\":\"ci\",\"prefix\":\"menv_sk_7Gq2\",\"suffix\":\"a1B2\",\"permissions\":[\"read\"],\"environments\":[\"production\"],\"allowedCidrs\":[\"10.0.0.0/8\"],\"status\":\"rotating\",\"createdBy\":\"5f0c8a52-3d1e-4c8b-9a7e-2b6d4f1e9c30\",\"createdAt\":\"2026-12-03T10:00:00Z\",\"expiresAt\":null,\"revokedAt\":null,\"lastUsedAt\":null,\"lastClientIp\":null,\"rotatedTo\":null,\"rotatedOutAt\":null}}")))
    @POST
    @Path("/{keyId}/rotate")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> rotate(@PathParam("projectId") String projectId, @PathParam("keyId") String keyId,
                                @Valid @NotNull(message = "a JSON body is required") RotateApiKeyRequest body,
                                @Context SecurityContext security, @Context HttpHeaders headers) {
        return apiKeys.rotate(RequestContexts.caller(security), projectId, keyId, Duration.ofSeconds(body.gracePeriodSeconds()),
                        RequestContexts.of(headers))
                .map(rotation -> Response.created(URI.create("/v1/projects/" + rotation.created().entity().projectId
                                + "/api-keys/" + rotation.created().entity().id))
                        .cacheControl(noStore())
                        .entity(CreatedApiKeyResponse.of(rotation.created().entity(), rotation.created().key(),
                                ApiKeyResponse.of(rotation.old())))
                        .build());
    }

    static CacheControl noStore() {
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        return noStore;
    }
}
