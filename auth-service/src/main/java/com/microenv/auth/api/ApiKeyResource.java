package com.microenv.auth.api;

import com.microenv.auth.api.ApiKeyDtos.ApiKeyResponse;
import com.microenv.auth.api.ApiKeyDtos.CreateApiKeyRequest;
import com.microenv.auth.api.ApiKeyDtos.CreatedApiKeyResponse;
import com.microenv.auth.service.ApiKeyService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
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
import java.util.List;

/** A project's API keys; needs the {@code admin} permission on the project. */
@Path("/v1/projects/{projectId}/api-keys")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class ApiKeyResource {

    private final ApiKeyService apiKeys;

    public ApiKeyResource(ApiKeyService apiKeys) {
        this.apiKeys = apiKeys;
    }

    /** Creates a key and returns it, the one time it is ever shown. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(@PathParam("projectId") String projectId,
                                @Valid @NotNull(message = "a JSON body is required") CreateApiKeyRequest body,
                                @Context SecurityContext security, @Context HttpHeaders headers) {
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        return apiKeys.create(RequestContexts.caller(security), projectId, body.toNewApiKey(), RequestContexts.of(headers))
                .map(created -> Response.created(URI.create("/v1/projects/" + created.entity().projectId + "/api-keys/" + created.entity().id))
                        .cacheControl(noStore)
                        .entity(CreatedApiKeyResponse.of(created.entity(), created.key()))
                        .build());
    }

    @GET
    public Uni<List<ApiKeyResponse>> list(@PathParam("projectId") String projectId, @Context SecurityContext security) {
        return apiKeys.list(RequestContexts.caller(security), projectId)
                .map(keys -> keys.stream().map(ApiKeyResponse::of).toList());
    }
}
