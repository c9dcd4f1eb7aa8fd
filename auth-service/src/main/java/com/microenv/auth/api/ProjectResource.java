package com.microenv.auth.api;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import com.microenv.auth.api.ProjectDtos.CreateProjectRequest;
import com.microenv.auth.api.ProjectDtos.ProjectResponse;
import com.microenv.auth.service.ProjectService;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import java.net.URI;
import java.util.List;

/** Projects, for callers holding an internal JWT (through the gateway). */
@Tag(name = "projects")
@Path("/v1/projects")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class ProjectResource {

    private final ProjectService projects;

    public ProjectResource(ProjectService projects) {
        this.projects = projects;
    }

    @Operation(summary = "Create a project (the caller becomes its owner)")
    @RequestBody(content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example", value = "{\"name\":\"Demo\"}")))
    @APIResponse(responseCode = "201", description = "Created", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example", value = "{\"id\":\"0b9e4c1e-6f4c-4c53-a0a4-2a3c0c7d9b11\",\"name\":\"Demo\",\"ownerId\":\"5f0c8a52-3d1e-4c8b-9a7e-2b6d4f1e9c30\",\"createdAt\":\"2026-12-03T10:00:00Z\"}")))
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(@Valid @NotNull(message = "a JSON body is required") CreateProjectRequest body,
                                @Context SecurityContext security, @Context HttpHeaders headers) {
        return projects.create(RequestContexts.caller(security), body.name(), RequestContexts.of(headers))
                .map(project -> Response.created(URI.create("/v1/projects/" + project.id))
                        .entity(ProjectResponse.of(project)).build());
    }

    @Operation(summary = "Get a project")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example", value = "{\"id\":\"0b9e4c1e-6f4c-4c53-a0a4-2a3c0c7d9b11\",\"name\":\"Demo\",\"ownerId\":\"5f0c8a52-3d1e-4c8b-9a7e-2b6d4f1e9c30\",\"createdAt\":\"2026-12-03T10:00:00Z\"}")))
    @GET
    @Path("/{projectId}")
    public Uni<ProjectResponse> get(@PathParam("projectId") String projectId, @Context SecurityContext security) {
        return projects.get(RequestContexts.caller(security), projectId).map(ProjectResponse::of);
    }

    /** The caller's projects, with their role. */
    @Operation(summary = "List the caller's projects with their role")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example", value = "[{\"id\":\"0b9e4c1e-6f4c-4c53-a0a4-2a3c0c7d9b11\",\"name\":\"Demo\",\"ownerId\":\"5f0c8a52-3d1e-4c8b-9a7e-2b6d4f1e9c30\",\"createdAt\":\"2026-12-03T10:00:00Z\",\"role\":\"owner\"}]")))
    @GET
    public Uni<List<ProjectDtos.MyProjectResponse>> listMine(@Context SecurityContext security) {
        return projects.listMine(RequestContexts.caller(security))
                .map(list -> list.stream().map(ProjectDtos.MyProjectResponse::of).toList());
    }

    /** Deletes the project (owner only); every credential of the project fails at once. */
    @Operation(summary = "Delete a project and destroy its data key (owner only)")
    @APIResponse(responseCode = "204", description = "No content")
    @DELETE
    @Path("/{projectId}")
    public Uni<Response> delete(@PathParam("projectId") String projectId, @Context SecurityContext security,
                                @Context HttpHeaders headers) {
        return projects.delete(RequestContexts.caller(security), projectId, RequestContexts.of(headers))
                .replaceWith(Response.noContent().build());
    }
}
