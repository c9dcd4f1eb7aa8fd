package com.microenv.auth.api;

import com.microenv.auth.api.ProjectDtos.CreateProjectRequest;
import com.microenv.auth.api.ProjectDtos.ProjectResponse;
import com.microenv.auth.service.ProjectService;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import java.net.URI;

/** Projects, for callers holding an internal JWT (through the gateway). */
@Path("/v1/projects")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class ProjectResource {

    private final ProjectService projects;

    public ProjectResource(ProjectService projects) {
        this.projects = projects;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(@Valid @NotNull(message = "a JSON body is required") CreateProjectRequest body,
                                @Context SecurityContext security, @Context HttpHeaders headers) {
        return projects.create(RequestContexts.caller(security), body.name(), RequestContexts.of(headers))
                .map(project -> Response.created(URI.create("/v1/projects/" + project.id))
                        .entity(ProjectResponse.of(project)).build());
    }

    @GET
    @Path("/{projectId}")
    public Uni<ProjectResponse> get(@PathParam("projectId") String projectId, @Context SecurityContext security) {
        return projects.get(RequestContexts.caller(security), projectId).map(ProjectResponse::of);
    }
}
