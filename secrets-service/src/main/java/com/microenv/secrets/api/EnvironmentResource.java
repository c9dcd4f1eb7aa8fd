package com.microenv.secrets.api;

import com.microenv.secrets.service.AccessPolicy;
import com.microenv.secrets.service.Caller;
import com.microenv.secrets.service.Permission;
import com.microenv.secrets.service.VariableService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.List;
import java.util.UUID;

/** A project's environments. */
@Path("/v1/projects/{projectId}/environments")
@Authenticated
public class EnvironmentResource {

    private final VariableService variables;
    private final AccessPolicy access;
    private final JsonWebToken jwt;

    public EnvironmentResource(VariableService variables, AccessPolicy access, JsonWebToken jwt) {
        this.variables = variables;
        this.access = access;
        this.jwt = jwt;
    }

    /** {@code [{"name","createdAt"}]}: the environments the token grants, by name. Needs {@code read}. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<List<EnvironmentResponse>> list(@PathParam("projectId") String projectId,
                                               @Context HttpHeaders headers, @Context HttpServerRequest request) {
        Caller caller = Callers.from(jwt, headers, request);
        UUID project = ProjectIds.parse(projectId);
        access.authorize(caller, project, null, Permission.READ, "environment.list", "/projects/" + project + "/environments");
        return variables.listEnvironments(caller, project)
                .map(environments -> environments.stream()
                        .map(environment -> new EnvironmentResponse(environment.name, environment.createdAt))
                        .toList());
    }
}
